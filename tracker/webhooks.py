"""Outgoing webhooks: events written as delivery rows in the transaction that caused them, sent by workers.

The outbox pattern: `webhook_event_emit` inserts one `WebhookDelivery` per subscribed webhook inside the caller's
transaction, so an event exists exactly when what it describes was committed, whether or not the broker is up.
After commit a task is queued per delivery; a sweep every minute queues whatever is due and was not (a broker
outage, a lost task, a retry whose time has come).

Sending claims the row under `select_for_update(skip_locked=True)` and moves `next_attempt_at` forward by a lease
before the request, outside any transaction. Two workers never send the same attempt; a worker killed mid-request
leaves the row to be retried once the lease ends. Delivery is therefore at least once: receivers dedupe on the
`X-Signpost-Delivery` header, which stays the same across retries.
"""

import hashlib
import hmac
import json
import logging
import random
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tracker import outbound
from tracker.models import Membership, Notification, Question, Team, Webhook, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Signpost-Signature"
TIMESTAMP_HEADER = "X-Signpost-Timestamp"
SECRET_ROTATION_OVERLAP = timedelta(hours=24)
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 4 * 3600
# A claimed attempt owns its delivery for the request's timeout plus this margin; after that it is retried.
LEASE_MARGIN_SECONDS = 60
SUBSCRIBABLE_EVENTS = [event for event in Webhook.Event.values if event != Webhook.Event.WEBHOOK_TEST]


# --- configuration ----------------------------------------------------------------------------------------------


def webhook_validate(*, url: str, events) -> None:
    """Raise ValidationError (by field) for a URL that is not http(s) or events that do not exist."""
    errors = {}
    try:
        outbound.check_url(url)
    except outbound.OutboundError as error:
        errors["url"] = str(error)
    if not isinstance(events, list) or not all(isinstance(event, str) for event in events):
        errors["events"] = "Events must be a list of event names."
    else:
        unknown = sorted(set(events) - set(SUBSCRIBABLE_EVENTS))
        if unknown:
            errors["events"] = f"Unknown event(s) {', '.join(unknown)}; choose from {', '.join(SUBSCRIBABLE_EVENTS)}."
    if errors:
        raise ValidationError(errors)


def webhook_create(*, team: Team, url: str, events=None, description: str = "", created_by=None) -> Webhook:
    events = list(events or [])
    webhook_validate(url=url, events=events)
    return Webhook.objects.create(team=team, url=url, events=events, description=description, created_by=created_by)


def webhook_update(*, webhook: Webhook, actor=None, **fields) -> Webhook:
    """Change a webhook's URL, description, events or on/off state (turning it on resets its failure count)."""
    unknown = sorted(set(fields) - {"url", "description", "events", "is_active"})
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))
    webhook_validate(url=fields.get("url", webhook.url), events=fields.get("events", webhook.events))
    if fields.get("is_active") is True and not webhook.is_active:
        webhook_enable(webhook=webhook)
    elif fields.get("is_active") is False and webhook.is_active:
        who = actor.get_username() if actor is not None else "the system"
        webhook_disable(webhook=webhook, reason=f"Disabled by {who}.")
    changed = [
        name for name in ("url", "description", "events") if name in fields and getattr(webhook, name) != fields[name]
    ]
    for name in changed:
        setattr(webhook, name, fields[name])
    if changed:
        webhook.save(update_fields=changed)
    return webhook


def webhook_rotate_secret(*, webhook: Webhook, now: datetime | None = None) -> Webhook:
    """A new secret; the old one keeps signing (a second signature) for a day so receivers can switch over."""
    now = now or timezone.now()
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = now + SECRET_ROTATION_OVERLAP
    webhook.secret = Webhook._meta.get_field("secret").get_default()
    webhook.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return webhook


