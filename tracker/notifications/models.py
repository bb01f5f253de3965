"""Notifications, each person's preferences, and the daily digests sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """One message to one person. The key (recipient, kind, subject, window) is unique, so whatever retries, races
    or duplicate ticks happen upstream, a notification exists, and is emailed, once."""

    class Kind(models.TextChoices):
        DUE_FOR_RESOLUTION = "due_for_resolution", "Question due for resolution"
        CLOSING_SOON = "closing_soon", "Question closing soon"
        STALE_FORECAST = "stale_forecast", "New evidence since your forecast"
        RESOLVED = "resolved", "Question resolved, with your scores"
        WEBHOOK_DISABLED = "webhook_disabled", "Team webhook disabled after failures"
        CLARIFICATION = "clarification", "A question you forecast was clarified"
        PROPOSAL = "proposal", "A resolution was proposed on a question you curate"
        PROPOSAL_DECIDED = "proposal_decided", "A resolution you proposed was approved, rejected or overtaken"
        SIGNPOST = "signpost", "A signpost of a scenario you follow moved or resolved"
        COMMENT = "comment", "A new comment on a question you follow"
        MENTION = "mention", "Someone mentioned you in a comment"
        TEAM = "team", "Your team membership changed, or someone asks to join your team"

    class SlackState(models.TextChoices):
        PENDING = "pending", "Waiting for the Slack sweep"
        QUEUED = "queued", "Queued as a Slack direct message"
        SKIPPED = "skipped", "No Slack message (preference, or no linked Slack account)"

    class EmailState(models.TextChoices):
        PENDING = "pending", "Waiting to be emailed"
        SENT = "sent", "Emailed"
        SKIPPED = "skipped", "Not emailed (preference)"
        FAILED = "failed", "Not emailed (refused, or retries ran out)"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    subject = models.CharField(max_length=100, help_text="What it is about, e.g. question:12.")
    window = models.CharField(max_length=40, help_text="Which occurrence, e.g. step-1 of an escalation.")
    question = models.ForeignKey("tracker.Question", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    email_immediately = models.BooleanField(default=False)
    # Sending, one email at a time: attempts so far; when it may next be tried (also the lease of a claimed send:
    # a worker that dies mid-send leaves it to be retried then); why the last attempt failed.
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)
    digest = models.ForeignKey(
        "tracker.EmailDigest", null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Slack direct messages (tracker.slack): pending until the Slack sweep turns it into a message to the recipient's
    # linked Slack account (queued) or finds none (skipped).
    slack_state = models.CharField(max_length=10, choices=SlackState.choices, default=SlackState.SKIPPED)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "subject", "window"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["email_state", "recipient"], name="notification_email_queue"),
            models.Index(
                fields=["email_state", "email_immediately", "email_next_attempt_at"], name="notification_email_due"
            ),
            models.Index(fields=["slack_state"], name="notification_slack_due"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"


# Kinds sent as a Slack direct message unless the person turns it off: the reminders, and the scores of a resolution.
SLACK_BY_DEFAULT = frozenset(
    {
        Notification.Kind.DUE_FOR_RESOLUTION,
        Notification.Kind.CLOSING_SOON,
        Notification.Kind.STALE_FORECAST,
        Notification.Kind.RESOLVED,
    }
)


class NotificationPreference(models.Model):
    class Email(models.TextChoices):
        OFF = "off", "No email"
        IMMEDIATE = "immediate", "Email right away"
        DIGEST = "digest", "Daily digest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40, choices=Notification.Kind.choices)
    in_app = models.BooleanField(default=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.DIGEST)
    slack = models.BooleanField(
        null=True,
        blank=True,
        help_text="A Slack direct message (with a linked Slack account); empty: the kind's default.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: in-app {self.in_app}, email {self.email}"


class EmailDigest(models.Model):
    """At most one digest per user per UTC day, enforced by the database. The row is the digest's claim: created
    (or re-leased for a retry) before the email is sent, marked sent or failed after."""

    class State(models.TextChoices):
        SENDING = "sending", "Being sent (or waiting to retry)"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent (refused, or retries ran out)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENT)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="Lease of a send, or the next retry.")
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    notification_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="email_digest_once_a_day")]

    def __str__(self) -> str:
        return f"digest for {self.user_id} on {self.day}"
