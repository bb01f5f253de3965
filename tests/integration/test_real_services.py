"""The suite against real services: the database and broker CI provides, and a real Celery worker.

Locally these use whatever is configured (SQLite and the filesystem broker by default) and skip what is absent;
with CI=true an absent PostgreSQL or Redis is a failure.
"""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.factories import make_question
from tests.integration.conftest import wait_for
from tests.services import IN_CI, require_service
from tracker.models import Question, QuestionTransition
from tracker.ops.tasks import describe_backends
from tracker.questions.tasks import apply_question_schedule, sweep_question_lifecycle

pytestmark = pytest.mark.integration


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_15_in_ci():
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL=postgres://... (.ci/run starts a cluster)"
    )
    assert connection.pg_version // 10000 >= 15
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"database: PostgreSQL {version}, {connection.settings_dict['NAME']}")


def test_redis_answers_and_is_the_broker():
    require_service("Redis", bool(settings.REDIS_URL), "set REDIS_URL=redis://127.0.0.1:6379/0 (.ci/run starts one)")
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5)
    assert client.ping() is True
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    print(f"broker: Redis {client.info()['redis_version']} at {settings.REDIS_URL}")


def test_ci_uses_both_real_services():
    if not IN_CI:
        pytest.skip("Only CI promises PostgreSQL and Redis together.")
    assert connection.vendor == "postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")


def test_the_worker_uses_the_test_database_and_the_configured_broker(celery_worker):
    backends = describe_backends.delay().get(timeout=30)
    assert backends["database"] == connection.vendor
    assert backends["database_name"].endswith(str(connection.settings_dict["NAME"]).rsplit("/", 1)[-1])
    expected_broker = "redis" if settings.REDIS_URL else "filesystem"
    assert backends["broker"] == expected_broker
    if IN_CI:
        assert backends == {**backends, "database": "postgresql", "broker": "redis"}


def test_the_worker_runs_the_lifecycle_sweep(celery_worker):
    now = timezone.now()
    due = make_question(status=Question.Status.SCHEDULED, opens_in=timedelta(minutes=-2), closes_in=timedelta(days=5))
    past = make_question(opens_in=timedelta(days=-3), closes_in=timedelta(seconds=-30))
    sweep_question_lifecycle.delay()
    assert wait_for(lambda: Question.objects.get(pk=due.pk).status == Question.Status.OPEN)
    assert wait_for(lambda: Question.objects.get(pk=past.pk).status == Question.Status.CLOSED)
    closed = Question.objects.get(pk=past.pk)
    assert closed.closed_at == closed.scheduled_close_at < now


def test_the_same_schedule_task_twice_makes_one_transition(celery_worker):
    question = make_question(status=Question.Status.SCHEDULED, opens_in=timedelta(minutes=-1))
    apply_question_schedule.delay(question.pk)
    apply_question_schedule.delay(question.pk)
    describe_backends.delay().get(timeout=60)  # the solo worker runs its queue in order: both have run
    assert QuestionTransition.objects.filter(question=question, to_status="open").count() == 1
    assert Question.objects.get(pk=question.pk).status == Question.Status.OPEN


def test_a_forecast_updates_the_community_forecast_on_the_worker(celery_worker):
    from forecasts.models import AggregateForecast
    from forecasts.services.forecasting import forecast_submit
    from tests.factories import UserFactory

    question = make_question()
    forecast_submit(user=UserFactory(), question=question, probability=0.3)
    forecast_submit(user=UserFactory(), question=question, probability=0.5)
    # Committed (transactional test): each submission queued an update after commit; the worker applies them.
    assert wait_for(
        lambda: AggregateForecast.objects.filter(
            question=question, method="recency_weighted_median", forecaster_count=2
        ).exists()
    )
    latest = AggregateForecast.objects.filter(question=question, method="recency_weighted_median").latest("at")
    assert latest.probability == pytest.approx(0.4)


def test_resolving_scores_the_question_on_the_worker(celery_worker):
    from forecasts.models import Score
    from forecasts.services.forecasting import forecast_submit
    from tests.factories import UserFactory
    from tracker.questions.services.lifecycle import question_resolve

    question = make_question()
    forecast_submit(user=UserFactory(), question=question, probability=0.8)
    question_resolve(question=question, outcome="yes", resolved_by=None)
    assert wait_for(lambda: Score.objects.filter(question=question, is_crowd=True).count() == 6)