def webhook_enable(*, webhook: Webhook) -> Webhook:
    """Turn a disabled webhook back on with a clean failure count; its pending deliveries resume."""
    webhook.is_active = True
    webhook.disabled_at = None
    webhook.disabled_reason = ""
    webhook.consecutive_failures = 0
    webhook.failing_since = None
    webhook.save(update_fields=["is_active", "disabled_at", "disabled_reason", "consecutive_failures", "failing_since"])
    return webhook


def webhook_disable(*, webhook: Webhook, reason: str, now: datetime | None = None) -> Webhook:
    webhook.is_active = False
    webhook.disabled_at = now or timezone.now()
    webhook.disabled_reason = reason[:300]
    webhook.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    return webhook


# --- events -----------------------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def question_data(question: Question) -> dict:
    """The question as webhook payloads show it."""
    data = {
        "id": question.pk,
        "slug": question.slug,
        "title": question.title,
        "url": _absolute(f"/questions/{question.slug}/"),
        "type": question.type,
        "status": question.status,
        "visibility": question.visibility,
        "scenario_id": question.scenario_id,
        "opens_at": question.opens_at,
        "scheduled_close_at": question.scheduled_close_at,
        "resolve_by": question.resolve_by,
        "opened_at": question.opened_at,
        "closed_at": question.closed_at,
    }
    if question.status in (Question.Status.RESOLVED, Question.Status.ANNULLED):
        data.update(
            outcome=question.outcome_label if question.status == Question.Status.RESOLVED else None,
            resolved_at=question.resolved_at,
            effective_close_at=question.effective_close_at,
            resolution_notes=question.resolution_notes,
        )
    return data


def evidence_data(evidence) -> dict:
    return {
        "id": evidence.pk,
        "title": evidence.title,
        "url": evidence.url or (evidence.source.url if evidence.source_id else ""),
        "publisher": evidence.publisher,
        "published_at": evidence.published_at,
        "stance": evidence.stance,
        "option": evidence.option.label if evidence.option_id else None,
        "quote": evidence.quote,
        "summary": evidence.summary,
        "added_by": evidence.added_by.get_username() if evidence.added_by_id else None,
        "added_at": evidence.added_at,
    }


def _body(*, event_id: uuid.UUID, event: str, team: Team | None, data: dict, occurred_at: datetime) -> str:
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
    webhooks = [webhook for webhook in Webhook.objects.filter(team_id=team_id, is_active=True) if webhook.wants(event)]
    if not webhooks:
        return []
    now = timezone.now()
    event_id = uuid.uuid4()
    team = Team.objects.only("pk", "slug").get(pk=team_id)
    body = _body(event_id=event_id, event=event, team=team, data=data(), occurred_at=occurred_at or now)
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
        transaction.on_commit(lambda: _queue_deliveries(created))
    return created


def teams_with_webhooks(team_ids) -> set[int]:
    """Which of these teams have an active webhook (one query), so batch jobs emit only where someone listens."""
    team_ids = {team_id for team_id in team_ids if team_id is not None}
    if not team_ids:
        return set()
    return set(Webhook.objects.filter(team_id__in=team_ids, is_active=True).values_list("team_id", flat=True))


def _queue_deliveries(delivery_ids: list[int]) -> None:
    from tracker.jobs import enqueue
    from tracker.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        enqueue(deliver_webhook, delivery_id)


def webhook_send_test(*, webhook: Webhook, requested_by=None) -> WebhookDelivery:
    """A `webhook.test` delivery, sent even while the webhook is disabled (that is when people test it)."""
    now = timezone.now()
    event_id = uuid.uuid4()
    data = {"message": "A test event from Signpost.", "webhook_id": webhook.pk}
    if requested_by is not None:
        data["requested_by"] = requested_by.get_username()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            webhook=webhook,
            event=Webhook.Event.WEBHOOK_TEST,
            event_key=f"webhook.test:{event_id}",
            event_id=event_id,
            delivery_id=uuid.uuid4(),
            body=_body(
                event_id=event_id, event=Webhook.Event.WEBHOOK_TEST, team=webhook.team, data=data, occurred_at=now
            ),
            next_attempt_at=now,
            give_up_at=now + timedelta(hours=settings.SIGNPOST_WEBHOOK_RETRY_HOURS),
            created_at=now,
        )
        transaction.on_commit(lambda: _queue_deliveries([delivery.pk]))
    return delivery


