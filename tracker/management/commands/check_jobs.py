"""`python manage.py check_jobs`: the /health/ report on the command line; exits 1 when unhealthy."""

import json

from django.core.management.base import BaseCommand, CommandError

from tracker.ops.health import health_report


class Command(BaseCommand):
    help = "Report database, broker, heartbeat and notification-delivery health as JSON (exit 1 when unhealthy)."

    def handle(self, *args, **options):
        report = health_report()
        self.stdout.write(json.dumps(report, indent=2))
        if report["status"] != "ok":
            failing = ", ".join(name for name, check in report["checks"].items() if not check["ok"])
            raise CommandError(f"Unhealthy: {failing}.")