def test_a_due_question_reaches_its_curator_once_in_app_and_by_email(celery_worker):
    from forecasts.tasks import sweep_reminders
    from tests.factories import TeamFactory, member
    from tracker.models import Membership, Notification, NotificationPreference
    from tracker.notifications.services.notifications import notification_preference_set
    from tracker.notifications.tasks import deliver_notification_emails

    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR, email="curator@example.org")
    notification_preference_set(
        user=curator, kind=Notification.Kind.DUE_FOR_RESOLUTION, email=NotificationPreference.Email.IMMEDIATE
    )
    # resolve_by is 30 days after the close: one day ago, so only the first step is due.
    question = make_question(team=team, opens_in=timedelta(days=-60), closes_in=timedelta(days=-31))

    def emails():
        return [path.read_text() for path in celery_worker.mail_dir.iterdir()]

    for _ in range(2):  # a duplicate tick changes nothing
        sweep_reminders.delay()
        describe_backends.delay().get(timeout=60)  # the solo worker runs its queue in order: a barrier
        deliver_notification_emails.delay()
        describe_backends.delay().get(timeout=60)
    assert len(emails()) == 1, [
        e.split("Subject: ")[1].split("\n")[0] + " | " + e.split("To: ")[1].split("\n")[0] for e in emails()
    ]
    assert Notification.objects.filter(recipient=curator, question=question, window="step-0").count() == 1
    [email] = emails()
    assert f"Resolve: {question.title}" in email
    assert "curator@example.org" in email
    assert Notification.objects.get(recipient=curator, window="step-0").email_state == "sent"


def test_a_loopback_webhook_receiver_gets_signed_events_and_a_500_is_retried(celery_worker, settings):
    import json

    from tests.factories import TeamFactory
    from tests.receiver import webhook_receiver
    from tracker.models import WebhookDelivery
    from tracker.questions.services.lifecycle import question_resolve
    from tracker.webhooks.services.webhooks import webhook_create
    from tracker.webhooks.signing import signature_verify
    from tracker.webhooks.tasks import sweep_webhook_deliveries

    team = TeamFactory()
    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on loopback
    with webhook_receiver(responses=[500, 200]) as receiver:
        webhook = webhook_create(team=team, url=receiver.url, events=["question.resolved"])
        question = make_question(team=team)
        question_resolve(question=question, outcome="no", resolved_by=None, notes="Not adopted.")
        # Committed: the delivery was queued after commit and the worker posts it; the receiver answers 500.
        assert wait_for(lambda: len(receiver.requests) == 1)
        assert wait_for(lambda: WebhookDelivery.objects.get(webhook=webhook).attempt_log.count() == 1)
        delivery = WebhookDelivery.objects.get(webhook=webhook)
        assert delivery.state == "pending"
        assert delivery.last_status_code == 500
        assert delivery.next_attempt_at > timezone.now()  # backing off
        # Instead of waiting the minute of backoff, let it pass; then the sweep (as beat would) retries it.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        sweep_webhook_deliveries.delay()
        assert wait_for(lambda: WebhookDelivery.objects.get(pk=delivery.pk).state == "succeeded")
    first, second = receiver.requests
    assert first.body == second.body
    assert first.headers["X-Signpost-Delivery"] == second.headers["X-Signpost-Delivery"] == str(delivery.delivery_id)
    for request in (first, second):
        assert signature_verify(
            secret=webhook.secret,
            header=request.headers["X-Signpost-Signature"],
            body=request.body,
            now=int(time.time()),
        )
    event = json.loads(first.body)
    assert event["type"] == "question.resolved"
    assert event["data"]["question"]["outcome"] == "No"
    log = list(delivery.attempt_log.order_by("number").values_list("number", "status_code", "succeeded"))
    assert log == [(1, 500, False), (2, 200, True)]


def test_a_worker_polls_a_feed_on_the_monitor_queue_once_however_often_asked(celery_worker, settings):
    from tests.factories import TeamFactory, member
    from tests.tracker.monitor.news_site import news_site, page
    from tracker.models import Membership, Source
    from tracker.monitor.models import NewsSource
    from tracker.monitor.services import news_source_add
    from tracker.monitor.tasks import poll_due_sources, poll_source

    settings.SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES = True  # the news site is on loopback
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR)
    story = (
        "European Union member states formally adopted a new package of sanctions on North Korea on Tuesday, "
        "the Council said, over the deployment of its troops to Russia and the arms it ships to Moscow."
    )
    with news_site() as site:
        site.pages["/eu"] = (200, "text/html", page("EU adopts sanctions on Pyongyang", story))
        site.feed(["/eu"])
        source = news_source_add(team=team, url=f"{site.url}/feed.xml", kind="feed", added_by=curator)
        # Committed: the first poll was queued after commit; the worker polls it on the monitor queue.
        assert wait_for(lambda: NewsSource.objects.get(pk=source.pk).last_polled_at is not None)
        for _ in range(3):  # asked again and again, as a retried task or a second sweep would
            poll_source.delay(source.pk)
        poll_due_sources.delay()  # not due again for 30 minutes: queues nothing
        assert wait_for(lambda: site.hits("/feed.xml") >= 4)
        time.sleep(1)
    assert Source.objects.filter(team=team).count() == 1
    assert site.hits("/eu") == 1  # the later polls found the feed unchanged (a 304) and read no page again
    assert NewsSource.objects.get(pk=source.pk).last_outcome == "Unchanged since the last poll."