def webhook_delivery_retry(*, delivery: WebhookDelivery, now: datetime | None = None) -> WebhookDelivery:
    """Try a pending or failed delivery again now, with a fresh retry window (an admin action)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.state == WebhookDelivery.State.SUCCEEDED:
            raise ValidationError({"state": "This delivery already succeeded."})
        delivery.state = WebhookDelivery.State.PENDING
        delivery.next_attempt_at = now
        delivery.give_up_at = now + timedelta(hours=settings.SIGNPOST_WEBHOOK_RETRY_HOURS)
        delivery.save(update_fields=["state", "next_attempt_at", "give_up_at"])
        transaction.on_commit(lambda: _queue_deliveries([delivery.pk]))
    return delivery


# --- signing ----------------------------------------------------------------------------------------------------


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of `{timestamp}.{body}` with the webhook's secret."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(*, secrets: list[str], timestamp: int, body: bytes) -> str:
    """`t=<timestamp>,v1=<hex>[,v1=<hex>]`: one v1 per valid secret (two during a rotation)."""
    parts = [f"t={timestamp}"] + [f"v1={signature(secret=s, timestamp=timestamp, body=body)}" for s in secrets]
    return ",".join(parts)


def signature_verify(*, secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does: the timestamp is recent and one v1 signature matches (compared in constant time)."""
    fields = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for name, value in fields if name == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or abs(now - int(timestamps[0])) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=int(timestamps[0]), body=body)
    return any(hmac.compare_digest(expected, value) for name, value in fields if name == "v1")


def _secrets(webhook: Webhook, now: datetime) -> list[str]:
    secrets = [webhook.secret]
    if webhook.previous_secret and webhook.previous_secret_expires_at and webhook.previous_secret_expires_at > now:
        secrets.append(webhook.previous_secret)
    return secrets


# --- delivery ---------------------------------------------------------------------------------------------------


def retry_delay(attempt: int, *, jitter: float | None = None) -> timedelta:
    """Exponential backoff after the n-th failed attempt: 1, 2, 4, … minutes, at most 4 hours, ±10% jitter."""
    base = min(FIRST_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_RETRY_SECONDS)
    jitter = random.uniform(-0.1, 0.1) if jitter is None else jitter
    return timedelta(seconds=base * (1 + jitter))


