"""`python manage.py poll_sources --once`: poll every due news source now, here, one after the other, and say what
each poll found. (Workers poll on beat's schedule; this is for a first look, a cron job or a demo.)"""

from django.core.management.base import BaseCommand, CommandError

from tracker.monitor.services import news_source_poll, news_sources_due


class Command(BaseCommand):
    help = "Poll every due news source now and report what each poll found (--once is required: one round)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Poll what is due now, then exit.")

    def handle(self, *args: object, once: bool = False, **options: object) -> None:
        if not once:
            raise CommandError("Say --once: workers poll on a schedule; this command polls one round.")
        failed = 0
        for source_id in news_sources_due():
            report = news_source_poll(source_id=source_id)
            if report.polled:
                self.stdout.write(f"Source {source_id}: {report.summary()}")
                failed += bool(report.error)
        if failed:
            raise CommandError(f"{failed} source(s) could not be read; each says why above.")
