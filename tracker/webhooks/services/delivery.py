"""Sending webhook deliveries.

Sending claims the row under `select_for_update(skip_locked=True)` and moves `next_attempt_at` forward by a lease
before the request, outside any transaction. Two workers never send the same attempt; a worker killed mid-request
leaves the row to be retried once the lease ends. Delivery is therefore at least once: receivers dedupe on the
`X-Signpost-Delivery` header, which stays the same across retries.

Fairness between receivers: a receiver (a webhook) has one attempt in flight at a time (the claim also takes the
webhook's `in_flight_until` lease; a task for a busy receiver returns at once, and the finished attempt queues that
receiver's next due delivery), and a receiver that fails SIGNPOST_WEBHOOK_PARK_AFTER_FAILURES times in a row or
takes longer than SIGNPOST_WEBHOOK_SLOW_SECONDS to answer is parked: nothing is sent to it until `parked_until`
(1, 2, 4 … 60 minutes, doubling with each park in a row). A slow or failing receiver therefore holds at most one
outbound worker at a time, and mostly none: every other team's deliveries flow past it."""

import logging
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import Membership
from tracker.lib.outbound import OutboundError, Response, post
from tracker.notifications.models import Notification
from tracker.ops.jobs import enqueue
from tracker.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from tracker.webhooks.services.webhooks import webhook_disable
from tracker.webhooks.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_header

logger = logging.getLogger(__name__)


FIRST_RETRY_SECONDS = 60
FIRST_PARK_SECONDS = 60
LONGEST_PARK_SECONDS = 3600


LONGEST_RETRY_SECONDS = 4 * 3600


# A claimed attempt owns its delivery for the request's timeout plus this margin; after that it is retried.
# The delivery task's hard time limit is the request's deadline plus this; a claimed attempt owns its delivery for
# that limit plus a margin, so a running attempt is never claimed by a second worker.
TASK_TIME_LIMIT_MARGIN = 20
LEASE_MARGIN_SECONDS = 30


def delivery_task_time_limit() -> int:
    return settings.SIGNPOST_WEBHOOK_TIMEOUT + TASK_TIME_LIMIT_MARGIN


def _refused_for_good(status: int | None) -> bool:
    """A 4xx answer other than 408 (timeout) and 429 (slow down) says the receiver will never take this delivery:
    it is recorded and not retried. 5xx answers and network failures are retried."""
    return status is not None and 400 <= status < 500 and status not in (408, 429)


def _secrets(webhook: Webhook, now: datetime) -> list[str]:
    secrets = [webhook.secret]
    if webhook.previous_secret and webhook.previous_secret_expires_at and webhook.previous_secret_expires_at > now:
        secrets.append(webhook.previous_secret)
    return secrets


def retry_delay(attempt: int, *, jitter: float | None = None) -> timedelta:
    """Exponential backoff after the n-th failed attempt: 1, 2, 4, … minutes, at most 4 hours, ±10% jitter."""
    base = min(FIRST_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_RETRY_SECONDS)
    jitter = random.uniform(-0.1, 0.1) if jitter is None else jitter
    return timedelta(seconds=base * (1 + jitter))


def park_delay(parks: int) -> timedelta:
    """How long the n-th park in a row lasts: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(seconds=min(FIRST_PARK_SECONDS * 2 ** (parks - 1), LONGEST_PARK_SECONDS))


def _free_receivers(deliveries, now: datetime):
    """Deliveries whose receiver is neither parked nor busy with another attempt."""
    return deliveries.exclude(webhook__parked_until__gt=now).exclude(webhook__in_flight_until__gt=now)


def webhook_deliveries_due(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """The first pending delivery whose time has come of each active, free receiver (the sweep queues them; each
    attempt then queues its receiver's next); gives up on expired ones first, so nothing waits forever and nothing
    is tried after its window."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, give_up_at__lte=now, next_attempt_at__lte=now
    ).update(state=WebhookDelivery.State.FAILED, last_error="Retry window ended without a successful attempt.")
    due = WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now, webhook__is_active=True
    )
    firsts = _free_receivers(due, now).order_by().values("webhook_id").annotate(first=Min("pk"))
    return sorted(row["first"] for row in firsts)[:limit]