def webhook_deliveries_due(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """Pending deliveries whose time has come on active webhooks (the sweep queues them); gives up on expired ones
    first, so nothing waits forever and nothing is tried after its window."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, give_up_at__lte=now, next_attempt_at__lte=now
    ).update(state=WebhookDelivery.State.FAILED, last_error="Retry window ended without a successful attempt.")
    return list(
        WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now, webhook__is_active=True
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def _claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("webhook")
            .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if delivery is None:
            return None
        is_test = delivery.event == Webhook.Event.WEBHOOK_TEST
        if not delivery.webhook.is_active and not is_test:
            return None  # resumes when the webhook is enabled again
        if delivery.give_up_at <= now:
            delivery.state = WebhookDelivery.State.FAILED
            delivery.last_error = "Retry window ended without a successful attempt."
            delivery.save(update_fields=["state", "last_error"])
            return None
        delivery.attempts += 1
        lease = settings.SIGNPOST_WEBHOOK_TIMEOUT + LEASE_MARGIN_SECONDS
        delivery.next_attempt_at = now + timedelta(seconds=lease)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery


def _headers(delivery: WebhookDelivery, body: bytes, now: datetime) -> dict[str, str]:
    timestamp = int(now.timestamp())
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Signpost-Webhooks/1",
        "X-Signpost-Event": delivery.event,
        "X-Signpost-Delivery": str(delivery.delivery_id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature_header(secrets=_secrets(delivery.webhook, now), timestamp=timestamp, body=body),
    }


def webhook_deliver(*, delivery_id: int, now: datetime | None = None) -> str | None:
    """Make one attempt at a delivery if it is due and nobody else holds it; returns the state it left, or None
    when there was nothing to do (not due, already delivered, held by another worker, webhook disabled)."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return None
    body = delivery.body.encode()
    try:
        response = outbound.post(
            delivery.webhook.url,
            body,
            _headers(delivery, body, now),
            timeout=settings.SIGNPOST_WEBHOOK_TIMEOUT,
            allow_private=settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
        )
    except outbound.OutboundError as error:
        response = outbound.Response(status=None, body="", latency_ms=0, error=str(error))
    return _record(delivery, response, started_at=now)


def _record(delivery: WebhookDelivery, response: outbound.Response, *, started_at: datetime) -> str:
    finished = started_at + timedelta(milliseconds=response.latency_ms)
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=started_at,
            latency_ms=response.latency_ms,
            status_code=response.status,
            succeeded=response.ok,
            error=response.error or ("" if response.ok else f"HTTP {response.status}"),
            response_excerpt=response.body[:500],
        )
        delivery.last_status_code = response.status
        delivery.last_error = "" if response.ok else (response.error or f"HTTP {response.status}")[:500]
        if response.ok:
            delivery.state = WebhookDelivery.State.SUCCEEDED
            delivery.delivered_at = finished
        else:
            retry_at = finished + retry_delay(delivery.attempts)
            if retry_at >= delivery.give_up_at:
                delivery.state = WebhookDelivery.State.FAILED
            delivery.next_attempt_at = retry_at
        delivery.save(update_fields=["last_status_code", "last_error", "state", "delivered_at", "next_attempt_at"])
        if delivery.event != Webhook.Event.WEBHOOK_TEST:
            _update_health(delivery.webhook_id, ok=response.ok, at=finished)
    return delivery.state


def _update_health(webhook_id: int, *, ok: bool, at: datetime) -> None:
    """Count consecutive failures; disable the webhook once they are both many and long-lasting."""
    if ok:
        Webhook.objects.filter(pk=webhook_id).update(consecutive_failures=0, failing_since=None, last_success_at=at)
        return
    Webhook.objects.filter(pk=webhook_id).update(consecutive_failures=F("consecutive_failures") + 1)
    Webhook.objects.filter(pk=webhook_id, failing_since__isnull=True).update(failing_since=at)
    webhook = Webhook.objects.select_for_update().get(pk=webhook_id)
    long_enough = webhook.failing_since <= at - timedelta(hours=settings.SIGNPOST_WEBHOOK_DISABLE_AFTER_HOURS)
    if (
        webhook.is_active
        and webhook.consecutive_failures >= settings.SIGNPOST_WEBHOOK_DISABLE_AFTER_FAILURES
        and long_enough
    ):
        reason = (
            f"Disabled automatically after {webhook.consecutive_failures} consecutive failed attempts since "
            f"{webhook.failing_since:%Y-%m-%d %H:%M} UTC."
        )
        webhook_disable(webhook=webhook, reason=reason, now=at)
        _notify_disabled(webhook)


def _notify_disabled(webhook: Webhook) -> None:
    from tracker.notifications import notification_send

    admins = webhook.team.members.filter(memberships__role=Membership.Role.ADMIN, is_active=True).distinct()
    for admin in admins:
        notification_send(
            recipient=admin,
            kind=Notification.Kind.WEBHOOK_DISABLED,
            subject=f"webhook:{webhook.pk}",
            window=f"disabled-{webhook.disabled_at:%Y%m%dT%H%M%S%f}",
            title=f"Webhook disabled: {webhook.url}",
            body=f"{webhook.disabled_reason} Deliveries are kept; enable the webhook again to resume them.",
            url=f"/admin/tracker/webhook/{webhook.pk}/change/",
        )
