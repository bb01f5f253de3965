"""Signpost's core domain: people and teams, storylines, articles, questions, options and evidence.

Rows change state only through `tracker.services`; the constraints here are the database's own guard for the
invariants the services check, so that even a raw write cannot leave, say, a resolved question without a
resolution.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    display_name = models.CharField(max_length=150, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Demo accounts created by the seed data; their forecasts are illustrative."
    )

    def __str__(self) -> str:
        return self.display_name or self.username


class Team(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="teams")
    seeded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        FORECASTER = "forecaster", "Forecaster"
        CURATOR = "curator", "Curator"
        ADMIN = "admin", "Team admin"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FORECASTER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_team_user"),
            models.CheckConstraint(
                condition=Q(role__in=["forecaster", "curator", "admin"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"

    @property
    def can_curate(self) -> bool:
        # Team admins hold every curator right.
        return self.role in (self.Role.CURATOR, self.Role.ADMIN)


class Tag(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Scenario(models.Model):
    """A storyline that groups the questions tracking it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="scenarios")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="scenarios")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    seeded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["active", "archived"]), name="scenario_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class Source(models.Model):
    """A news article or report: the material questions are derived from and evidence points to."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=16, default="en")
    seeded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-published_at", "title"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Type(models.TextChoices):
        BINARY = "binary", "Binary"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        RESOLVED = "resolved", "Resolved"
        ANNULLED = "annulled", "Annulled"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        TEAM = "team", "Team only"

    class BinaryOutcome(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=400)
    background = models.TextField(blank=True)
    resolution_criteria = models.TextField()
    fine_print = models.TextField(blank=True)
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.BINARY)
    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
        help_text="The team whose curators own the question; required for team-only visibility.",
    )
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    hide_crowd_until_forecast = models.BooleanField(
        default=False, help_text="Show the community forecast to a user only once they have forecast themselves."
    )

    opens_at = models.DateTimeField()
    scheduled_close_at = models.DateTimeField()
    resolve_by = models.DateTimeField(help_text="When the answer should be known and the question resolved.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Resolution. For binary questions the outcome is yes/no; for multiple choice it is one of the options.
    resolution = models.CharField(max_length=10, choices=BinaryOutcome.choices, blank=True)
    resolved_option = models.ForeignKey("Option", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    effective_close_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Retroactive close: when the event happened. Forecasts after it are not scored.",
    )
    resolution_notes = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Origin: the article sentence the question was derived from.
    origin_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="derived_questions"
    )
    origin_quote = models.TextField(blank=True)
    origin_quote_start = models.PositiveIntegerField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seeded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["scheduled_close_at", "title"]
        indexes = [
            models.Index(fields=["resolve_by", "id"], name="question_resolve_by"),
            models.Index(fields=["scheduled_close_at", "id"], name="question_close"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(type__in=["binary", "multiple_choice"]), name="question_type_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "scheduled", "open", "closed", "resolved", "annulled"]),
                name="question_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(scheduled_close_at__gt=F("opens_at")), name="question_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(resolve_by__gte=F("scheduled_close_at")), name="question_resolve_by_after_close"
            ),
            models.CheckConstraint(
                condition=Q(visibility="public") | Q(visibility="team", team__isnull=False),
                name="question_team_visibility_has_team",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved")
                | (
                    Q(resolved_at__isnull=False)
                    & (
                        Q(type="binary", resolution__in=["yes", "no"], resolved_option__isnull=True)
                        | Q(type="multiple_choice", resolution="", resolved_option__isnull=False)
                    )
                ),
                name="question_resolved_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="resolved") | Q(resolution="", resolved_option__isnull=True),
                name="question_outcome_only_when_resolved",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "scheduled"]) | Q(opened_at__isnull=False),
                name="question_opened_has_opened_at",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(opened_at__isnull=False, closed_at__gt=F("opened_at")),
                name="question_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_binary(self) -> bool:
        return self.type == self.Type.BINARY

    @property
    def actual_close_at(self):
        """When forecasting really ended: the retroactive close if one was set, else the close itself."""
        if self.effective_close_at is not None:
            return self.effective_close_at
        return self.closed_at

    @property
    def outcome_label(self) -> str:
        if self.status != self.Status.RESOLVED:
            return ""
        if self.is_binary:
            return self.get_resolution_display()
        return self.resolved_option.label if self.resolved_option_id else ""


class Option(models.Model):
    """One answer of a multiple-choice question; the options are ordered and mutually exclusive."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "position"], name="option_unique_position"),
            models.UniqueConstraint(fields=["question", "label"], name="option_unique_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Evidence(models.Model):
    """A link attached to a question: what it says and which way it points."""

    class Stance(models.TextChoices):
        SUPPORTS_YES = "supports_yes", "Supports yes"
        SUPPORTS_NO = "supports_no", "Supports no"
        SUPPORTS_OPTION = "supports_option", "Supports an option"
        CONTEXT = "context", "Context"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=1000, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_precision = models.CharField(
        max_length=5,
        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
        default="day",
        help_text="How much of published_at is known: a month-only date is stored as the 1st of that month.",
    )
    quote = models.TextField(blank=True, help_text="Verbatim words from the source.")
    summary = models.TextField(blank=True, help_text="A paraphrase of what the source reports.")
    stance = models.CharField(max_length=20, choices=Stance.choices, default=Stance.CONTEXT)
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    seeded = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "-published_at", "-added_at"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | Q(source__isnull=False), name="evidence_has_url_or_source"),
            models.CheckConstraint(
                condition=Q(stance="supports_option", option__isnull=False)
                | (Q(stance__in=["supports_yes", "supports_no", "context"]) & Q(option__isnull=True)),
                name="evidence_option_matches_stance",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionTransition(models.Model):
    """One lifecycle step of a question (opened, closed, resolved, ...): who did it, when, and why."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=Question.Status.choices)
    to_status = models.CharField(max_length=20, choices=Question.Status.choices)
    at = models.DateTimeField(help_text="When the transition took effect.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when a scheduled job made the transition.",
    )
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["question", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.from_status} → {self.to_status}"


class QuestionLink(models.Model):
    """How two questions relate, so their forecasts can be checked for coherence (FORECASTING.md).

    - later_deadline: `question` asks about an event by some date; `related` about the same event by a later date,
      so P(question) ≤ P(related).
    - condition_yes / condition_no: `question` asks P(`child` | `related` resolves yes / no); with both branches
      and P(related), P(child) is implied.
    """

    class Kind(models.TextChoices):
        LATER_DEADLINE = "later_deadline", "Same event, later deadline"
        CONDITION_YES = "condition_yes", "Conditional on the parent resolving yes"
        CONDITION_NO = "condition_no", "Conditional on the parent resolving no"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="links")
    related = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="linked_from")
    child = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="conditionals")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "question"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "question", "related"], name="question_link_unique"),
            models.CheckConstraint(condition=~Q(question=F("related")), name="question_link_not_self"),
            models.CheckConstraint(
                condition=Q(kind="later_deadline", child__isnull=True)
                | Q(kind__in=["condition_yes", "condition_no"], child__isnull=False),
                name="question_link_child_for_conditionals",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.kind} {self.related_id}"


class JobHeartbeat(models.Model):
    """The last time a periodic job ran end to end (beat scheduled it, a worker executed it, the database saw it)."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


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
        SIGNPOST = "signpost", "A signpost of a scenario you follow moved or resolved"

    class EmailState(models.TextChoices):
        PENDING = "pending", "Waiting to be emailed"
        SENT = "sent", "Emailed"
        SKIPPED = "skipped", "Not emailed (preference)"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    subject = models.CharField(max_length=100, help_text="What it is about, e.g. question:12.")
    window = models.CharField(max_length=40, help_text="Which occurrence, e.g. step-1 of an escalation.")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    email_immediately = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "subject", "window"], name="notification_once"),
        ]
        indexes = [models.Index(fields=["email_state", "recipient"], name="notification_email_queue")]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.title}"


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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: in-app {self.in_app}, email {self.email}"


