"""Team webhooks, their deliveries (the outbox) and the attempt log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_webhook_secret() -> str:
    import secrets

    return "whsec_" + secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A team's endpoint for events. Deliveries are signed with `secret`; after a rotation the previous secret
    also signs until `previous_secret_expires_at`, so receivers can switch without dropping events."""

    class Event(models.TextChoices):
        QUESTION_OPENED = "question.opened", "Question opened"
        QUESTION_CLOSED = "question.closed", "Question closed"
        QUESTION_DUE = "question.due", "Question due for resolution"
        QUESTION_RESOLVED = "question.resolved", "Question resolved"
        QUESTION_ANNULLED = "question.annulled", "Question annulled"
        QUESTION_UNRESOLVED = "question.unresolved", "Question resolution withdrawn"
        FORECAST_CREATED = "forecast.created", "Forecast created"
        EVIDENCE_ADDED = "evidence.added", "Evidence added"
        SCORE_COMPUTED = "score.computed", "Scores computed"
        COMMENT_CREATED = "comment.created", "Comment posted"
        ARTICLE_IMPORTED = "article.imported", "Article found by the story monitor"
        EVIDENCE_PROPOSED = "evidence.proposed", "Evidence proposed by the story monitor"
        WEBHOOK_TEST = "webhook.test", "Test event"

    team = models.ForeignKey("tracker.Team", on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500, help_text="Where events are POSTed (http or https).")
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(
        default=list, blank=True, help_text="Event types to send (a JSON list); empty means every event."
    )
    secret = models.CharField(max_length=100, default=new_webhook_secret)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # Fair delivery (tracker.webhooks.services.delivery): one attempt at a time per receiver, held until `in_flight_until`
    # (a lease, so a killed worker frees it), and a receiver that keeps failing or answers slowly is parked until
    # `parked_until`, each park longer than the last (`parks`), so it holds up nobody else's deliveries.
    in_flight_until = models.DateTimeField(null=True, blank=True, editable=False)
    parked_until = models.DateTimeField(null=True, blank=True)
    parks = models.PositiveSmallIntegerField(default=0, editable=False)
    park_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["team", "id"]

    def __str__(self) -> str:
        return f"{self.team} → {self.url}"

    def wants(self, event: str) -> bool:
        return event == self.Event.WEBHOOK_TEST or not self.events or event in self.events


class WebhookDelivery(models.Model):
    """One event for one webhook: the exact body to send, attempted until it succeeds or its retry window ends.
    (webhook, event_key) is unique, so an event emitted twice (a retried task, a re-run sweep) is delivered once."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Gave up"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Webhook.Event.choices)
    event_key = models.CharField(max_length=200, help_text="What happened, e.g. question.resolved:question:12:…")
    event_id = models.UUIDField(help_text="Shared by every webhook's delivery of the same event.")
    delivery_id = models.UUIDField(unique=True, help_text="Sent as X-Signpost-Delivery; receivers dedupe on it.")
    body = models.TextField(help_text="The JSON body, fixed at creation so every attempt sends the same bytes.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(help_text="When a worker may next try (also the lease of a running try).")
    give_up_at = models.DateTimeField()
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_key"], name="webhook_delivery_once"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "succeeded", "failed"]), name="webhook_delivery_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_delivery_queue")]

    def __str__(self) -> str:
        return f"{self.event} → webhook {self.webhook_id} ({self.state})"


class WebhookAttempt(models.Model):
    """The delivery log: every HTTP attempt with its outcome, response code and latency."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    latency_ms = models.PositiveIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    succeeded = models.BooleanField()
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_unique_number")]

    def __str__(self) -> str:
        outcome = self.status_code or self.error or "no response"
        return f"attempt {self.number} of delivery {self.delivery_id}: {outcome}"
