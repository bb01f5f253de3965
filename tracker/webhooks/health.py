"""The webhooks' part of /health/: deliveries due and not attempted mean no worker takes them (unhealthy). A
delivery backing off after a failed attempt is not due, and a receiver that fails, refuses or is parked is the team's
problem, so those are reported (`retrying`, `failed_last_day`, `parked_receivers`) without making the system
unhealthy."""

from datetime import datetime, timedelta

from tracker.ops.health import backlog
from tracker.webhooks.models import Webhook, WebhookDelivery


def undelivered_webhooks(now: datetime) -> dict:
    pending = WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, webhook__is_active=True)
    # Deliveries waiting for a parked receiver wait by design (the receiver failed or was slow): reported as
    # `parked_receivers`, not as a stuck queue.
    due = pending.filter(next_attempt_at__lte=now).exclude(webhook__parked_until__gt=now)
    oldest = due.order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()
    report = backlog(oldest, now)
    report.update(
        parked_receivers=Webhook.objects.filter(is_active=True, parked_until__gt=now).count(),
        retrying=pending.filter(attempts__gt=0).count(),
        failed_last_day=WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.FAILED, created_at__gte=now - timedelta(days=1)
        ).count(),
    )
    return report
