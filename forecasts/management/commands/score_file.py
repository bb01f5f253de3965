"""`python manage.py score_file INPUT.json [--output OUTPUT.json]`: score an interchange file, no database needed."""

import gc
import os
import shutil
import sys
import tempfile
from pathlib import Path

import orjson
from django.core.management.base import BaseCommand, CommandError

from forecasts.engine.aggregation import METHODS
from forecasts.engine.interchange import InterchangeError, read_document
from forecasts.offline.batch_scoring import score_file_scratch, write_scores_json
from forecasts.offline.progress import ProgressBar

# Below this many forecasts the file scores in a blink and a progress bar would only be noise.
PROGRESS_FROM = 10_000


class Command(BaseCommand):
    help = "Score forecasts in the interchange format (see forecasts/interchange.py) without touching the database."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("input", help="Interchange JSON file ('-' for standard input).")
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--methods",
            default=",".join(METHODS),
            help=f"Community-forecast methods to output, comma-separated (default: all of {', '.join(METHODS)}).",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show the progress bar.")
        parser.add_argument(
            "--jobs",
            type=int,
            default=len(os.sched_getaffinity(0)),
            help="Processes to score with (default: the cores available). The output does not depend on it.",
        )

    def handle(self, *args, input, output=None, methods="", no_progress=False, jobs=1, **options):
        if jobs < 1:
            raise CommandError(f"--jobs must be at least 1; got {jobs}.")
        chosen = tuple(method.strip() for method in methods.split(",") if method.strip())
        unknown = [method for method in chosen if method not in METHODS]
        if unknown or not chosen:
            raise CommandError(f"Unknown method(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(METHODS)}.")
        try:
            if input == "-":
                content = sys.stdin.buffer.read()
            else:
                with open(input, "rb") as handle:
                    content = handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {input}: {error.strerror}.") from None
        try:
            document = orjson.loads(content)
        except orjson.JSONDecodeError as error:
            raise CommandError(f"{input} is not valid JSON: {error}.") from None
        del content
        forecast_count = len(document.get("forecasts", [])) if isinstance(document, dict) else 0
        try:
            table = read_document(document)
        except InterchangeError as error:
            raise CommandError(str(error)) from None
        # The table holds what scoring needs; the document's dictionaries (most of the memory) go now.
        del document
        gc.collect()
        progress = None if no_progress or forecast_count < PROGRESS_FROM else ProgressBar("Scoring", self.stderr._out)
        # Write beside the target (or to a spool for standard output) and keep it only on success, so a failed run
        # never leaves half an output behind.
        target = Path(output) if output else None
        try:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below; renamed or removed in finally)
                "w",
                encoding="utf-8",
                dir=target.parent if target else None,
                prefix=f".{target.name}." if target else "signpost-scores-",
                delete=False,
            )
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        try:
            with handle:
                write_scores_json(
                    table, handle, methods=chosen, progress=progress, jobs=jobs, scratch=score_file_scratch(output)
                )
                handle.write("\n")
            if target:
                # NamedTemporaryFile creates the file readable by its owner alone; the result is an ordinary file.
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(handle.name, 0o666 & ~umask)
                os.replace(handle.name, target)
            else:
                with open(handle.name, encoding="utf-8") as spool:
                    shutil.copyfileobj(spool, sys.stdout)
        finally:
            Path(handle.name).unlink(missing_ok=True)
