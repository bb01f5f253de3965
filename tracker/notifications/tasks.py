"""Celery tasks of notifications."""

from celery import shared_task

from tracker.notifications.emails import emails_send_digests, emails_send_immediate


@shared_task(name="tracker.deliver_notification_emails", ignore_result=True)
def deliver_notification_emails() -> None:
    """Every minute: immediate emails, and today's digest for anyone with something pending and none sent yet."""
    emails_send_immediate()
    emails_send_digests()
