"""Failures on purpose, with real processes: a worker SIGKILLed in the middle of sending an email, and the broker
(a real Redis) stopped while forecasts and a resolution commit. Nothing is lost and nothing is sent twice."""

import shutil
import signal
import socket
import subprocess
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from forecasts.services.reminders import reminders_plan, reminders_sweep
from tests.factories import TeamFactory, make_question, member
from tests.integration.conftest import (
    new_queue,
    routed_to,
    start_worker,
    stop_worker,
    wait_for,
    wait_until_answering,
)
from tests.services import require_service
from tests.smtp import smtp_server
from tracker.config.celery import app
from tracker.models import Membership, Notification, NotificationPreference
from tracker.notifications.services.notifications import notification_preference_set
from tracker.notifications.tasks import deliver_notification_emails
from tracker.ops.tasks import describe_backends

pytestmark = pytest.mark.integration


def due_for_a_curator_who_wants_email_now(email="curator@example.org"):
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR, email=email)
    notification_preference_set(
        user=curator, kind=Notification.Kind.DUE_FOR_RESOLUTION, email=NotificationPreference.Email.IMMEDIATE
    )
    question = make_question(team=team, opens_in=timedelta(days=-60), closes_in=timedelta(days=-31))
    return team, curator, question


def test_a_worker_killed_while_sending_an_email_sends_it_once_after_a_restart(transactional_db, tmp_path):
    _, curator, question = due_for_a_curator_who_wants_email_now()
    reminders_plan()
    reminders_sweep()
    notification = Notification.objects.get(recipient=curator, question=question)
    assert notification.email_state == "pending"
    queue, log = new_queue(), tmp_path / "worker.log"
    with smtp_server() as smtp, routed_to(queue):
        smtp.hang = True
        email_url = f"smtp://127.0.0.1:{smtp.port}"
        first = start_worker(queue=queue, log_path=log, EMAIL_URL=email_url)
        try:
            wait_until_answering(log)
            deliver_notification_emails.delay()
            assert smtp.stalled.wait(60), log.read_text()[-3000:]
            first.send_signal(signal.SIGKILL)  # mid-send: the message is on the wire, not acknowledged
            first.wait(timeout=20)
        finally:
            if first.poll() is None:
                first.kill()
        notification.refresh_from_db()
        assert notification.email_state == "pending"
        assert smtp.accepted == []
        # The killed worker's claim holds the email for its lease (longer than the task may run): a tick now sends
        # nothing. Instead of waiting out the lease, let it pass.
        assert notification.email_next_attempt_at > timezone.now() + timedelta(seconds=60)
        Notification.objects.filter(pk=notification.pk).update(email_next_attempt_at=timezone.now())

        smtp.hang = False
        second = start_worker(queue=queue, log_path=log, EMAIL_URL=email_url)
        try:
            wait_until_answering(log)

            def tick():  # what beat does every minute; the killed transaction's row lock may take a moment to go
                deliver_notification_emails.delay()
                describe_backends.delay().get(timeout=60)

            assert wait_for(lambda: smtp.accepted, timeout=60, interval=0.5, between=tick), log.read_text()[-3000:]
            for _ in range(2):  # later ticks find nothing to send
                tick()
        finally:
            stop_worker(second)
    assert len(smtp.accepted) == 1
    assert f"Resolve: {question.title}" in smtp.accepted[0]
    assert "curator@example.org" in smtp.accepted[0]
    notification.refresh_from_db()
    assert notification.email_state == "sent"
    assert Notification.objects.filter(recipient=curator, kind=Notification.Kind.DUE_FOR_RESOLUTION).count() == 1


# --- a Redis we can stop and start ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, binary: str, folder: Path):
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        assert wait_for(lambda: self._pings(client), timeout=20), "redis-server did not start"

    @staticmethod
    def _pings(client) -> bool:
        try:
            return client.ping()
        except Exception:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case a test froze it
            self.process.terminate()
            self.process.wait(timeout=20)

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections, but nothing ever answers (a hung server)."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def reset_connections() -> None:
    """Drop this process's cached broker and result-backend connections, so the next use reads the config."""
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


