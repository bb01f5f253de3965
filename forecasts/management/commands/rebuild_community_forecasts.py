"""`python manage.py rebuild_community_forecasts [SLUG ...]`: recompute community-forecast series (repair)."""

from django.core.management.base import BaseCommand, CommandError

from forecasts.services.community import community_forecast_rebuild
from tracker.models import Question


class Command(BaseCommand):
    help = "Recompute the community-forecast series of the given questions (by slug), or of every question."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Question slugs; all questions when none is given.")

    def handle(self, *args, slugs=(), **options):
        questions = Question.objects.all() if not slugs else Question.objects.filter(slug__in=slugs)
        found = dict(questions.values_list("slug", "pk"))
        missing = sorted(set(slugs) - set(found))
        if missing:
            raise CommandError(f"No question with the slug {', '.join(repr(slug) for slug in missing)}.")
        steps = sum(community_forecast_rebuild(question_id=question_id) for question_id in found.values())
        self.stdout.write(
            f"Rebuilt the community forecasts of {len(found)} questions ({steps} steps over all methods)."
        )
