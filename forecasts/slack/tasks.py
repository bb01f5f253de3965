"""The Slack app's worker task: handle one stored request from Slack (by id; safe to run twice or concurrently)."""

from celery import shared_task

from forecasts.slack.incoming import slack_request_handle


@shared_task(name="forecasts.slack_handle_request", ignore_result=True, time_limit=60, soft_time_limit=50)
def handle_request(request_id: int) -> None:
    slack_request_handle(request_id=request_id)
