"""Run the claim extractor on a text file: one JSON object per suggestion per line."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.curation.extraction import extract_claims


class Command(BaseCommand):
    help = (
        "Print the forecastable claims of a UTF-8 text file as JSON lines: quote, start, end (character offsets, "
        "quote == text[start:end]), title, deadline, confidence, flags. With --implicit, also the low-confidence "
        "statements that only imply a claim, each line then carrying a kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--published", help="The article's date (YYYY-MM-DD), for relative deadlines; default today."
        )

        parser.add_argument(
            "--implicit",
            action="store_true",
            help="Also print implied claims (trends, inferences, reports, advice); adds kind: forecast|implicit.",
        )

    def handle(self, *args, path, published, implicit, **options):
        try:
            with Path(path).open(encoding="utf-8", newline="") as file:  # \r\n stays two characters
                text = file.read()
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text (byte {error.start}).") from None
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            published_on = date.fromisoformat(published) if published else None
        except ValueError:
            raise CommandError(f"--published must be a date like 2024-10-28, not {published!r}.") from None
        for suggestion in extract_claims(text, published=published_on, include_implicit=implicit):
            line = suggestion.as_json() | ({"kind": suggestion.kind} if implicit else {})
            self.stdout.write(json.dumps(line, ensure_ascii=False))
