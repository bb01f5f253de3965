"""Operational records: the jobs' heartbeat and replayable API writes."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobHeartbeat(models.Model):
    """The last time a periodic job ran end to end (beat scheduled it, a worker executed it, the database saw it)."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class IdempotentRequest(models.Model):
    """The response to a write sent with an Idempotency-Key, replayed when the same key comes again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status_code = models.PositiveIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_unique_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key} → {self.status_code}"


class OutboxMessage(models.Model):
    """A task to queue, written by the request (or job) that asks for it; a relay in every Celery worker hands it to
    the broker (tracker.ops.outbox). A request therefore never waits on Redis: a hung or stopped broker delays the
    work, never the person."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.task_name}{tuple(self.args)!r}"
