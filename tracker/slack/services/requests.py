"""Requests from Slack, stored once (Slack retries an event it thinks we missed) and handed to a worker after
commit, so Slack gets its answer in milliseconds, well inside its 3 seconds."""

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.ops.jobs import enqueue_after_commit
from tracker.slack.models import SlackRequest

HANDLER_TASK = "forecasts.slack_handle_request"


def slack_request_record(*, kind: str, key: str, workspace_id: str, payload: dict[str, Any]) -> SlackRequest | None:
    """Store the request and queue its handling; None when a request with this key was stored before."""
    try:
        with transaction.atomic():
            request = SlackRequest.objects.create(kind=kind, key=key[:100], workspace_id=workspace_id, payload=payload)
    except IntegrityError:
        return None
    enqueue_after_commit(HANDLER_TASK, request.pk)
    return request


def slack_requests_waiting(*, older_than: timedelta = timedelta(seconds=30), limit: int = 200) -> list[int]:
    """Requests no worker took (the broker was down when they came): the sweep queues them again."""
    return list(
        SlackRequest.objects.filter(
            state=SlackRequest.State.PENDING, received_at__lte=timezone.now() - older_than
        ).values_list("pk", flat=True)[:limit]
    )
