"""Celery tasks of the Slack app's outbox: each takes ids or nothing, and may run twice or concurrently."""

from celery import shared_task

from tracker.ops.jobs import enqueue
from tracker.slack.services.directs import slack_direct_messages_queue
from tracker.slack.services.outbox import slack_message_send, slack_messages_due
from tracker.slack.services.requests import HANDLER_TASK, slack_requests_waiting


@shared_task(name="tracker.slack_send_message", ignore_result=True, time_limit=60, soft_time_limit=50)
def send_message(message_id: int) -> None:
    slack_message_send(message_id=message_id)


@shared_task(name="tracker.slack_queue_direct_messages", ignore_result=True, time_limit=120, soft_time_limit=110)
def queue_direct_messages() -> None:
    slack_direct_messages_queue()


@shared_task(name="tracker.slack_sweep", ignore_result=True, time_limit=120, soft_time_limit=110)
def sweep() -> None:
    """Every minute: notifications waiting for Slack become messages; messages due (new, or retrying) and requests
    from Slack that no worker took are queued."""
    slack_direct_messages_queue()
    for request_id in slack_requests_waiting():
        enqueue(HANDLER_TASK, request_id)
    for message_id in slack_messages_due():
        enqueue("tracker.slack_send_message", message_id)
