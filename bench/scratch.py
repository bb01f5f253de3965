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


def fresh_database() -> None:
    """Migrate the scratch database and empty it (after django.setup())."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def redis_server_binary(script: str) -> str:
    """The redis-server a benchmark starts, or exit with a one-line reason."""
    import shutil
    import sys

    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit(f"{script} needs redis-server (apt-get install redis-server).")
    return binary
