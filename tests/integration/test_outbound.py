"""One bad recipient, receiver or broker never stalls the rest, with real processes: a mail server refusing one
address, a webhook receiver trickling a byte at a time, and a Redis that hangs (SIGSTOP)."""

import shutil
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings

from forecasts.models import AggregateForecast, Score
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question
from tests.integration.conftest import (
    new_queue,
    routed_to,
    start_worker,
    stop_worker,
    wait_for,
    wait_until_answering,
)
from tests.integration.test_failures import RedisServer, broker
from tests.services import require_service
from tests.smtp import smtp_server
from tracker.models import Notification, NotificationPreference, WebhookAttempt, WebhookDelivery
from tracker.notifications.services.notifications import notification_preference_set, notification_send
from tracker.notifications.tasks import deliver_notification_emails
from tracker.ops.tasks import describe_backends
from tracker.questions.services.lifecycle import question_resolve
from tracker.webhooks.services.webhooks import webhook_create

pytestmark = pytest.mark.integration


def test_a_refusing_recipient_stops_nobody_else_s_mail_over_several_ticks(transactional_db, tmp_path):
    users = []
    for name in ("ann", "bob", "cat"):
        user = UserFactory(username=name, email=f"{name}@example.org")
        notification_preference_set(user=user, kind="resolved", email=NotificationPreference.Email.IMMEDIATE)
        notification_send(recipient=user, kind="resolved", subject="q", window="w", title=f"For {name}", body="b")
        users.append(user)
    queue, log = new_queue(), tmp_path / "worker.log"
    with smtp_server() as smtp, routed_to(queue):
        smtp.refused.add("bob@example.org")
        worker = start_worker(queue=queue, log_path=log, EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}")
        try:
            wait_until_answering(log)
            for _ in range(3):  # three beat ticks
                deliver_notification_emails.delay()
                describe_backends.delay().get(timeout=60)  # the worker is done with the tick's queue
            assert wait_for(lambda: smtp.deliveries() == {"ann@example.org": 1, "cat@example.org": 1}, timeout=30)
        finally:
            stop_worker(worker)
    assert smtp.deliveries() == {"ann@example.org": 1, "cat@example.org": 1}, log.read_text()[-3000:]
    assert Notification.objects.get(recipient__username="bob").email_state == "failed"


@contextmanager
def trickling_receiver(seconds_between_bytes: float = 1.0):
    """An HTTP server that answers one byte at a time, slowly: never idle long enough for a per-read timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                return
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 1000:
                if stop.is_set():
                    break
                try:
                    connection.send(bytes([byte]))
                except OSError:
                    break
                time.sleep(seconds_between_bytes)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    finally:
        stop.set()
        server.close()


def test_a_trickling_receiver_holds_only_outbound_work_and_is_cut_off_at_the_deadline(transactional_db, tmp_path):
    """Two workers as in production: one for outbound calls, one for everything else. While the receiver trickles,
    community forecasts and scores go on; the attempt ends at the deadline and is logged once."""
    timeout = 4
    team = TeamFactory()
    settings_override = {"SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true", "SIGNPOST_WEBHOOK_TIMEOUT": str(timeout)}
    queue, log_main, log_out = new_queue(), tmp_path / "main.log", tmp_path / "outbound.log"
    with trickling_receiver() as url, routed_to(queue):
        settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
        try:
            webhook_create(team=team, url=url, events=["question.resolved"])
        finally:
            settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
        main = start_worker(queue=queue, log_path=log_main, queues="others", **settings_override)
        outbound = start_worker(queue=queue, log_path=log_out, queues="outbound", **settings_override)
        try:
            wait_until_answering(log_main)
            slow = make_question(team=team, title="Resolved: its webhook goes to the slow receiver")
            forecast_submit(user=UserFactory(), question=slow, probability=0.7)
            started = time.monotonic()
            question_resolve(question=slow, outcome="yes", resolved_by=None)
            # Meanwhile other work: a forecast elsewhere, and the slow question's own scoring.
            other = make_question(title="An unrelated question")
            forecast_submit(user=UserFactory(), question=other, probability=0.4)
            assert wait_for(lambda: AggregateForecast.objects.filter(question=other).exists(), timeout=30)
            assert wait_for(lambda: Score.objects.filter(question=slow).exists(), timeout=30)
            unaffected = time.monotonic() - started
            assert wait_for(lambda: WebhookAttempt.objects.exists(), timeout=timeout + 20), log_out.read_text()[-3000:]
            cut_off = time.monotonic() - started
        finally:
            stop_worker(main)
            stop_worker(outbound)
    assert unaffected < timeout, f"other work waited {unaffected:.1f} s for the slow receiver"
    attempt = WebhookAttempt.objects.get()
    assert attempt.error == f"No response within {timeout} s."
    assert cut_off < timeout + 15
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending"
    assert delivery.attempts == 1  # retried later, never twice at once


def test_a_hung_redis_is_not_on_the_request_s_path_and_health_says_so(transactional_db, tmp_path, client):
    """Redis is the broker and the cache; SIGSTOPped, it answers nothing. Requests queue work through the outbox
    (the database) and the throttles' cache fails open behind its breaker: a forecast (web form and API) and an
    anonymous API read cost at most one cache timeout, never a broker timeout (issue #27, 6)."""
    from django.test import override_settings
    from rest_framework.test import APIClient

    from tracker.lib.cache import breaker

    binary = shutil.which("redis-server")
    require_service("redis-server", binary is not None, "apt-get install redis-server (.ci/run installs it)")
    redis_server = RedisServer(binary, tmp_path)
    redis_server.start()
    question = make_question()
    forecaster = UserFactory()
    client.force_login(forecaster)
    api, anonymous = APIClient(), APIClient()
    api.force_authenticate(forecaster)
    caches = {
        "default": {
            "BACKEND": "tracker.lib.cache.FailFastRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_timeout": settings.SIGNPOST_CACHE_TIMEOUT, "socket_connect_timeout": 1},
        }
    }
    breaker.reset()
    try:
        with broker(redis_server.url), override_settings(CACHES=caches):
            for n in range(3):  # connections are pooled while Redis answers, as in a running web process
                client.post(f"/questions/{question.slug}/forecast/", {"probability": str(20 + n)})
                anonymous.get("/api/v1/questions/")
            redis_server.freeze()
            timings = []
            for n in range(3):
                web_form = {"probability": str(30 + n)}
                for send in (
                    lambda: client.post(f"/questions/{question.slug}/forecast/", web_form),  # noqa: B023
                    lambda: api.post(
                        f"/api/v1/questions/{question.pk}/forecasts/", {"probability": 0.4}, format="json"
                    ),
                    lambda: anonymous.get("/api/v1/questions/"),
                ):
                    started = time.monotonic()
                    response = send()
                    timings.append(time.monotonic() - started)
                    assert response.status_code in (200, 201, 302)  # committed, whatever Redis does
            started = time.monotonic()
            health = client.get("/health/")
            health_seconds = time.monotonic() - started
            redis_server.thaw()
    finally:
        redis_server.stop()
        breaker.reset()
    print("request seconds with a hung Redis:", [round(t, 3) for t in timings], "health:", round(health_seconds, 2))
    # One cache timeout at most (the first request to find the cache hung), then nothing; generous for a slow CI.
    assert max(timings) < settings.SIGNPOST_CACHE_TIMEOUT + 0.5, timings
    assert health.status_code == 503
    assert not health.json()["checks"]["broker"]["ok"]
    assert health_seconds < 5
    assert question.forecasts.count() == 9
    assert AggregateForecast.objects.filter(question=question).exists()  # the crowd moved with them, Redis or not
