"""Celery tasks of notifications."""

from celery import shared_task

from tracker.notifications.services.emails import EMAIL_TASK_TIME_LIMIT, emails_send_digests, emails_send_immediate


# Its time limit is shorter than each email's lease, so a send still running is never claimed by another worker.
@shared_task(
    name="tracker.deliver_notification_emails",
    ignore_result=True,
    time_limit=EMAIL_TASK_TIME_LIMIT,
    soft_time_limit=EMAIL_TASK_TIME_LIMIT - 10,
)
def deliver_notification_emails() -> None:
    """Every minute: immediate emails, and today's digest for anyone with something waiting, each on its own."""
    emails_send_immediate()
    emails_send_digests()
