"""Reliability under failure, with real processes: the figures of the "Reliability" section of docs/operations.md.

- SIGKILL ×3: a worker sending 1,500 immediate emails to a real SMTP server (on loopback) is killed three times
  mid-send and restarted; counts duplicates and losses.
- One refusing recipient: 200 emails, one address refused (550), three sweeps; everyone else's mail once.
- A trickling receiver: a webhook receiver answering a byte a second, with an outbound worker and a worker for the
  rest (as in production); how long a community forecast and scores take meanwhile, and when the attempt ends.
- A hung Redis (needs redis-server): the time a web request that queues work takes while Redis is SIGSTOPped, and
  /health/'s answer time.

Uses DATABASE_URL (a scratch database: the script migrates and flushes it) or a scratch SQLite file.
    python bench/reliability.py [--emails 1500] [--kills 3]
"""

import argparse
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import fresh_database, use_scratch_database  # noqa: E402

use_scratch_database("bench-reliability")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from results_file import write_results  # noqa: E402

from forecasts.models import AggregateForecast, Score  # noqa: E402
from forecasts.services.forecasting import forecast_submit  # noqa: E402
from tests.factories import TeamFactory, UserFactory, make_question  # noqa: E402
from tests.integration.conftest import new_queue, routed_to, start_worker, stop_worker, wait_for  # noqa: E402
from tests.integration.test_failures import RedisServer, broker  # noqa: E402
from tests.integration.test_outbound import trickling_receiver  # noqa: E402
from tests.smtp import smtp_server  # noqa: E402
from tracker.models import Notification, NotificationPreference, User, WebhookAttempt  # noqa: E402
from tracker.notifications.services.notifications import notifications_send_many  # noqa: E402
from tracker.notifications.tasks import deliver_notification_emails  # noqa: E402
from tracker.questions.services.lifecycle import question_resolve  # noqa: E402
from tracker.webhooks.services.webhooks import webhook_create  # noqa: E402


def immediate_emails(count: int, prefix: str) -> list[str]:
    users = User.objects.bulk_create(
        [User(username=f"{prefix}{n}", email=f"{prefix}{n}@example.org") for n in range(count)]
    )
    from tracker.models import NotificationPreference as Preference

    Preference.objects.bulk_create(
        [Preference(user=user, kind="resolved", email=NotificationPreference.Email.IMMEDIATE) for user in users]
    )
    notifications_send_many(
        [
            {"recipient": user, "kind": "resolved", "subject": "q:1", "window": "w", "title": "Resolved", "body": "b"}
            for user in users
        ]
    )
    return [user.email for user in users]


def tick_until(condition, timeout: float) -> bool:
    return wait_for(condition, timeout=timeout, interval=0.5, between=deliver_notification_emails.delay)


def sigkill_during_emails(emails: int, kills: int, work: Path) -> dict:
    fresh_database()
    addresses = immediate_emails(emails, "kill")
    queue, log = new_queue(), work / "kill.log"
    with smtp_server() as smtp, routed_to(queue):
        url = f"smtp://127.0.0.1:{smtp.port}"
        started = time.monotonic()
        for kill in range(kills):
            worker = start_worker(queue=queue, log_path=log, EMAIL_URL=url)
            target = (kill + 1) * emails // (kills + 1)
            tick_until(lambda target=target: len(smtp.accepted) >= target, timeout=300)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
        # The killed workers' claims are leased; let the leases pass rather than wait them out.
        Notification.objects.filter(email_state="pending").update(email_next_attempt_at=None)
        worker = start_worker(queue=queue, log_path=log, EMAIL_URL=url)
        try:
            tick_until(lambda: not Notification.objects.filter(email_state="pending").exists(), timeout=600)
        finally:
            stop_worker(worker)
        seconds = time.monotonic() - started
        delivered = smtp.deliveries()
    duplicates = sum(count - 1 for count in delivered.values())
    return {
        "emails": emails,
        "kills": kills,
        "accepted_by_smtp": sum(delivered.values()),
        "duplicates": duplicates,
        "lost": len(set(addresses) - set(delivered)),
        "seconds": round(seconds, 1),
    }


