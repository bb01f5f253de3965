"""Health of the web app and its jobs, shared by /health/ and `manage.py check_jobs`."""

from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from tracker.models import JobHeartbeat, Notification, WebhookDelivery

HEARTBEAT = "beat"


def heartbeat_record(*, now: datetime | None = None) -> None:
    JobHeartbeat.objects.update_or_create(name=HEARTBEAT, defaults={"beat_at": now or timezone.now()})


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, connection.vendor
    except Exception as error:  # any failure to reach the database is the report itself
        return False, f"{type(error).__name__}: {error}"


def _broker_ok() -> tuple[bool, str]:
    from tracker.celery import app

    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=3)
        return True, app.conf.broker_url.split("://", 1)[0]
    except Exception as error:  # idem: unreachable broker, bad URL, timeout
        return False, f"{type(error).__name__}: {error}"


def _backlog(oldest: datetime | None, now: datetime) -> dict:
    age = None if oldest is None else max(0.0, (now - oldest).total_seconds())
    limit = settings.SIGNPOST_UNDELIVERED_MAX_AGE
    return {"ok": age is None or age <= limit, "oldest_due_age_seconds": age, "max_age_seconds": limit}


def _backlog_checks(now: datetime) -> dict:
    """Work that is due and not done: a sign that no worker is taking it (retries waiting for their time and
    digests waiting for their day are not due, so a failing receiver alone does not make us unhealthy)."""
    oldest_email = (
        Notification.objects.filter(email_state=Notification.EmailState.PENDING, email_immediately=True)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    oldest_webhook = (
        WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now, webhook__is_active=True
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return {"undelivered_emails": _backlog(oldest_email, now), "undelivered_webhooks": _backlog(oldest_webhook, now)}


def health_report(*, now: datetime | None = None, extra_checks=()) -> dict:
    """{"status": "ok" | "unhealthy", "checks": {...}}; unhealthy when any check fails.

    `extra_checks` are callables returning (name, ok, detail) for what other apps add (undelivered notifications).
    """
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
        checks.update(_backlog_checks(now))
        for check in extra_checks:
            name, ok, detail = check(now)
            checks[name] = {"ok": ok, **detail}
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "unhealthy", "checked_at": now.isoformat(), "checks": checks}
