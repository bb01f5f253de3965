"""Celery tasks of teams."""

from celery import shared_task

from tracker.notifications.services.emails import EMAIL_TASK_TIME_LIMIT
from tracker.teams.services.emails import invitations_send


@shared_task(
    name="tracker.send_invitation_emails",
    ignore_result=True,
    time_limit=EMAIL_TASK_TIME_LIMIT,
    soft_time_limit=EMAIL_TASK_TIME_LIMIT - 10,
)
def send_invitation_emails() -> None:
    """Queued after an invitation commits, and every minute (a missed or failed send is tried again)."""
    invitations_send()
