"""`python manage.py score_file INPUT.json [--output OUTPUT.json]`: score an interchange file, no database needed."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from forecasts.aggregation import METHODS
from forecasts.interchange import InterchangeError, ProgressBar, score_document

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

    def handle(self, *args, input, output=None, methods="", no_progress=False, **options):
        chosen = tuple(method.strip() for method in methods.split(",") if method.strip())
        unknown = [method for method in chosen if method not in METHODS]
        if unknown or not chosen:
            raise CommandError(f"Unknown method(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(METHODS)}.")
        try:
            if input == "-":
                document = json.load(sys.stdin)
            else:
                with open(input, encoding="utf-8") as handle:
                    document = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {input}: {error.strerror}.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{input} is not valid JSON: {error}.") from None
        forecast_count = len(document.get("forecasts", [])) if isinstance(document, dict) else 0
        progress = None if no_progress or forecast_count < PROGRESS_FROM else ProgressBar("Scoring", self.stderr._out)
        try:
            result = score_document(document, methods=chosen, progress=progress)
        except InterchangeError as error:
            raise CommandError(str(error)) from None
        text = json.dumps(result)
        if output is None:
            sys.stdout.write(text + "\n")
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
