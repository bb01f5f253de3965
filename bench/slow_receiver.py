"""One team's slow receiver against everyone else's deliveries, with real workers (issue #27, 5).

Workers as in production (docker-compose): one for the default and heavy queues, two for webhooks (`outbound`),
one for emails, all relaying the outbox; Redis as the broker; receivers and an SMTP server on loopback. Each run:
team A's webhook points at a receiver that trickles one byte a second (each attempt cut at
SIGNPOST_WEBHOOK_TIMEOUT) and is sent 60 test events; a second later team B emits 10 events to a fast receiver and
a team B member gets an immediate email. Measured: how long after it was queued each of B's deliveries arrived, and
the email; how many attempts reached A's receiver in the run (parked after its first slow answer: one). Reported:
each figure's median over runs and its range. Target: B's deliveries and the email within 5 s. (Each run waits for
A's attempt to end before the next begins: K receivers slow at the same moment hold K outbound slots.)

Needs redis-server. Uses DATABASE_URL (a scratch database: migrated and flushed) or a scratch SQLite file.
    python bench/slow_receiver.py [--runs 3]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import fresh_database, redis_server_binary, use_scratch_database  # noqa: E402

use_scratch_database("bench-slow-receiver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from results_file import write_results  # noqa: E402

from tests.factories import TeamFactory, UserFactory  # noqa: E402
from tests.integration.conftest import new_queue, routed_to, start_worker, stop_worker, wait_for  # noqa: E402
from tests.integration.test_failures import RedisServer, broker  # noqa: E402
from tests.integration.test_outbound import trickling_receiver  # noqa: E402
from tests.receiver import webhook_receiver  # noqa: E402
from tests.smtp import smtp_server  # noqa: E402
from tracker.models import Notification, NotificationPreference, WebhookAttempt, WebhookDelivery  # noqa: E402
from tracker.notifications.services.notifications import notification_preference_set, notification_send  # noqa: E402
from tracker.webhooks.services.events import webhook_event_emit  # noqa: E402
from tracker.webhooks.services.webhooks import webhook_create, webhook_send_test  # noqa: E402

SLOW_EVENTS, OTHER_EVENTS = 60, 10


def one_run(run: int, fast_url: str, slow_url: str) -> dict:
    slow_team, other_team = TeamFactory(slug=f"slow-{run}"), TeamFactory(slug=f"other-{run}")
    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    try:
        slow = webhook_create(team=slow_team, url=slow_url)
        other = webhook_create(team=other_team, url=fast_url)
    finally:
        settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    for _ in range(SLOW_EVENTS):
        webhook_send_test(webhook=slow)
    time.sleep(1)
    reader = UserFactory(username=f"reader-{run}", email=f"reader-{run}@example.org")
    notification_preference_set(user=reader, kind="resolved", email=NotificationPreference.Email.IMMEDIATE)
    with transaction.atomic():
        for n in range(OTHER_EVENTS):
            webhook_event_emit(team_id=other_team.pk, event="question.due", key=f"run{run}-{n}", data=lambda: {})
        notification, _ = notification_send(
            recipient=reader, kind="resolved", subject=f"run{run}", window="w", title="Resolved", body="A result."
        )
    others = WebhookDelivery.objects.filter(webhook=other)

    def all_arrived():
        sent = Notification.objects.filter(pk=notification.pk, email_state="sent").exists()
        return sent and others.filter(state="succeeded").count() == OTHER_EVENTS

    arrived = wait_for(all_arrived, timeout=120, interval=0.05)
    delays = [(d.delivered_at - d.created_at).total_seconds() for d in others.filter(state="succeeded")]
    notification.refresh_from_db()
    # The slow receiver's attempt ends at the deadline and parks it; the next run starts with every worker free.
    parked = wait_for(lambda: type(slow).objects.filter(pk=slow.pk, parked_until__isnull=False).exists(), timeout=60)
    return {
        "all_arrived": arrived,
        "other_team_delivery_delay_seconds_max": round(max(delays), 2) if delays else None,
        "other_team_delivery_delay_seconds_median": round(statistics.median(delays), 2) if delays else None,
        "email_delay_seconds": (
            round((notification.emailed_at - notification.created_at).total_seconds(), 2)
            if notification.emailed_at
            else None
        ),
        "slow_receiver_attempts_during_run": WebhookAttempt.objects.filter(delivery__webhook=slow).count(),
        "slow_receiver_parked": parked,
    }


def summary(runs: list[dict], key: str) -> dict:
    values = [run[key] for run in runs if run[key] is not None]
    if not values:
        return {"median": None, "range": None}
    return {"median": round(statistics.median(values), 2), "range": [min(values), max(values)]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = redis_server_binary("slow_receiver.py")
    fresh_database()
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        redis_server = RedisServer(binary, work)
        redis_server.start()
        queue = new_queue()
        overrides = {
            "SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
            "REDIS_URL": redis_server.url,
            "CELERY_BROKER_URL": redis_server.url,
            "CELERY_RESULT_BACKEND": redis_server.url,
        }
        workers = []
        try:
            with (
                broker(redis_server.url),
                routed_to(queue),
                smtp_server() as smtp,
                webhook_receiver(responses=[200]) as fast,
                trickling_receiver() as slow_url,
            ):
                mail = {"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}"}
                for name, queues in (("main", "others"), ("out-1", "outbound"), ("out-2", "outbound")):
                    workers.append(start_worker(queue=queue, log_path=work / f"{name}.log", queues=queues, **overrides))
                workers.append(
                    start_worker(queue=queue, log_path=work / "email.log", queues="email", **overrides, **mail)
                )
                time.sleep(5)  # the workers start and their relays begin
                for run in range(args.runs):
                    runs.append(one_run(run, fast.url, slow_url))
                    print(runs[-1], flush=True)
        finally:
            for worker in workers:
                stop_worker(worker)
            redis_server.stop()
    results = {
        "database": django.db.connection.vendor,
        "runs": runs,
        "webhook_timeout_seconds": settings.SIGNPOST_WEBHOOK_TIMEOUT,
        "slow_seconds": settings.SIGNPOST_WEBHOOK_SLOW_SECONDS,
        "other_team_delivery_delay_seconds_max": summary(runs, "other_team_delivery_delay_seconds_max"),
        "email_delay_seconds": summary(runs, "email_delay_seconds"),
        "slow_receiver_attempts_per_run": summary(runs, "slow_receiver_attempts_during_run"),
    }
    write_results(f"slow-receiver-{results['database']}", results)


if __name__ == "__main__":
    main()
