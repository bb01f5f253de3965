"""Schedules declared in code, the heartbeat, /health/ and check_jobs, and enqueueing that survives a broker outage."""

import io
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from celery import current_app
from django.core.management import call_command
from django.core.management.base import CommandError
from django_celery_beat.models import PeriodicTask

from tracker.ops.health import heartbeat_record
from tracker.ops.jobs import enqueue
from tracker.ops.tasks import record_heartbeat

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)


def test_setup_schedules_upserts_by_name_and_disables_what_code_dropped(settings):
    call_command("setup_schedules", verbosity=0)
    names = set(PeriodicTask.objects.filter(enabled=True).values_list("name", flat=True))
    assert names >= set(settings.CELERY_BEAT_SCHEDULE)
    count = PeriodicTask.objects.count()
    call_command("setup_schedules", verbosity=0)
    assert PeriodicTask.objects.count() == count  # idempotent
    sweep = PeriodicTask.objects.get(name="tracker.sweep_question_lifecycle")
    assert (sweep.task, sweep.crontab.minute) == ("tracker.sweep_question_lifecycle", "*")
    dropped = dict(settings.CELERY_BEAT_SCHEDULE)
    dropped.pop("forecasts.sweep_engine")
    settings.CELERY_BEAT_SCHEDULE = dropped
    call_command("setup_schedules", verbosity=0)
    assert not PeriodicTask.objects.get(name="forecasts.sweep_engine").enabled


@time_machine.travel(NOW, tick=False)
def test_health_is_ok_with_a_fresh_heartbeat_and_503_without(client):
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["heartbeat"]["age_seconds"] is None
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["broker"]["ok"]
    record_heartbeat.apply()
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["heartbeat"]["age_seconds"] == 0


def test_an_old_heartbeat_is_unhealthy(client, settings):
    heartbeat_record(now=datetime.now(UTC) - timedelta(seconds=settings.SIGNPOST_HEARTBEAT_MAX_AGE + 60))
    assert client.get("/health/").status_code == 503


def test_an_unreachable_broker_is_unhealthy(client, settings):
    from tracker.config.celery import app

    heartbeat_record()
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        body = client.get("/health/").json()
    finally:
        app.conf.broker_url = previous
    assert body["status"] == "unhealthy"
    assert body["checks"]["broker"]["ok"] is False


def test_check_jobs_prints_json_and_fails_when_unhealthy(capsys):
    with pytest.raises(CommandError, match="Unhealthy: heartbeat"):
        call_command("check_jobs")
    assert json.loads(capsys.readouterr().out)["status"] == "unhealthy"
    heartbeat_record()
    call_command("check_jobs")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"


def test_enqueue_never_talks_to_the_broker_and_the_relay_publishes_once_it_answers(caplog, monkeypatch):
    """A request queues work through the outbox: a broker that refuses (or hangs) costs it nothing; the relay
    keeps the task until the broker takes it, then publishes it once (issue #27, 6)."""
    from kombu.exceptions import OperationalError

    from tracker.ops.models import OutboxMessage
    from tracker.ops.outbox import outbox_relay

    published = []

    def broker_down(*args, **kwargs):
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(current_app, "send_task", broker_down)
    assert enqueue("tracker.record_heartbeat") is True
    assert enqueue("tracker.deliver_webhook", 7) is True
    assert list(OutboxMessage.objects.values_list("task_name", "args")) == [
        ("tracker.record_heartbeat", []),
        ("tracker.deliver_webhook", [7]),
    ]
    assert outbox_relay() == (0, True)  # refused: stops at the first, keeps both
    head = OutboxMessage.objects.order_by("pk").first()
    assert head.attempts == 1
    assert "Connection refused" in head.last_error
    assert OutboxMessage.objects.count() == 2

    monkeypatch.setattr(current_app, "send_task", lambda name, args, **kw: published.append((name, args)))
    assert outbox_relay() == (2, False)
    assert published == [("tracker.record_heartbeat", []), ("tracker.deliver_webhook", [7])]
    assert not OutboxMessage.objects.exists()
    assert outbox_relay() == (0, False)  # nothing is published twice


