"""Health of the web app and its jobs, shared by /health/ and `manage.py check_jobs`.

The database, the broker and the heartbeat are checked here; each domain registers the checks of its own backlog
(`register_health_check`), so that this module, the lowest layer, never reads another domain's tables.
"""

import concurrent.futures
from collections.abc import Callable
from datetime import datetime

from celery import current_app
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tracker.ops.models import JobHeartbeat, OutboxMessage

HEARTBEAT = "beat"

# name -> check(now) returning {"ok": bool, ...details}; filled by AppConfig.ready() of the apps that own the work.
HealthCheck = Callable[[datetime], dict]
_CHECKS: dict[str, HealthCheck] = {}


def register_health_check(name: str, check: HealthCheck) -> None:
    """Add (or replace) a named check of the health report."""
    _CHECKS[name] = check


def heartbeat_record(*, now: datetime | None = None) -> None:
    JobHeartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"beat_at": now or timezone.now()})


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, connection.vendor
    except Exception as error:  # any failure to reach the database is the report itself
        return False, f"{type(error).__name__}: {error}"


BROKER_CHECK_SECONDS = 3
_probe = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="health-broker")


def _broker_round_trip() -> str:
    """Connect and, for Redis, ask it something: a hung server accepts connections and then never answers."""
    app = current_app
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_CHECK_SECONDS)
        client = getattr(broker.default_channel, "client", None)
        if client is not None and hasattr(client, "ping"):
            client.ping()
    return app.conf.broker_url.split("://", 1)[0]


def _broker_ok() -> tuple[bool, str]:
    """Within BROKER_CHECK_SECONDS whatever the broker does, so /health/ answers in its own time budget."""
    future = _probe.submit(_broker_round_trip)
    try:
        return True, future.result(timeout=BROKER_CHECK_SECONDS)
    except concurrent.futures.TimeoutError:
        return False, f"No answer within {BROKER_CHECK_SECONDS} s."
    except Exception as error:  # idem: unreachable broker, bad URL, refused connection
        return False, f"{type(error).__name__}: {error}"


def backlog(oldest: datetime | None, now: datetime, *, max_age: int | None = None) -> dict:
    """A backlog check's result: healthy while the oldest due item waited no longer than allowed."""
    age = None if oldest is None else max(0.0, (now - oldest).total_seconds())
    limit = settings.SIGNPOST_UNDELIVERED_MAX_AGE if max_age is None else max_age
    return {"ok": age is None or age <= limit, "oldest_due_age_seconds": age, "max_age_seconds": limit}


def _outbox(now: datetime) -> dict:
    """Tasks waiting to reach the broker: older than SIGNPOST_OUTBOX_MAX_AGE means no relay runs (no worker) or
    the broker has been down that long."""
    oldest = OutboxMessage.objects.order_by("pk").values_list("created_at", flat=True).first()
    report = backlog(oldest, now, max_age=settings.SIGNPOST_OUTBOX_MAX_AGE)
    report["waiting"] = OutboxMessage.objects.count() if oldest is not None else 0
    return report


def health_report(*, now: datetime | None = None) -> dict:
    """{"status": "ok" | "unhealthy", "checks": {...}}; unhealthy when any check fails."""
    now = now or timezone.now()
    checks = {}
    ok, detail = _database_ok()
    checks["database"] = {"ok": ok, "detail": detail}
    ok, detail = _broker_ok()
    checks["broker"] = {"ok": ok, "detail": detail}
    if checks["database"]["ok"]:
        beat_at = JobHeartbeat.objects.filter(name=HEARTBEAT).values_list("beat_at", flat=True).first()
        age = None if beat_at is None else (now - beat_at).total_seconds()
        checks["heartbeat"] = {
            "ok": age is not None and age <= settings.SIGNPOST_HEARTBEAT_MAX_AGE,
            "age_seconds": age,
            "max_age_seconds": settings.SIGNPOST_HEARTBEAT_MAX_AGE,
        }
        checks["outbox"] = _outbox(now)
        for name, check in sorted(_CHECKS.items()):
            checks[name] = check(now)
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "unhealthy", "checked_at": now.isoformat(), "checks": checks}
