"""The notifications' part of /health/: immediate emails waiting longer than allowed mean no worker sends them."""

from datetime import datetime

from tracker.notifications.models import Notification
from tracker.ops.health import backlog


def undelivered_emails(now: datetime) -> dict:
    oldest = (
        Notification.objects.filter(email_state=Notification.EmailState.PENDING, email_immediately=True)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return backlog(oldest, now)
