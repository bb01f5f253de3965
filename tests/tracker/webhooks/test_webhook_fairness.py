"""One team's receiver never slows another's (issue #27, 5): one attempt at a time per receiver, the finished attempt
queues the receiver's next delivery, a failing or slow receiver is parked with its own backoff, emails have a queue
of their own, and /health/ names what is parked."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings

from tests.factories import TeamFactory
from tests.receiver import webhook_receiver
from tracker.lib.outbound import Response
from tracker.models import Webhook, WebhookDelivery
from tracker.webhooks.services.delivery import park_delay, webhook_deliver, webhook_deliveries_due
from tracker.webhooks.services.events import webhook_event_emit
from tracker.webhooks.services.webhooks import webhook_create

pytestmark = pytest.mark.django_db
START = datetime(2027, 5, 3, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def local_receivers(settings):
    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True


def emit(team, n):
    """n events emitted at START (their retry windows start then)."""
    with time_machine.travel(START, tick=False):
        for key in range(n):
            webhook_event_emit(team_id=team.pk, event="question.due", key=f"k{key}", data=lambda: {})


def pending(webhook):
    return list(webhook.deliveries.filter(state="pending").order_by("pk").values_list("pk", flat=True))


def test_a_receiver_has_one_attempt_in_flight_and_others_are_not_held_back():
    slow_team, other_team = TeamFactory(), TeamFactory()
    slow = webhook_create(team=slow_team, url="http://127.0.0.1:9/slow")
    other = webhook_create(team=other_team, url="http://127.0.0.1:9/other")
    emit(slow_team, 3)
    emit(other_team, 1)
    # An attempt to the slow receiver is in flight (its lease runs).
    Webhook.objects.filter(pk=slow.pk).update(in_flight_until=START + timedelta(seconds=40))
    first, second, _ = pending(slow)
    assert webhook_deliver(delivery_id=second, now=START) is None  # not claimed: the receiver is busy
    assert WebhookDelivery.objects.get(pk=second).attempts == 0
    # The sweep queues nothing for a busy receiver, and the other team's first delivery.
    assert webhook_deliveries_due(now=START + timedelta(seconds=1)) == pending(other)
    # A worker killed mid-attempt: after the lease, the receiver is free again.
    later = START + timedelta(seconds=41)
    assert webhook_deliveries_due(now=later) == sorted([first, *pending(other)])


def test_each_attempt_queues_the_receiver_s_next_delivery(celery_eager, django_capture_on_commit_callbacks):
    team = TeamFactory()
    with webhook_receiver(responses=[200]) as receiver:
        webhook = webhook_create(team=team, url=receiver.url)
        with django_capture_on_commit_callbacks(execute=False):
            emit(team, 4)  # their own tasks are not run: one task must reach them all
        first = pending(webhook)[0]
        with time_machine.travel(START + timedelta(seconds=1)), django_capture_on_commit_callbacks(execute=True):
            webhook_deliver(delivery_id=first)
        assert len(receiver.requests) == 4  # one task sent them all, one after another
    assert pending(webhook) == []
    webhook.refresh_from_db()
    assert webhook.in_flight_until is None
    assert webhook.parked_until is None


def test_a_slow_receiver_is_parked_and_its_deliveries_wait_while_others_flow(settings):
    settings.SIGNPOST_WEBHOOK_SLOW_SECONDS = 0.2
    team, other_team = TeamFactory(), TeamFactory()
    with webhook_receiver(responses=[(200, 0.3)]) as receiver:
        webhook = webhook_create(team=team, url=receiver.url)
        emit(team, 3)
        first, second, third = pending(webhook)
        assert webhook_deliver(delivery_id=first, now=START) == "succeeded"
        webhook.refresh_from_db()
        assert webhook.parks == 1
        assert webhook.parked_until > START
        assert "answered in 0.3 s" in webhook.park_reason
        assert webhook_deliver(delivery_id=second, now=START + timedelta(seconds=1)) is None  # parked
        other = webhook_create(team=other_team, url="http://127.0.0.1:9/other")
        emit(other_team, 1)
        assert webhook_deliveries_due(now=START + timedelta(seconds=2)) == pending(other)
        # Parked again after the first park: twice as long.
        after_park = webhook.parked_until + timedelta(seconds=1)
        assert webhook_deliver(delivery_id=second, now=after_park) == "succeeded"
        webhook.refresh_from_db()
        assert webhook.parks == 2
        assert webhook.parked_until - after_park >= park_delay(2) - timedelta(seconds=1)
    # Fast again: the breaker closes and the backoff starts over.
    with webhook_receiver(responses=[200]) as fast:
        Webhook.objects.filter(pk=webhook.pk).update(url=fast.url)
        assert webhook_deliver(delivery_id=third, now=webhook.parked_until + timedelta(seconds=1)) == "succeeded"
    webhook.refresh_from_db()
    assert webhook.parks == 0
    assert webhook.parked_until is None
    assert webhook.park_reason == ""


def test_a_receiver_failing_several_times_in_a_row_is_parked(settings, monkeypatch):
    from tracker.webhooks.services import delivery as delivery_module

    settings.SIGNPOST_WEBHOOK_PARK_AFTER_FAILURES = 3
    monkeypatch.setattr(delivery_module, "post", lambda *args, **kwargs: Response(status=503, body="", latency_ms=20))
    team = TeamFactory()
    webhook = webhook_create(team=team, url="http://127.0.0.1:9/failing")
    emit(team, 4)
    ids = pending(webhook)
    for n, delivery_id in enumerate(ids[:3]):
        webhook_deliver(delivery_id=delivery_id, now=START + timedelta(seconds=n))
        webhook.refresh_from_db()
        assert (webhook.parked_until is not None) == (n == 2), n
    assert "failed 3 attempts in a row (HTTP 503)" in webhook.park_reason
    assert webhook_deliver(delivery_id=ids[3], now=START + timedelta(seconds=10)) is None


def test_emails_have_a_queue_of_their_own():
    routes = django_settings.CELERY_TASK_ROUTES
    assert routes["tracker.deliver_webhook"]["queue"] == django_settings.CELERY_OUTBOUND_QUEUE
    for task in ("tracker.deliver_notification_emails", "tracker.send_invitation_emails"):
        assert routes[task]["queue"] == django_settings.CELERY_EMAIL_QUEUE != django_settings.CELERY_OUTBOUND_QUEUE


def test_health_names_parked_receivers_without_blaming_the_system(client, settings):
    from tracker.ops.health import heartbeat_record

    team = TeamFactory()
    webhook = webhook_create(team=team, url="http://127.0.0.1:9/parked")
    emit(team, 1)
    Webhook.objects.filter(pk=webhook.pk).update(parked_until=START + timedelta(hours=1), parks=4)
    later = START + timedelta(seconds=settings.SIGNPOST_UNDELIVERED_MAX_AGE + 60)
    with time_machine.travel(later, tick=False):
        heartbeat_record()
        body = client.get("/health/").json()
    webhooks = body["checks"]["undelivered_webhooks"]
    assert webhooks["parked_receivers"] == 1
    assert webhooks["ok"] is True  # waiting on a parked receiver is that receiver's problem, not a stuck queue
