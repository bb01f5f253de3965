"""Celery tasks of the core domain. Thin: they take ids, call a service, and are safe to run twice."""

import logging

from celery import shared_task
from django.db import connection
from django.utils import timezone

from tracker import notifications, services, webhooks
from tracker.health import heartbeat_record

logger = logging.getLogger(__name__)


@shared_task(name="tracker.sweep_question_lifecycle", ignore_result=True)
def sweep_question_lifecycle() -> None:
    """Every minute: open scheduled questions whose time has come and close open ones past their close."""
    now = timezone.now()
    for question_id in services.questions_due_to_open(now=now) + services.questions_due_to_close(now=now):
        apply_question_schedule.delay(question_id)  # inside a worker: a broker failure should fail the sweep


@shared_task(
    name="tracker.apply_question_schedule",
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
)
def apply_question_schedule(question_id: int) -> str | None:
    result = services.question_apply_schedule(question_id=question_id)
    if result:
        logger.info("Question %s %s by schedule", question_id, result)
    return result


@shared_task(name="tracker.describe_backends")
def describe_backends() -> dict:
    """Which database and broker the worker really uses; lets tests and operators check the wiring."""
    from tracker.celery import app

    return {
        "database": connection.vendor,
        "database_name": str(connection.settings_dict["NAME"]),
        "broker": app.conf.broker_url.split("://", 1)[0],
    }


@shared_task(name="tracker.record_heartbeat", ignore_result=True)
def record_heartbeat() -> None:
    """Every minute: proves beat, broker, worker and database work together (read by /health/)."""
    heartbeat_record()


@shared_task(name="tracker.deliver_notification_emails", ignore_result=True)
def deliver_notification_emails() -> None:
    """Every minute: immediate emails, and today's digest for anyone with something pending and none sent yet."""
    notifications.emails_send_immediate()
    notifications.emails_send_digests()


@shared_task(name="tracker.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    """One attempt at a webhook delivery. Retries are rows with a time (`next_attempt_at`), not Celery retries,
    so they survive restarts and broker outages; the sweep below queues them when due."""
    state = webhooks.webhook_deliver(delivery_id=delivery_id)
    if state:
        logger.info("Webhook delivery %s: %s", delivery_id, state)


@shared_task(name="tracker.sweep_webhook_deliveries", ignore_result=True)
def sweep_webhook_deliveries() -> None:
    """Every minute: queue every webhook delivery that is due (first tries a broker outage lost, and retries)."""
    for delivery_id in webhooks.webhook_deliveries_due():
        deliver_webhook.delay(delivery_id)