class EmailDigest(models.Model):
    """At most one digest per user per UTC day, enforced by the database."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    notification_count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="email_digest_once_a_day")]

    def __str__(self) -> str:
        return f"digest for {self.user_id} on {self.day}"


def _webhook_secret() -> str:
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
        WEBHOOK_TEST = "webhook.test", "Test event"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500, help_text="Where events are POSTed (http or https).")
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(
        default=list, blank=True, help_text="Event types to send (a JSON list); empty means every event."
    )
    secret = models.CharField(max_length=100, default=_webhook_secret)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
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


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once, at creation."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it in lists.")
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(scope__in=["read", "write"]), name="api_token_scope_valid")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.scope})"


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


class ClaimSuggestion(models.Model):
    """A forecastable claim the extractor found in an article, waiting for a curator: accepted (a draft question
    with this origin), rejected (remembered: re-importing the article does not propose it again) or merged."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged into another"

    class Kind(models.TextChoices):
        FORECAST = "forecast", "Forecast in words"
        IMPLICIT = "implicit", "Implied claim (lower confidence)"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="claim_suggestions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FORECAST)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    quote_key = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the normalised quote.")
    title = models.CharField(max_length=400)
    deadline = models.DateField()
    actors = models.JSONField(default=list, blank=True)
    criteria = models.TextField()
    confidence = models.FloatField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.UniqueConstraint(fields=["source", "start", "end"], name="claim_suggestion_unique_span"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_suggestion_span_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class ResolutionProposal(models.Model):
    """A forecaster's proposed outcome with its evidence, for a curator to approve (resolving the question) or
    reject with a reason."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a curator"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=300, help_text="yes / no, or the option's label.")
    evidence_url = models.URLField(max_length=1000)
    note = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.outcome} for {self.question_id} ({self.state})"


class Clarification(models.Model):
    """A timestamped amendment to a question's criteria; its forecasters are told."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="clarifications")
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Clarification of {self.question_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Signpost(models.Model):
    """An indicator question of a scenario, with the way its answer would push the scenario. When its community
    forecast moves by more than `threshold` from the last baseline, or it resolves, the scenario is flagged."""

    class Direction(models.TextChoices):
        YES_MORE_LIKELY = "yes_more_likely", "If yes, the scenario is more likely"
        YES_LESS_LIKELY = "yes_less_likely", "If yes, the scenario is less likely"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="signposts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="signposts")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    threshold = models.FloatField(
        default=0.10, help_text="A move of the community forecast larger than this (0.01–0.5) flags the scenario."
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why this question signals the scenario.")
    baseline_probability = models.FloatField(null=True, blank=True, editable=False)
    baseline_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["scenario", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "question"], name="signpost_unique_per_scenario"),
            models.CheckConstraint(
                condition=Q(threshold__gte=0.01, threshold__lte=0.5), name="signpost_threshold_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.scenario}"


class ScenarioFollow(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenario_follows")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scenario", "user"], name="scenario_follow_unique")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.scenario}"


class ScenarioFlag(models.Model):
    """A signpost moved or resolved: the scenario wants a look. Unacknowledged flags mark the scenario flagged."""

    class Kind(models.TextChoices):
        MOVED = "moved", "Community forecast moved"
        RESOLVED = "resolved", "Indicator resolved"

    class Effect(models.TextChoices):
        MORE_LIKELY = "more_likely", "Scenario more likely"
        LESS_LIKELY = "less_likely", "Scenario less likely"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="flags")
    signpost = models.ForeignKey(Signpost, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    event_key = models.CharField(max_length=100, help_text="Which move or resolution, so each flags once.")
    effect = models.CharField(max_length=12, choices=Effect.choices)
    from_probability = models.FloatField(null=True, blank=True)
    to_probability = models.FloatField(null=True, blank=True)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["signpost", "event_key"], name="scenario_flag_unique_event"),
        ]

    def __str__(self) -> str:
        return self.message
