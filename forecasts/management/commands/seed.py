"""`python manage.py seed`: load the seed story, idempotently. Lives in `forecasts` because it records the demo
forecasts too (forecasts may import tracker, never the reverse)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forecasts.seeding import demo_forecasts_recorder, seed_discussion
from forecasts.services.catch_up import engine_catch_up
from tracker.seeding import SeedError, ensure_demo_admin, read_story, seed_story, set_demo_passwords

DEMO_PASSWORD = "signpost-demo"
DEMO_ADMIN = ("admin", "signpost-admin")


class Command(BaseCommand):
    help = "Load the seed story (articles, scenarios, questions, evidence, demo forecasts). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-logins",
            action="store_true",
            help=f"Local demo only: give demo accounts the password {DEMO_PASSWORD!r} and create the superuser "
            f"{DEMO_ADMIN[0]!r} / {DEMO_ADMIN[1]!r}. Refused in production.",
        )

    def handle(self, *args, demo_logins: bool = False, **options):
        if demo_logins and settings.IS_PRODUCTION:
            # Before anything is written: a refused command leaves the database as it was.
            raise CommandError("Demo logins are never set in production; run `seed` without --demo-logins.")
        try:
            story = read_story()
            report = seed_story(story, during_open=demo_forecasts_recorder(story))
            comments = seed_discussion()
            # Community forecasts and scores right away, whether or not a worker is running.
            engine = engine_catch_up()
            if demo_logins:
                set_demo_passwords(password=DEMO_PASSWORD)
                ensure_demo_admin(username=DEMO_ADMIN[0], password=DEMO_ADMIN[1])
        except SeedError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] < 1:
            return
        if comments:
            self.stdout.write(f"Seed discussion: {comments} comments added.")
        if report.changed_anything:
            created = ", ".join(f"{count} {what}" for what, count in sorted(report.created.items())) or "nothing"
            updated = ", ".join(f"{count} {what}" for what, count in sorted(report.updated.items())) or "nothing"
            self.stdout.write(f"Seed story loaded. Created: {created}. Updated: {updated}.")
        else:
            self.stdout.write("Seed story already up to date; nothing changed.")
        if any(engine.values()):
            self.stdout.write(
                f"Community forecasts updated on {engine['community_forecasts_updated']} questions; "
                f"{engine['questions_scored']} resolved questions scored."
            )
        for skipped in report.skipped:
            self.stdout.write(self.style.WARNING(f"Left alone: {skipped}"))
        if demo_logins:
            self.stdout.write(
                f"Demo logins: admin {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]}; demo-curator, demo-alex, ... / {DEMO_PASSWORD}"
            )