def one_refusing_recipient(work: Path) -> dict:
    fresh_database()
    addresses = immediate_emails(200, "refuse")
    queue, log = new_queue(), work / "refuse.log"
    with smtp_server() as smtp, routed_to(queue):
        smtp.refused.add(addresses[17])
        worker = start_worker(queue=queue, log_path=log, EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}")
        try:
            for _ in range(3):
                deliver_notification_emails.delay()
                time.sleep(2)
            tick_until(lambda: not Notification.objects.filter(email_state="pending").exists(), timeout=120)
        finally:
            stop_worker(worker)
        delivered = smtp.deliveries()
    return {
        "emails": len(addresses),
        "refused_address_got": delivered.get(addresses[17], 0),
        "others_sent_exactly_once": sum(1 for a in addresses if a != addresses[17] and delivered.get(a) == 1),
        "others_duplicated": sum(1 for a in addresses if delivered.get(a, 0) > 1),
        "refused_marked_failed": Notification.objects.filter(
            recipient__email=addresses[17], email_state="failed"
        ).exists(),
    }


def trickling_webhook_receiver(work: Path, timeout: int = 10) -> dict:
    fresh_database()
    team = TeamFactory()
    overrides = {"SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true", "SIGNPOST_WEBHOOK_TIMEOUT": str(timeout)}
    queue = new_queue()
    with trickling_receiver() as url, routed_to(queue):
        settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
        webhook_create(team=team, url=url)
        settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
        main = start_worker(queue=queue, log_path=work / "main.log", queues="others", **overrides)
        outbound = start_worker(queue=queue, log_path=work / "outbound.log", queues="outbound", **overrides)
        try:
            slow = make_question(team=team, title="Its webhooks go to a slow receiver")
            forecast_submit(user=UserFactory(), question=slow, probability=0.6)
            time.sleep(3)  # both workers up, the forecast's webhook already trickling
            started = time.monotonic()
            question_resolve(question=slow, outcome="yes", resolved_by=None)
            other = make_question(title="Elsewhere")
            forecast_submit(user=UserFactory(), question=other, probability=0.3)
            wait_for(lambda: AggregateForecast.objects.filter(question=other).exists(), timeout=60)
            community_seconds = time.monotonic() - started
            wait_for(lambda: Score.objects.filter(question=slow).exists(), timeout=60)
            scores_seconds = time.monotonic() - started
            wait_for(lambda: WebhookAttempt.objects.count() >= 2, timeout=timeout * 3 + 30)
        finally:
            stop_worker(main)
            stop_worker(outbound)
    attempts = list(WebhookAttempt.objects.order_by("id").values_list("latency_ms", "error"))
    return {
        "receiver": "one byte a second",
        "webhook_timeout_seconds": timeout,
        "community_forecast_elsewhere_seconds": round(community_seconds, 2),
        "scores_of_the_resolved_question_seconds": round(scores_seconds, 2),
        "attempts_logged": len(attempts),
        "attempt_latency_ms": [latency for latency, _ in attempts],
        "attempt_errors": sorted({error for _, error in attempts}),
    }


def hung_redis(work: Path, requests: int = 20) -> dict | None:
    binary = shutil.which("redis-server")
    if binary is None:
        return None
    fresh_database()
    redis_server = RedisServer(binary, work)
    redis_server.start()
    question = make_question()
    client = Client()
    client.force_login(UserFactory())

    def timed(path: str, data=None) -> float:
        started = time.monotonic()
        (client.post(path, data) if data is not None else client.get(path))
        return time.monotonic() - started

    try:
        with broker(redis_server.url):
            normal = [timed(f"/questions/{question.slug}/forecast/", {"probability": "40"}) for _ in range(requests)]
            redis_server.freeze()
            hung = [timed(f"/questions/{question.slug}/forecast/", {"probability": "41"}) for _ in range(requests)]
            health = timed("/health/")
            redis_server.thaw()
    finally:
        redis_server.stop()

    def p95(values):
        return round(statistics.quantiles(values, n=20)[18], 3)

    return {
        "requests": requests,
        "redis_timeout_seconds": settings.REDIS_TIMEOUT,
        "forecast_request_p95_seconds_redis_up": p95(normal),
        "forecast_request_p95_seconds_redis_hung": p95(hung),
        "health_answer_seconds_redis_hung": round(health, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=1500)
    parser.add_argument("--kills", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results = {
            "database": django.db.connection.vendor,
            "broker": settings.CELERY_BROKER_URL.split("://", 1)[0],
            "sigkill_during_emails": sigkill_during_emails(args.emails, args.kills, work),
            "one_refusing_recipient": one_refusing_recipient(work),
            "trickling_webhook_receiver": trickling_webhook_receiver(work),
            "hung_redis": hung_redis(work),
        }
    write_results(f"reliability-{results['database']}", results)


if __name__ == "__main__":
    main()
