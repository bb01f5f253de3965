"""Outgoing webhooks against a real HTTP server on loopback: events, signatures, retries, disabling, the log."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from forecasts.services.forecasting import forecast_submit
from forecasts.services.reminders import reminders_plan, reminders_sweep
from forecasts.services.scores import question_score
from tests.factories import TeamFactory, UserFactory, make_question, member
from tests.receiver import webhook_receiver
from tracker.lib.outbound import NOT_PUBLIC, OutboundError, check_url
from tracker.models import Membership, Notification, Webhook, WebhookAttempt, WebhookDelivery
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.lifecycle import question_annul, question_close, question_resolve, question_unresolve
from tracker.webhooks.services.delivery import retry_delay, webhook_deliver, webhook_deliveries_due
from tracker.webhooks.services.events import webhook_event_emit
from tracker.webhooks.services.webhooks import (
    webhook_create,
    webhook_enable,
    webhook_rotate_secret,
    webhook_send_test,
    webhook_validate,
)
from tracker.webhooks.signing import signature_header, signature_verify

pytestmark = pytest.mark.django_db
START = datetime(2027, 5, 3, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def local_receivers(settings):
    """These tests talk to receivers on loopback: the development opt-in (off by default, never in production)."""
    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def team():
    return TeamFactory()


def hook(team, url="http://127.0.0.1:9/hooks", events=None):
    return webhook_create(team=team, url=url, events=events or [])


def events_of(webhook):
    return list(webhook.deliveries.order_by("created_at", "id").values_list("event", flat=True))


def emit(team, key, at=START, event="question.due"):
    """An event emitted at `at` (its retry window starts then)."""
    with time_machine.travel(at, tick=False):
        return webhook_event_emit(team_id=team.pk, event=event, key=key, data=lambda: {"key": key})


def deliver_all(webhook, now=None):
    return [webhook_deliver(delivery_id=pk, now=now) for pk in webhook.deliveries.values_list("pk", flat=True)]


# --- which events are emitted -----------------------------------------------------------------------------------


def test_every_lifecycle_step_forecast_evidence_and_score_becomes_one_event(team):
    webhook = hook(team)
    curator = member(team, Membership.Role.CURATOR)
    question = make_question(team=team)  # scheduled then opened: question.opened
    forecaster = member(team)
    forecast_submit(user=forecaster, question=question, probability=0.7)
    evidence_add(question=question, title="Council agrees", url="https://example.org/a", stance="yes")
    question_close(question=question)
    question_resolve(question=question, outcome="yes", resolved_by=curator)
    question_score(question_id=question.pk)
    question_score(question_id=question.pk)  # a retried scoring task: no second event
    question_unresolve(question=question, actor=curator, reason="Wrong source")
    question_annul(question=question, annulled_by=curator, reason="Premise failed")
    assert events_of(webhook) == [
        "question.opened",
        "forecast.created",
        "evidence.added",
        "question.closed",
        "question.resolved",
        "score.computed",
        "question.unresolved",
        "question.annulled",
    ]
    bodies = {d.event: json.loads(d.body) for d in webhook.deliveries.all()}
    assert bodies["forecast.created"]["data"]["forecast"]["probability"] == 0.7
    assert bodies["forecast.created"]["data"]["forecast"]["user"] == forecaster.username
    assert bodies["question.resolved"]["data"]["question"]["outcome"] == "Yes"
    assert bodies["evidence.added"]["data"]["evidence"]["stance"] == "supports_yes"
    scores = bodies["score.computed"]["data"]
    assert [row["user"] for row in scores["forecasters"]] == [forecaster.username]
    assert scores["forecasters"][0]["final_brier"] == pytest.approx(2 * 0.3**2)
    envelope = bodies["question.annulled"]
    assert envelope["type"] == "question.annulled"
    assert envelope["team"] == {"id": team.pk, "slug": team.slug}
    assert envelope["data"]["note"] == "Premise failed"
    assert envelope["occurred_at"].endswith("Z")


def test_multiple_choice_forecasts_name_their_options(team):
    webhook = hook(team, events=["forecast.created"])
    question = make_question(team=team, type="multiple_choice", options=["Low", "High"])
    forecast_submit(user=member(team), question=question, probabilities=[0.25, 0.75])
    [delivery] = webhook.deliveries.all()
    assert json.loads(delivery.body)["data"]["forecast"]["probabilities"] == {"Low": 0.25, "High": 0.75}


def test_a_webhook_gets_only_the_events_it_chose_and_only_for_its_team(team):
    resolved_only = hook(team, events=["question.resolved"])
    other_team_hook = hook(TeamFactory())
    question = make_question(team=team)
    question_resolve(question=question, outcome="no", resolved_by=None)
    assert events_of(resolved_only) == ["question.resolved"]
    assert events_of(other_team_hook) == []


def test_a_disabled_webhook_gets_no_new_events_and_public_questions_none(team):
    webhook = hook(team)
    webhook.is_active = False
    webhook.save()
    make_question(team=team)
    make_question(team=None)
    assert events_of(webhook) == []


def test_the_same_event_key_twice_is_one_delivery_and_a_rollback_leaves_none(team):
    webhook = hook(team)
    for _ in range(2):
        webhook_event_emit(team_id=team.pk, event="question.due", key="question.due:question:1:x", data=lambda: {})
    assert webhook.deliveries.count() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        webhook_event_emit(team_id=team.pk, event="question.due", key="question.due:question:2:x", data=lambda: {})
        raise RuntimeError("the caller's transaction fails")
    assert webhook.deliveries.count() == 1


def test_without_webhooks_a_forecast_costs_one_extra_query_and_builds_no_payload(team):
    question = make_question(team=team)
    user = member(team)
    forecast_submit(user=user, question=question, probability=0.4)  # warm caches
    with CaptureQueriesContext(connection) as queries:
        forecast_submit(user=user, question=question, probability=0.5)
    webhook_queries = [q["sql"] for q in queries.captured_queries if "tracker_webhook" in q["sql"]]
    assert len(webhook_queries) == 1


def test_question_due_is_emitted_once_when_resolve_by_passes(team):
    webhook = hook(team, events=["question.due"])
    member(team, Membership.Role.CURATOR)
    question = make_question(team=team, opens_in=timedelta(days=-60), closes_in=timedelta(days=-31))
    for _ in range(2):
        reminders_plan()
        reminders_sweep()
    with time_machine.travel(question.resolve_by + timedelta(days=4)):
        reminders_sweep()  # the +3-day escalation is not a new question.due
    assert events_of(webhook) == ["question.due"]
    assert json.loads(webhook.deliveries.get().body)["data"]["question"]["id"] == question.pk


# --- delivery over HTTP -----------------------------------------------------------------------------------------


def test_a_delivery_is_posted_signed_and_logged():
    team = TeamFactory()
    with webhook_receiver() as receiver:
        webhook = hook(team, url=receiver.url)
        question = make_question(team=team)
        [state] = deliver_all(webhook)
    assert state == "succeeded"
    [request] = receiver.requests
    delivery = webhook.deliveries.get()
    assert request.path == "/hooks/signpost"
    assert request.body == delivery.body.encode()
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.headers["X-Signpost-Event"] == "question.opened"
    assert request.headers["X-Signpost-Delivery"] == str(delivery.delivery_id)
    timestamp = int(request.headers["X-Signpost-Timestamp"])
    assert signature_verify(
        secret=webhook.secret, header=request.headers["X-Signpost-Signature"], body=request.body, now=timestamp
    )
    assert json.loads(request.body)["data"]["question"]["slug"] == question.slug
    [attempt] = delivery.attempt_log.all()
    assert (attempt.number, attempt.status_code, attempt.succeeded) == (1, 200, True)
    assert attempt.latency_ms < 10_000
    assert attempt.response_excerpt == '{"received": 1}'
    webhook.refresh_from_db()
    assert webhook.last_success_at is not None
    assert webhook.consecutive_failures == 0
    assert webhook_deliver(delivery_id=delivery.pk) is None  # delivered: a duplicate task does nothing
    assert len(receiver.requests) == 1


def test_a_500_is_retried_with_backoff_until_it_succeeds(team):
    with webhook_receiver(responses=[500, 503, 200]) as receiver:
        webhook = hook(team, url=receiver.url)
        emit(team, "k")
        delivery = webhook.deliveries.get()
        with time_machine.travel(START, tick=False):
            assert webhook_deliver(delivery_id=delivery.pk, now=START) == "pending"
            delivery.refresh_from_db()
            first_retry = delivery.next_attempt_at - START
            assert timedelta(seconds=54) <= first_retry <= timedelta(seconds=67)
            # Not due yet: neither the task nor the sweep touches it.
            assert webhook_deliver(delivery_id=delivery.pk, now=START + timedelta(seconds=30)) is None
            assert delivery.pk not in webhook_deliveries_due(now=START + timedelta(seconds=30))
        later = START + timedelta(minutes=2)
        assert delivery.pk in webhook_deliveries_due(now=later)
        assert webhook_deliver(delivery_id=delivery.pk, now=later) == "pending"
        delivery.refresh_from_db()
        assert timedelta(seconds=108) <= delivery.next_attempt_at - later <= timedelta(seconds=133)
        assert webhook_deliver(delivery_id=delivery.pk, now=later + timedelta(minutes=3)) == "succeeded"
    assert len(receiver.requests) == 3
    assert len({r.headers["X-Signpost-Delivery"] for r in receiver.requests}) == 1  # receivers can dedupe
    log = list(delivery.attempt_log.values_list("number", "status_code", "succeeded"))
    assert log == [(1, 500, False), (2, 503, False), (3, 200, True)]
    webhook.refresh_from_db()
    assert webhook.consecutive_failures == 0
    assert webhook.failing_since is None


def test_retry_delays_double_from_a_minute_up_to_four_hours():
    assert [retry_delay(n, jitter=0).total_seconds() for n in range(1, 11)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3840,
        7680,
        14400,
        14400,
    ]
    for n in range(1, 30):
        assert 0.9 * retry_delay(n, jitter=0) <= retry_delay(n) <= 1.1 * retry_delay(n, jitter=0)


def test_a_delivery_that_keeps_failing_gives_up_after_the_retry_window(team, settings):
    settings.SIGNPOST_WEBHOOK_DISABLE_AFTER_FAILURES = 1000
    with webhook_receiver(responses=[500]) as receiver:
        webhook = hook(team, url=receiver.url)
        emit(team, "k")
        delivery = webhook.deliveries.get()
        now, states = START, []
        while True:
            state = webhook_deliver(delivery_id=delivery.pk, now=now)
            states.append(state)
            if state != "pending":
                break
            delivery.refresh_from_db()
            now = delivery.next_attempt_at
    assert states[-1] == "failed"
    delivery.refresh_from_db()
    # Nine attempts in the first 1+2+4+…+128 minutes, then one every 4 hours (±10%) until 24 hours: 13 or 14.
    assert 13 <= delivery.attempts == len(receiver.requests) <= 14
    assert now - START < timedelta(hours=24)
    assert delivery.attempt_log.count() == delivery.attempts
    assert webhook_deliveries_due(now=START + timedelta(days=2)) == []


def test_an_expired_delivery_is_given_up_by_the_sweep(team):
    webhook = hook(team)
    emit(team, "k")
    assert webhook_deliveries_due(now=START + timedelta(hours=25)) == []
    assert webhook.deliveries.get().state == "failed"


def test_repeated_failures_over_hours_disable_the_webhook_and_tell_team_admins(team, settings):
    settings.SIGNPOST_WEBHOOK_DISABLE_AFTER_FAILURES = 3
    settings.SIGNPOST_WEBHOOK_DISABLE_AFTER_HOURS = 1
    admin = member(team, Membership.Role.ADMIN, email="admin@example.org")
    with webhook_receiver(responses=[500]) as receiver:
        webhook = hook(team, url=receiver.url)
        for n in range(4):
            emit(team, f"k{n}")
        ids = list(webhook.deliveries.order_by("id").values_list("pk", flat=True))
        # Three quick failures: many, but not yet for an hour; the webhook stays on.
        for delivery_id in ids[:3]:
            webhook_deliver(delivery_id=delivery_id, now=START)
        webhook.refresh_from_db()
        assert webhook.is_active
        assert webhook.consecutive_failures == 3
        webhook_deliver(delivery_id=ids[3], now=START + timedelta(hours=1, minutes=1))
    webhook.refresh_from_db()
    assert not webhook.is_active
    assert "4 consecutive failed attempts" in webhook.disabled_reason
    notice = Notification.objects.get(recipient=admin, kind=Notification.Kind.WEBHOOK_DISABLED)
    assert webhook.url in notice.title
    # Disabled: due deliveries wait instead of being sent; enabling resumes them.
    later = START + timedelta(hours=2)
    assert webhook_deliveries_due(now=later) == []
    assert webhook_deliver(delivery_id=ids[0], now=later) is None
    webhook_enable(webhook=webhook)
    # The receiver's first due delivery: each attempt then queues the next (one at a time per receiver).
    assert webhook_deliveries_due(now=later) == [ids[0]]


def test_a_success_resets_the_failure_streak(team, settings):
    settings.SIGNPOST_WEBHOOK_DISABLE_AFTER_FAILURES = 2
    settings.SIGNPOST_WEBHOOK_DISABLE_AFTER_HOURS = 0
    with webhook_receiver(responses=[500, 200, 500]) as receiver:
        webhook = hook(team, url=receiver.url)
        for n in range(3):
            webhook_event_emit(team_id=team.pk, event="question.due", key=f"k{n}", data=lambda: {})
        deliver_all(webhook)
    webhook.refresh_from_db()
    assert webhook.is_active
    assert webhook.consecutive_failures == 1


def test_a_slow_receiver_times_out_and_a_redirect_is_not_followed(team, settings):
    settings.SIGNPOST_WEBHOOK_TIMEOUT = 1
    with webhook_receiver(responses=[(200, 2.5), 302]) as receiver:
        receiver.redirect_to = "file:///etc/passwd"
        webhook = hook(team, url=receiver.url)
        for n in range(2):
            webhook_event_emit(team_id=team.pk, event="question.due", key=f"k{n}", data=lambda: {})
        assert deliver_all(webhook) == ["pending", "pending"]
    errors = list(WebhookAttempt.objects.order_by("id").values_list("status_code", "error"))
    assert errors == [(None, "No response within 1 s."), (302, "HTTP 302")]
    assert len(receiver.requests) == 2


def test_only_http_and_https_urls_are_accepted():
    for url in ("ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://h/", "example.org"):
        with pytest.raises(OutboundError):
            check_url(url)
        with pytest.raises(Exception) as error:
            webhook_validate(url=url, events=[])
        assert "url" in error.value.message_dict
    with pytest.raises(OutboundError, match="Credentials"):
        check_url("https://user:pw@example.org/")
    with pytest.raises(Exception) as error:
        webhook_validate(url="https://example.org/", events=["question.exploded"])
    assert "question.exploded" in error.value.message_dict["events"][0]


def test_private_addresses_are_refused_when_configured(team, settings):
    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with webhook_receiver() as receiver:
        webhook = hook(team, url=receiver.url)  # registered while a developer allowed loopback
        settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
        webhook_event_emit(team_id=team.pk, event="question.due", key="k", data=lambda: {})
        assert deliver_all(webhook) == ["pending"]
    assert receiver.requests == []
    # The local receiver listens on a port of its own, which production refuses before looking at the address.
    assert WebhookAttempt.objects.get().error.startswith("Only ports 80, 443")


INTERNAL_DESTINATIONS = [
    "http://127.0.0.1/",
    "http://127.1/",  # short form of 127.0.0.1
    "http://2130706433/",  # 127.0.0.1 as one number
    "http://0x7f000001/",
    "http://0177.0.0.1/",  # octal
    "http://localhost/",
    "http://0.0.0.0/",
    "http://10.0.0.5/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",  # shared address space (carrier NAT)
    "http://169.254.169.254/",  # link-local: cloud metadata
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
    "http://[::127.0.0.1]/",  # IPv4-compatible
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "http://[64:ff9b:1::a]/",  # local-use NAT64
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",  # Teredo, client 10.0.0.1
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fec0::1]/",  # site-local
    "http://224.0.0.1/",
    "http://255.255.255.255/",
]


@pytest.mark.parametrize("url", INTERNAL_DESTINATIONS)
def test_internal_destinations_are_refused_at_registration_without_saying_where_they_resolve(team, settings, url):
    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError) as refused:
        webhook_create(team=team, url=url)
    assert refused.value.message_dict["url"] == [NOT_PUBLIC], (url, refused.value.message_dict)
    assert not Webhook.objects.exists()


def test_public_destinations_on_allowed_ports_are_accepted_and_other_ports_refused(team, settings):
    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    for url in ("https://hooks.example.org/in", "http://93.184.215.14:8080/x", "https://[2606:4700::1111]/x"):
        webhook_create(team=team, url=url)
    with pytest.raises(ValidationError) as refused:
        webhook_create(team=team, url="https://hooks.example.org:6379/")
    assert "Only ports 80, 443, 8080, 8443" in refused.value.message_dict["url"][0]
    with pytest.raises(ValidationError) as refused:
        webhook_create(team=team, url="https://unresolvable.invalid/")
    assert refused.value.message_dict["url"] == [NOT_PUBLIC]
    assert Webhook.objects.count() == 3


def test_the_refusal_does_not_tell_an_internal_name_from_a_missing_one(team, settings, monkeypatch):
    """An error text told whether an internal host name exists (issue #27, 7): one that resolves inside and one
    that does not resolve at all are now refused in the same words."""
    from tracker.lib import outbound

    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    real_resolve = outbound.resolve

    def internal_dns(host, port, *, timeout):
        return ["10.0.0.5"] if host == "db.internal.example" else real_resolve(host, port, timeout=timeout)

    monkeypatch.setattr(outbound, "resolve", internal_dns)
    refusals = []
    for url in ("https://db.internal.example/hook", "https://missing.invalid/hook"):
        with pytest.raises(ValidationError) as refused:
            webhook_create(team=team, url=url)
        refusals.append(refused.value.message_dict)
    assert refusals[0] == refusals[1] == {"url": [NOT_PUBLIC]}


def test_a_name_that_resolves_inside_at_delivery_is_refused_then(team, settings, monkeypatch):
    """Registered while its name resolved to a public address; by delivery time it resolves to the metadata
    service (DNS rebinding): refused, nothing sent, and the log does not say where the name pointed."""
    from tracker.lib import outbound

    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    webhook = webhook_create(team=team, url="https://rebind.example.org/hook")
    monkeypatch.setattr(outbound, "resolve", lambda host, port, *, timeout: ["169.254.169.254"])
    webhook_event_emit(team_id=team.pk, event="question.due", key="k", data=lambda: {})
    assert deliver_all(webhook) == ["pending"]
    attempt = WebhookAttempt.objects.get()
    assert attempt.error == NOT_PUBLIC
    assert "169.254" not in attempt.error


def test_every_internal_destination_is_refused_by_the_address_check():
    from tracker.lib.outbound import is_public_address

    for address in ("127.0.0.1", "::ffff:127.0.0.1", "::7f00:1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "::"):
        assert not is_public_address(address), address
    for address in ("93.184.215.14", "2606:4700::1111", "2002:5db8:d70e::1"):
        assert is_public_address(address), address


def test_a_trickling_receiver_is_cut_off_at_the_total_deadline(team, settings):
    """One byte every half second never trips a per-read timeout; the total deadline still ends the attempt."""
    import socket
    import threading
    import time

    settings.SIGNPOST_WEBHOOK_TIMEOUT = 1
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def trickle():
        connection, _ = server.accept()
        connection.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 100:
            if stop.is_set():
                break
            try:
                connection.send(bytes([byte]))
            except OSError:
                break
            time.sleep(0.5)
        connection.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        webhook = hook(team, url=f"http://127.0.0.1:{server.getsockname()[1]}/slow")
        webhook_event_emit(team_id=team.pk, event="question.due", key="k", data=lambda: {})
        started = time.monotonic()
        assert deliver_all(webhook) == ["pending"]
        assert time.monotonic() - started < 3
    finally:
        stop.set()
        server.close()
    attempt = WebhookAttempt.objects.get()
    assert attempt.error == "No response within 1 s."
    assert attempt.status_code is None


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(team):
    webhook = hook(team)
    emit(team, "k")
    delivery = webhook.deliveries.get()
    from tracker.webhooks.services.delivery import _claim

    assert _claim(delivery.pk, START) is not None
    # The first worker holds the lease (it may be mid-request, or killed): a second gets nothing until it ends.
    assert _claim(delivery.pk, START + timedelta(seconds=30)) is None
    assert delivery.pk not in webhook_deliveries_due(now=START + timedelta(seconds=30))
    assert delivery.pk in webhook_deliveries_due(now=START + timedelta(minutes=2))


# --- signatures and secrets -------------------------------------------------------------------------------------


def test_a_signature_fails_for_a_changed_body_an_old_timestamp_or_another_secret():
    body = b'{"type":"question.due"}'
    header = signature_header(secrets=["s3cret"], timestamp=1_800_000_000, body=body)
    assert signature_verify(secret="s3cret", header=header, body=body, now=1_800_000_100)
    assert not signature_verify(secret="s3cret", header=header, body=body + b" ", now=1_800_000_100)
    assert not signature_verify(secret="s3cret", header=header, body=body, now=1_800_000_400)
    assert not signature_verify(secret="other", header=header, body=body, now=1_800_000_100)
    assert not signature_verify(secret="s3cret", header="v1=abc", body=body, now=1_800_000_100)
    # An independent computation of the documented scheme: HMAC-SHA256 over "<timestamp>.<body>".
    import hashlib
    import hmac

    expected = hmac.new(b"s3cret", b"1800000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1800000000,v1={expected}"


def test_after_a_rotation_both_secrets_sign_for_a_day(team):
    with webhook_receiver() as receiver:
        webhook = hook(team, url=receiver.url)
        old = webhook.secret
        with time_machine.travel(START, tick=False):
            webhook_rotate_secret(webhook=webhook)
        assert webhook.secret != old
        assert webhook.secret.startswith("whsec_")
        for n, moment in enumerate((START + timedelta(hours=1), START + timedelta(hours=25))):
            emit(team, f"k{n}", at=moment)
            delivery = webhook.deliveries.get(event_key=f"k{n}")
            webhook_deliver(delivery_id=delivery.pk, now=moment)
    within, after = receiver.requests
    for request, old_still_valid in ((within, True), (after, False)):
        header, now = request.headers["X-Signpost-Signature"], int(request.headers["X-Signpost-Timestamp"])
        assert signature_verify(secret=webhook.secret, header=header, body=request.body, now=now)
        assert signature_verify(secret=old, header=header, body=request.body, now=now) is old_still_valid


def test_a_test_event_reaches_even_a_disabled_webhook_and_does_not_count_as_health(team):
    with webhook_receiver(responses=[500]) as receiver:
        webhook = hook(team, url=receiver.url)
        webhook.is_active = False
        webhook.save()
        delivery = webhook_send_test(webhook=webhook, requested_by=UserFactory(username="ops"))
        assert webhook_deliver(delivery_id=delivery.pk) == "pending"
    body = json.loads(receiver.requests[0].body)
    assert body["type"] == "webhook.test"
    assert body["data"]["requested_by"] == "ops"
    webhook.refresh_from_db()
    assert webhook.consecutive_failures == 0


def test_the_sweep_task_sends_what_is_due(team, celery_eager):
    from tracker.webhooks.tasks import sweep_webhook_deliveries

    with webhook_receiver() as receiver:
        webhook = hook(team, url=receiver.url)
        make_question(team=team)
        make_question(team=team)
        sweep_webhook_deliveries.delay()
        sweep_webhook_deliveries.delay()  # a duplicate tick
    assert len(receiver.requests) == 2
    assert set(WebhookDelivery.objects.filter(webhook=webhook).values_list("state", flat=True)) == {"succeeded"}


# --- admin ------------------------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_creates_a_webhook_and_refuses_a_non_http_url(admin_client, team):
    from django.urls import reverse

    add = reverse("admin:tracker_webhook_add")
    response = admin_client.post(add, {"team": team.pk, "url": "ftp://example.org/in", "events": ["question.due"]})
    assert response.status_code == 200
    assert Webhook.objects.count() == 0
    assert "Only http and https URLs are allowed, not ftp." in response.content.decode()
    response = admin_client.post(
        add, {"team": team.pk, "url": "https://hooks.example.org/in", "events": ["question.due", "score.computed"]}
    )
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert webhook.events == ["question.due", "score.computed"]
    assert webhook.secret.startswith("whsec_")


def test_admin_actions_send_a_test_event_rotate_enable_and_the_log_is_visible(
    admin_client, team, celery_eager, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    with webhook_receiver(responses=[500]) as receiver:
        webhook = hook(team, url=receiver.url)
        webhook.is_active = False
        webhook.save()
        changelist = reverse("admin:tracker_webhook_changelist")
        for action in ("send_test_event", "rotate_secret", "enable"):
            # The test event's task runs after the request commits (eager Celery here).
            with django_capture_on_commit_callbacks(execute=True):
                response = admin_client.post(
                    changelist, {"action": action, "_selected_action": [webhook.pk]}, follow=True
                )
            assert response.status_code == 200
    webhook.refresh_from_db()
    assert webhook.is_active
    assert webhook.previous_secret
    delivery = webhook.deliveries.get(event="webhook.test")
    assert len(receiver.requests) == 1
    assert delivery.attempt_log.get().status_code == 500
    page = admin_client.get(reverse("admin:tracker_webhookdelivery_change", args=[delivery.pk])).content.decode()
    assert "webhook.test" in page
    assert "500" in page
    webhook_page = admin_client.get(reverse("admin:tracker_webhook_change", args=[webhook.pk])).content.decode()
    assert receiver.url in webhook_page
    assert "webhook.test" in webhook_page
    assert "The whole delivery log" in webhook_page
    log = admin_client.get(reverse("admin:tracker_webhookdelivery_changelist") + f"?webhook__id__exact={webhook.pk}")
    assert log.status_code == 200
    assert reverse("admin:tracker_webhookdelivery_change", args=[delivery.pk]) in log.content.decode()
    response = admin_client.post(
        reverse("admin:tracker_webhookdelivery_changelist"),
        {"action": "retry_now", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "Queued 1 delivery(ies) again." in response.content.decode()


def test_the_api_guides_verification_snippet_accepts_our_signature_and_rejects_a_forgery():
    import re
    import time
    from pathlib import Path

    from django.conf import settings

    guide = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text()
    [snippet] = [block for block in re.findall(r"```python\n(.*?)```", guide, re.S) if "signpost_signature_ok" in block]
    namespace: dict = {}
    exec(snippet, namespace)
    verify = namespace["signpost_signature_ok"]
    body = b'{"type":"webhook.test"}'
    header = signature_header(secrets=["new", "old"], timestamp=int(time.time()), body=body)
    assert verify("new", header, body)
    assert verify("old", header, body)
    assert not verify("other", header, body)
    assert not verify("new", header, body.replace(b"test", b"tess"))
    stale = signature_header(secrets=["new"], timestamp=int(time.time()) - 3600, body=body)
    assert not verify("new", stale, body)


@pytest.mark.parametrize(
    ("status", "state"),
    [(404, "failed"), (410, "failed"), (400, "failed"), (429, "pending"), (408, "pending"), (503, "pending")],
)
def test_a_receiver_s_refusal_is_final_but_slow_down_and_server_errors_are_retried(team, status, state):
    with webhook_receiver(responses=[status]) as receiver:
        webhook = hook(team, url=receiver.url)
        emit(team, "k")
        assert deliver_all(webhook, now=START) == [state]
        # A later sweep tries a retried delivery again, never a refused one.
        due = webhook_deliveries_due(now=START + timedelta(hours=5))
    delivery = webhook.deliveries.get()
    assert (delivery.pk in due) == (state == "pending")
    if state == "failed":
        assert delivery.last_error == f"HTTP {status}: refused by the receiver, not retried."
    assert len(receiver.requests) == 1
