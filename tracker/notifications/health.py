"""The notifications' part of /health/: emails due and not sent, and emails failing.

Unhealthy when an immediate email has been due longer than SIGNPOST_UNDELIVERED_MAX_AGE (no worker takes the
queue), or has kept failing for that long (the mail server refuses or is unreachable: our problem). An address the
server refuses for good is reported (`failed_last_day`), not unhealthy: it is that recipient's problem.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from tracker.notifications.models import EmailDigest, Notification
from tracker.ops.health import backlog


def undelivered_emails(now: datetime) -> dict:
    pending = Notification.objects.filter(email_state=Notification.EmailState.PENDING)
    immediate_due = pending.filter(email_immediately=True).filter(
        Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)
    )
    oldest = immediate_due.order_by("created_at").values_list("created_at", flat=True).first()
    report = backlog(oldest, now)
    max_age = timedelta(seconds=settings.SIGNPOST_UNDELIVERED_MAX_AGE)
    retrying = pending.filter(email_attempts__gt=0)
    failing_too_long = retrying.filter(created_at__lt=now - max_age).count()
    report.update(
        retrying=retrying.count(),
        failing_longer_than_max_age=failing_too_long,
        digests_retrying=EmailDigest.objects.filter(state=EmailDigest.State.SENDING, attempts__gt=1).count(),
        failed_last_day=Notification.objects.filter(
            email_state=Notification.EmailState.FAILED, created_at__gte=now - timedelta(days=1)
        ).count(),
    )
    report["ok"] = report["ok"] and failing_too_long == 0
    return report
