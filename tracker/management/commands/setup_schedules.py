"""`python manage.py setup_schedules`: upsert the periodic tasks declared in code into django-celery-beat.

Runs on deploy and in `make run`. Entries are matched by name; an entry this command created earlier and the code
no longer declares is disabled, never silently left running.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask

MANAGED = "Managed by setup_schedules: declared in CELERY_BEAT_SCHEDULE."


class Command(BaseCommand):
    help = "Create or update the periodic tasks declared in CELERY_BEAT_SCHEDULE (idempotent)."

    def handle(self, *args, **options):
        declared = settings.CELERY_BEAT_SCHEDULE
        created = updated = 0
        with transaction.atomic():
            for name, entry in declared.items():
                schedule = entry["schedule"]
                if not hasattr(schedule, "_orig_minute"):
                    raise CommandError(f"{name}: only crontab schedules are supported; got {schedule!r}.")
                crontab, _ = CrontabSchedule.objects.get_or_create(
                    minute=schedule._orig_minute,
                    hour=schedule._orig_hour,
                    day_of_week=schedule._orig_day_of_week,
                    day_of_month=schedule._orig_day_of_month,
                    month_of_year=schedule._orig_month_of_year,
                    timezone=settings.CELERY_TIMEZONE,
                )
                _, was_created = PeriodicTask.objects.update_or_create(
                    name=name,
                    defaults={
                        "task": entry["task"],
                        "crontab": crontab,
                        "interval": None,
                        "enabled": True,
                        "description": MANAGED,
                    },
                )
                created += was_created
                updated += not was_created
            stale = PeriodicTask.objects.filter(description=MANAGED, enabled=True).exclude(name__in=declared)
            disabled = stale.update(enabled=False)
        self.stdout.write(f"Schedules: {created} created, {updated} up to date or updated, {disabled} disabled.")