def _next_due_of(webhook_id: int, now: datetime) -> int | None:
    due = WebhookDelivery.objects.filter(webhook_id=webhook_id, state=WebhookDelivery.State.PENDING)
    return (
        _free_receivers(due.filter(next_attempt_at__lte=now), now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)
        .first()
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
        # One attempt per receiver at a time: a receiver being claimed right now (locked), busy or parked is left
        # alone; its attempt in flight queues the next delivery, the sweep queues it after a park.
        webhook = Webhook.objects.select_for_update(skip_locked=True).filter(pk=delivery.webhook_id).first()
        if webhook is None or (webhook.in_flight_until and webhook.in_flight_until > now):
            return None
        if webhook.parked_until and webhook.parked_until > now:
            return None
        delivery.attempts += 1
        lease = delivery_task_time_limit() + LEASE_MARGIN_SECONDS
        delivery.next_attempt_at = now + timedelta(seconds=lease)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
        webhook.in_flight_until = delivery.next_attempt_at
        webhook.save(update_fields=["in_flight_until"])
        delivery.webhook = webhook
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
        response = post(
            delivery.webhook.url,
            body,
            _headers(delivery, body, now),
            timeout=settings.SIGNPOST_WEBHOOK_TIMEOUT,
            allow_private=settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
        )
    except OutboundError as error:
        response = Response(status=None, body="", latency_ms=0, error=str(error))
    return _record(delivery, response, started_at=now)


def _record(delivery: WebhookDelivery, response: Response, *, started_at: datetime) -> str:
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
        elif _refused_for_good(response.status):
            delivery.state = WebhookDelivery.State.FAILED
            delivery.last_error = f"HTTP {response.status}: refused by the receiver, not retried."
        else:
            retry_at = finished + retry_delay(delivery.attempts)
            if retry_at >= delivery.give_up_at:
                delivery.state = WebhookDelivery.State.FAILED
            delivery.next_attempt_at = retry_at
        delivery.save(update_fields=["last_status_code", "last_error", "state", "delivered_at", "next_attempt_at"])
        if delivery.event != Webhook.Event.WEBHOOK_TEST:
            _update_health(delivery.webhook_id, ok=response.ok, at=finished)
        parked = _release_receiver(delivery.webhook_id, response, at=finished)
        if not parked:
            transaction.on_commit(lambda: _queue_next(delivery.webhook_id))
    return delivery.state


def _release_receiver(webhook_id: int, response: Response, *, at: datetime) -> bool:
    """End the receiver's attempt; park it when it keeps failing or answered slowly (the circuit breaker). True
    when it is parked."""
    webhook = Webhook.objects.select_for_update().get(pk=webhook_id)
    webhook.in_flight_until = None
    slow = response.latency_ms >= settings.SIGNPOST_WEBHOOK_SLOW_SECONDS * 1000
    if response.ok and not slow:
        webhook.parks, webhook.parked_until, webhook.park_reason = 0, None, ""
    else:
        failures_in_a_row = _failures_in_a_row(webhook_id)
        if slow or failures_in_a_row >= settings.SIGNPOST_WEBHOOK_PARK_AFTER_FAILURES:
            webhook.parks += 1
            webhook.parked_until = at + park_delay(webhook.parks)
            cause = (
                f"answered in {response.latency_ms / 1000:.1f} s (slower than "
                f"{settings.SIGNPOST_WEBHOOK_SLOW_SECONDS} s)"
                if slow
                else f"failed {failures_in_a_row} attempts in a row ({response.error or f'HTTP {response.status}'})"
            )
            webhook.park_reason = f"Parked until {webhook.parked_until:%Y-%m-%d %H:%M:%S} UTC: the receiver {cause}."[
                :300
            ]
    webhook.save(update_fields=["in_flight_until", "parks", "parked_until", "park_reason"])
    return webhook.parked_until is not None and webhook.parked_until > at


def _failures_in_a_row(webhook_id: int) -> int:
    """Failed attempts since the receiver's last success (test events included: they measure the receiver too)."""
    recent = WebhookAttempt.objects.filter(delivery__webhook_id=webhook_id).order_by("-started_at", "-id")
    count = 0
    for succeeded in recent.values_list("succeeded", flat=True)[:50]:
        if succeeded:
            break
        count += 1
    return count


def _queue_next(webhook_id: int) -> None:
    next_id = _next_due_of(webhook_id, timezone.now())
    if next_id is not None:
        enqueue("tracker.deliver_webhook", next_id)


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
    from tracker.notifications.services.notifications import notification_send

    admins = webhook.team.members.filter(memberships__role=Membership.Role.ADMIN, is_active=True).distinct()
    for admin in admins:
        notification_send(
            recipient=admin,
            kind=Notification.Kind.WEBHOOK_DISABLED,
            subject=f"webhook:{webhook.pk}",
            window=f"disabled-{webhook.disabled_at:%Y%m%dT%H%M%S%f}",
            title=f"Webhook disabled: {webhook.url}",
            body=f"{webhook.disabled_reason} Deliveries are kept; enable the webhook again to resume them.",
            url=reverse("admin:tracker_webhook_change", args=[webhook.pk]),
        )
