"""The database a benchmark may wipe: DATABASE_URL when given (a scratch database), else a fresh SQLite file."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_scratch_database(name: str) -> None:
    """Call before django.setup(): without DATABASE_URL, start from an empty var/NAME.sqlite3."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.config.settings")
    if "DATABASE_URL" in os.environ:
        return
    scratch = ROOT / "var" / f"{name}.sqlite3"
    scratch.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