@contextmanager
def broker(url: str):
    previous = app.conf.broker_url, app.conf.result_backend, app.conf.broker_transport_options
    app.conf.broker_url, app.conf.result_backend = url, url
    app.conf.broker_transport_options = {
        "visibility_timeout": 3600,
        "socket_timeout": settings.REDIS_TIMEOUT,
        "socket_connect_timeout": settings.REDIS_TIMEOUT,
    }
    reset_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.result_backend, app.conf.broker_transport_options = previous
        reset_connections()


def test_forecasts_and_due_notifications_survive_a_redis_outage(transactional_db, tmp_path):
    from forecasts.models import AggregateForecast, Forecast, Score
    from forecasts.services.forecasting import forecast_submit
    from forecasts.tasks import sweep_engine, sweep_reminders
    from tests.factories import UserFactory
    from tracker.questions.services.lifecycle import question_resolve

    binary = shutil.which("redis-server")
    require_service("redis-server", binary is not None, "apt-get install redis-server (.ci/run installs it)")
    redis_server = RedisServer(binary, tmp_path)
    redis_server.start()
    queue, log, mail_dir = new_queue(), tmp_path / "worker.log", tmp_path / "mail"
    mail_dir.mkdir()
    _, curator, due_question = due_for_a_curator_who_wants_email_now()
    open_question = make_question()
    settled = make_question()
    forecast_submit(user=UserFactory(), question=settled, probability=0.9)
    try:
        with broker(redis_server.url), routed_to(queue):

            def launch():
                return start_worker(
                    queue=queue,
                    log_path=log,
                    REDIS_URL=redis_server.url,
                    CELERY_BROKER_URL=redis_server.url,
                    CELERY_RESULT_BACKEND=redis_server.url,
                    EMAIL_URL=f"filemail://{mail_dir}",
                )

            workers = [launch()]
            try:
                wait_until_answering(log)
                redis_server.stop()
                # The broker is down: every commit still succeeds (its tasks wait in the outbox).
                forecasters = [UserFactory() for _ in range(4)]
                for n, forecaster in enumerate(forecasters):
                    forecast_submit(user=forecaster, question=open_question, probability=0.2 + 0.1 * n)
                question_resolve(question=settled, outcome="yes", resolved_by=None)
                assert Forecast.objects.filter(question=open_question).count() == 4
                # The crowd moves with each forecast, in its transaction: no broker needed. Scoring waits for it.
                assert AggregateForecast.objects.filter(question=open_question, forecaster_count=4).exists()
                assert not Score.objects.filter(question=settled).exists()

                redis_server.start()  # same port: the worker and this process reconnect

                def tick():  # beat's periodic sweeps, which enqueue whatever was missed
                    # A worker whose reconnection crashed (kombu can raise while restoring unacknowledged messages
                    # on a connection that is gone) exits; the deployment's restart policy (docker-compose
                    # `restart: unless-stopped`, a systemd unit) starts it again, and so does this test.
                    if workers[-1].poll() is not None:
                        workers.append(launch())
                    try:
                        sweep_engine.delay()
                        sweep_reminders.delay()
                        deliver_notification_emails.delay()
                    except Exception:
                        pass  # still reconnecting

                def caught_up():
                    return (
                        AggregateForecast.objects.filter(question=open_question, forecaster_count=4).exists()
                        and Score.objects.filter(question=settled).exists()
                        and Notification.objects.filter(recipient=curator, email_state="sent").exists()
                    )

                assert wait_for(caught_up, timeout=120, interval=2, between=tick), log.read_text()[-4000:]
            finally:
                for worker in workers:
                    stop_worker(worker)
    finally:
        redis_server.stop()
    assert Forecast.objects.filter(question=open_question).count() == 4
    [due] = Notification.objects.filter(recipient=curator, question=due_question)
    assert due.window == "step-0"
    emails = [path.read_text() for path in mail_dir.iterdir()]
    assert sum(f"Resolve: {due_question.title}" in email for email in emails) == 1
