"""The webhooks' part of /health/: deliveries due and not attempted mean no worker takes them. A delivery backing
off after a failed attempt is not due, so a failing receiver alone does not make the system unhealthy."""

from datetime import datetime

from tracker.ops.health import backlog
from tracker.webhooks.models import WebhookDelivery


def undelivered_webhooks(now: datetime) -> dict:
    oldest = (
        WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now, webhook__is_active=True
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return backlog(oldest, now)
