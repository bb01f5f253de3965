"""The webhooks' part of /health/: deliveries due and not attempted mean no worker takes them (unhealthy). A
delivery backing off after a failed attempt is not due, and a receiver that fails or refuses is the team's
problem, so those are reported (`retrying`, `failed_last_day`) without making the system unhealthy."""

from datetime import datetime, timedelta

from tracker.ops.health import backlog
from tracker.webhooks.models import WebhookDelivery


def undelivered_webhooks(now: datetime) -> dict:
    pending = WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, webhook__is_active=True)
    oldest = (
        pending.filter(next_attempt_at__lte=now).order_by("next_attempt_at").values_list("next_attempt_at", flat=True)
    ).first()
    report = backlog(oldest, now)
    report.update(
        retrying=pending.filter(attempts__gt=0).count(),
        failed_last_day=WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.FAILED, created_at__gte=now - timedelta(days=1)
        ).count(),
    )
    return report
