"""`python manage.py export_forecasts [--output FILE]`: questions and forecast history in the interchange format."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from forecasts.selectors.export import interchange_export
from tracker.models import Question


class Command(BaseCommand):
    help = "Write questions and their forecast history as interchange JSON (the input of score_file)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument("--scenario", help="Only the questions of this scenario (slug).")
        parser.add_argument("--public-only", action="store_true", help="Leave out team-only questions.")

    def handle(self, *args, output=None, scenario=None, public_only=False, **options):
        questions = Question.objects.exclude(status=Question.Status.DRAFT)
        if scenario:
            questions = questions.filter(scenario__slug=scenario)
            if not questions.exists():
                raise CommandError(f"No questions in a scenario with the slug {scenario!r}.")
        if public_only:
            questions = questions.filter(visibility=Question.Visibility.PUBLIC)
        document = interchange_export(questions=questions)
        text = json.dumps(document, indent=1)
        if output is None:
            sys.stdout.write(text + "\n")
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(
            f"Wrote {len(document['questions'])} questions and {len(document['forecasts'])} forecasts to {output}."
        )
