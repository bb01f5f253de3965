"""Celery tasks of operations: the heartbeat, and a probe of which backends a worker uses."""

from celery import current_app, shared_task
from django.db import connection

from tracker.ops.health import heartbeat_record


@shared_task(name="tracker.describe_backends")
def describe_backends() -> dict:
    """Which database and broker the worker really uses; lets tests and operators check the wiring."""
    return {
        "database": connection.vendor,
        "database_name": str(connection.settings_dict["NAME"]),
        "broker": current_app.conf.broker_url.split("://", 1)[0],
    }


@shared_task(name="tracker.record_heartbeat", ignore_result=True)
def record_heartbeat() -> None:
    """Every minute: proves beat, broker, worker and database work together (read by /health/)."""
    heartbeat_record()
