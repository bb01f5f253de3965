"""Outgoing webhook events, written as delivery rows in the transaction that caused them (the outbox).

`webhook_event_emit` inserts one `WebhookDelivery` per subscribed webhook inside the caller's transaction, so an
event exists exactly when what it describes was committed, whether or not the broker is up. After commit a task is
queued per delivery (by name); a sweep every minute queues whatever is due and was not."""

import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from tracker.accounts.models import Team
from tracker.ops.jobs import enqueue
from tracker.webhooks.models import Webhook, WebhookDelivery

# Every team event, whether or not a webhook wants it, for other listeners of the same events (the Slack app's team
# channel): sent inside the caller's transaction with team_id, event, key and the lazy `data`.
team_event = Signal()


def event_body(*, event_id: uuid.UUID, event: str, team: Team | None, data: dict, occurred_at: datetime) -> str:
    envelope = {
        "id": str(event_id),
        "type": event,
        "occurred_at": occurred_at,
        "team": {"id": team.pk, "slug": team.slug} if team else None,
        "data": data,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)


def webhook_event_emit(
    *, team_id: int | None, event: str, key: str, data: Callable[[], dict], occurred_at: datetime | None = None
) -> list[int]:
    """Record `event` for every active webhook of the team that wants it; deliveries go out after commit.

    `data` is called only when some webhook wants the event, so teams without webhooks pay one query at most.
    `occurred_at` (default now) is when it happened, shown in the body; retries are timed from now.

    `key` names the occurrence (e.g. `question.resolved:question:12:transition:40`): emitting the same key again
    creates nothing, so callers may run twice. Returns the ids of the deliveries this call created.
    """
    if team_id is None:
        return []
    team_event.send(sender=None, team_id=team_id, event=event, key=key, data=data)
    webhooks = [webhook for webhook in Webhook.objects.filter(team_id=team_id, is_active=True) if webhook.wants(event)]
    if not webhooks:
        return []
    now = timezone.now()
    event_id = uuid.uuid4()
    team = Team.objects.only("pk", "slug").get(pk=team_id)
    body = event_body(event_id=event_id, event=event, team=team, data=data(), occurred_at=occurred_at or now)
    created = []
    with transaction.atomic():
        for webhook in webhooks:
            delivery, was_created = WebhookDelivery.objects.get_or_create(
                webhook=webhook,
                event_key=key[:200],
                defaults={
                    "event": event,
                    "event_id": event_id,
                    "delivery_id": uuid.uuid4(),
                    "body": body,
                    "next_attempt_at": now,
                    "give_up_at": now + timedelta(hours=settings.SIGNPOST_WEBHOOK_RETRY_HOURS),
                    "created_at": now,
                },
            )
            if was_created:
                created.append(delivery.pk)
    if created:
        transaction.on_commit(lambda: deliveries_queue(created))
    return created


def teams_with_webhooks(team_ids) -> set[int]:
    """Which of these teams have an active webhook (one query), so batch jobs emit only where someone listens."""
    team_ids = {team_id for team_id in team_ids if team_id is not None}
    if not team_ids:
        return set()
    return set(Webhook.objects.filter(team_id__in=team_ids, is_active=True).values_list("team_id", flat=True))


def deliveries_queue(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        enqueue("tracker.deliver_webhook", delivery_id)
