"""Webhook configuration: create, change, rotate the secret, turn on and off, send a test, retry a delivery."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import Team, User
from tracker.lib.outbound import OutboundError, destination
from tracker.webhooks.models import Webhook, WebhookDelivery
from tracker.webhooks.services.events import deliveries_queue, event_body

SECRET_ROTATION_OVERLAP = timedelta(hours=24)


SUBSCRIBABLE_EVENTS = [event for event in Webhook.Event.values if event != Webhook.Event.WEBHOOK_TEST]


def webhook_validate(*, url: str, events) -> None:
    """Raise ValidationError (by field) for a URL that may not be called (not http(s), credentials, a port or a
    destination outbound.py refuses) or events that do not exist."""
    errors = {}
    try:
        destination(
            url,
            allow_private=settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
            timeout=settings.SIGNPOST_WEBHOOK_TIMEOUT,
        )
    except OutboundError as error:
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


def webhook_update(*, webhook: Webhook, actor: User | None = None, **fields) -> Webhook:
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


def webhook_delete(*, webhook: Webhook, actor: User | None = None) -> None:
    """Remove a webhook with its delivery log."""
    webhook.delete()


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
            body=event_body(
                event_id=event_id, event=Webhook.Event.WEBHOOK_TEST, team=webhook.team, data=data, occurred_at=now
            ),
            next_attempt_at=now,
            give_up_at=now + timedelta(hours=settings.SIGNPOST_WEBHOOK_RETRY_HOURS),
            created_at=now,
        )
        transaction.on_commit(lambda: deliveries_queue([delivery.pk]))
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
        transaction.on_commit(lambda: deliveries_queue([delivery.pk]))
    return delivery
