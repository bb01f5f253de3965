"""Celery tasks of webhooks: one delivery attempt, and the sweep that queues due deliveries."""

import logging

from celery import shared_task

from tracker.webhooks.services.delivery import delivery_task_time_limit, webhook_deliver, webhook_deliveries_due

logger = logging.getLogger(__name__)


# The request has a total deadline (SIGNPOST_WEBHOOK_TIMEOUT); the task's limit is a backstop, shorter than the
# delivery's lease, so an attempt still running is never claimed by another worker.
@shared_task(
    name="tracker.deliver_webhook",
    ignore_result=True,
    time_limit=delivery_task_time_limit(),
    soft_time_limit=delivery_task_time_limit() - 5,
)
def deliver_webhook(delivery_id: int) -> None:
    """One attempt at a webhook delivery. Retries are rows with a time (`next_attempt_at`), not Celery retries,
    so they survive restarts and broker outages; the sweep below queues them when due."""
    state = webhook_deliver(delivery_id=delivery_id)
    if state:
        logger.info("Webhook delivery %s: %s", delivery_id, state)


@shared_task(name="tracker.sweep_webhook_deliveries", ignore_result=True)
def sweep_webhook_deliveries() -> None:
    """Every minute: queue every webhook delivery that is due (first tries a broker outage lost, and retries)."""
    for delivery_id in webhook_deliveries_due():
        deliver_webhook.delay(delivery_id)