def test_the_relay_thread_publishes_what_is_queued_and_stops_when_asked(monkeypatch, transactional_db, settings):
    from tracker.ops.models import OutboxMessage
    from tracker.ops.outbox import RelayThread

    settings.SIGNPOST_OUTBOX_POLL_SECONDS = 0.01
    published = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args, **kw: published.append((name, args)))
    relay = RelayThread()
    relay.start()
    try:
        for n in range(5):
            enqueue("tracker.deliver_webhook", n)
        deadline = time.monotonic() + 10
        while len(published) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        relay.stop()
    assert not relay.is_alive()
    assert published == [("tracker.deliver_webhook", [n]) for n in range(5)]
    assert not OutboxMessage.objects.exists()


def test_relay_outbox_once_publishes_or_says_why_not(monkeypatch):
    from kombu.exceptions import OperationalError

    from tracker.ops.models import OutboxMessage

    enqueue("tracker.record_heartbeat")

    def broker_down(*args, **kwargs):
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(current_app, "send_task", broker_down)
    with pytest.raises(CommandError, match="The broker refused a task after 0 were published"):
        call_command("relay_outbox", "--once")
    monkeypatch.setattr(current_app, "send_task", lambda *args, **kwargs: None)
    out = io.StringIO()
    call_command("relay_outbox", "--once", stdout=out)
    assert out.getvalue().strip() == "Published 1 task(s)."
    assert not OutboxMessage.objects.exists()


def test_health_reports_tasks_that_wait_too_long_for_the_broker(client, settings):
    with time_machine.travel(NOW, tick=False):
        heartbeat_record()
        enqueue("tracker.record_heartbeat")
        assert client.get("/health/").json()["checks"]["outbox"]["ok"] is True
    with time_machine.travel(NOW + timedelta(seconds=settings.SIGNPOST_OUTBOX_MAX_AGE + 1), tick=False):
        heartbeat_record()
        response = client.get("/health/")
    assert response.status_code == 503
    outbox = response.json()["checks"]["outbox"]
    assert outbox["ok"] is False
    assert outbox["waiting"] == 1


def test_a_forecast_commits_even_when_the_broker_is_down(monkeypatch, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    from forecasts.models import Forecast
    from forecasts.services.forecasting import forecast_submit
    from forecasts.tasks import update_community_forecast
    from tests.factories import UserFactory, make_question

    def broker_down(*args, **kwargs):
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(update_community_forecast, "delay", broker_down)
    question = make_question()
    with django_capture_on_commit_callbacks(execute=True):
        forecast_submit(user=UserFactory(), question=question, probability=0.4)
    assert Forecast.objects.filter(question=question).count() == 1


def test_emails_and_webhook_deliveries_left_waiting_make_health_unhealthy(client, settings):
    from tests.factories import TeamFactory, UserFactory
    from tracker.models import Notification, NotificationPreference, WebhookDelivery
    from tracker.notifications.services.notifications import notification_preference_set, notification_send
    from tracker.webhooks.services.events import webhook_event_emit
    from tracker.webhooks.services.webhooks import webhook_create

    limit = settings.SIGNPOST_UNDELIVERED_MAX_AGE
    with time_machine.travel(NOW, tick=False):
        heartbeat_record()
        body = client.get("/health/").json()
        assert body["checks"]["undelivered_emails"] == {
            "ok": True,
            "oldest_due_age_seconds": None,
            "max_age_seconds": limit,
            "retrying": 0,
            "failing_longer_than_max_age": 0,
            "digests_retrying": 0,
            "failed_last_day": 0,
        }
        user = UserFactory(email="someone@example.org")
        notification_preference_set(user=user, kind="resolved", email=NotificationPreference.Email.IMMEDIATE)
        notification_send(recipient=user, kind="resolved", subject="q:1", window="w", title="t", body="b")
        team = TeamFactory()
        webhook_create(team=team, url="https://hooks.example.org/in")
        webhook_event_emit(team_id=team.pk, event="question.due", key="k", data=lambda: {})
    later = NOW + timedelta(seconds=limit + 60)
    with time_machine.travel(later, tick=False):
        heartbeat_record()
        response = client.get("/health/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["undelivered_emails"]["ok"] is False
    assert checks["undelivered_emails"]["oldest_due_age_seconds"] == limit + 60
    assert checks["undelivered_webhooks"]["ok"] is False
    # A delivery backing off after a failure is not due: it does not count.
    Notification.objects.update(email_state=Notification.EmailState.SENT)
    WebhookDelivery.objects.update(next_attempt_at=later + timedelta(minutes=5))
    with time_machine.travel(later, tick=False):
        heartbeat_record()
        assert client.get("/health/").status_code == 200
