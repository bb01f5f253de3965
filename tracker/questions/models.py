"""Questions, their options, tags and evidence, their lifecycle log and the links between them.

Rows change state only through `tracker.questions.services.questions` and `tracker.questions.services.lifecycle`; the
constraints here are the database's own guard for the invariants the services check, so that even a raw write
cannot leave, say, a resolved question without a resolution."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker.questions.quantities import format_value

# The longest background, resolution criteria or fine print a question takes (a 900 KB text was accepted).
QUESTION_TEXT_MAX_CHARACTERS = 20_000


class Tag(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Type(models.TextChoices):
        BINARY = "binary", "Binary"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
        NUMERIC = "numeric", "Numeric"
        DATE = "date", "Date"

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
    background = models.TextField(blank=True, validators=[MaxLengthValidator(QUESTION_TEXT_MAX_CHARACTERS)])
    resolution_criteria = models.TextField(validators=[MaxLengthValidator(QUESTION_TEXT_MAX_CHARACTERS)])
    fine_print = models.TextField(blank=True, validators=[MaxLengthValidator(QUESTION_TEXT_MAX_CHARACTERS)])
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.BINARY)
    scenario = models.ForeignKey(
        "tracker.Scenario", null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    tags = models.ManyToManyField("Tag", blank=True, related_name="questions")
    team = models.ForeignKey(
        "tracker.Team",
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

    # Numeric and date questions: the range forecasts spread over (a date question's bounds are Unix seconds, UTC),
    # whether the outcome may fall beyond each bound, and a logarithmic scale when a zero point is set
    # (Metaculus' fields, so that questions and forecasts move between the two; docs/forecasting.md).
    range_min = models.FloatField(null=True, blank=True)
    range_max = models.FloatField(null=True, blank=True)
    open_lower_bound = models.BooleanField(default=False, help_text="The outcome may fall below the range.")
    open_upper_bound = models.BooleanField(default=False, help_text="The outcome may fall above the range.")
    zero_point = models.FloatField(
        null=True, blank=True, help_text="Set for a logarithmic scale: the value the scale's logarithm is taken from."
    )
    unit = models.CharField(max_length=40, blank=True, help_text="What a numeric question counts (troops, USD).")

    # Resolution. For binary questions the outcome is yes/no; for multiple choice it is one of the options; for
    # numeric and date questions it is a value (a date's in Unix seconds), which may lie beyond an open bound.
    resolution = models.CharField(max_length=10, choices=BinaryOutcome.choices, blank=True)
    resolved_option = models.ForeignKey("Option", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolution_value = models.FloatField(null=True, blank=True)
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
        "tracker.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived_questions"
    )
    origin_quote = models.TextField(blank=True)
    origin_quote_start = models.PositiveIntegerField(null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seeded = models.BooleanField(default=False, editable=False)
    quick = models.BooleanField(
        default=False,
        help_text="A quick question a member asked (from Slack), team-only until a curator promotes it.",
    )
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
            models.CheckConstraint(
                condition=Q(type__in=["binary", "multiple_choice", "numeric", "date"]), name="question_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(type__in=["binary", "multiple_choice"], range_min__isnull=True, range_max__isnull=True)
                | Q(type__in=["numeric", "date"], range_min__lt=F("range_max")),
                name="question_range_only_continuous",
            ),
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
                        | Q(
                            type__in=["numeric", "date"],
                            resolution="",
                            resolved_option__isnull=True,
                            resolution_value__isnull=False,
                        )
                    )
                ),
                name="question_resolved_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="resolved")
                | Q(resolution="", resolved_option__isnull=True, resolution_value__isnull=True),
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

    def get_absolute_url(self) -> str:
        # "question-detail" is a page of forecasts (it shows the community forecast): a URL name is the one coupling
        # from tracker upward that no import shows; tests/project/test_couplings.py lists and checks them.
        return reverse("question-detail", kwargs={"slug": self.slug})

    @property
    def is_binary(self) -> bool:
        return self.type == self.Type.BINARY

    @property
    def is_continuous(self) -> bool:
        """A numeric or date question: forecasts are distributions over its range."""
        return self.type in (self.Type.NUMERIC, self.Type.DATE)

    @property
    def actual_close_at(self):
        """When forecasting really ended: the retroactive close if one was set, else the close itself."""
        if self.effective_close_at is not None:
            return self.effective_close_at
        return self.closed_at

    @property
    def outcome_label(self) -> str:
        return outcome_label_of(self)

    # What a list row shows of the related rows, under the same names as a `ListedQuestion` read without instances.
    @property
    def resolved_option_label(self) -> str:
        return self.resolved_option.label if self.resolved_option_id else ""

    @property
    def scenario_slug(self) -> str | None:
        return self.scenario.slug if self.scenario_id else None

    @property
    def team_slug(self) -> str | None:
        return self.team.slug if self.team_id else None

    @property
    def tag_slugs(self) -> list[str]:
        return [tag.slug for tag in self.tags.all()]


def outcome_label_of(question) -> str:
    """What a question resolved to as readers see it ("Yes", "No", the option's label); empty until resolved. For a
    Question or a ListedQuestion."""
    if question.status != Question.Status.RESOLVED:
        return ""
    if question.type == Question.Type.BINARY:
        return str(dict(Question.BinaryOutcome.choices).get(question.resolution, question.resolution))
    if question.type in (Question.Type.NUMERIC, Question.Type.DATE):
        return format_value(question.resolution_value, is_date=question.type == Question.Type.DATE, unit=question.unit)
    return question.resolved_option_label


class Option(models.Model):
    """One answer of a multiple-choice question; the options are ordered and mutually exclusive."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        # By the question's id, not its own ordering: that would join the question into every fetch of options.
        ordering = ["question_id", "position"]
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
    source = models.ForeignKey(
        "tracker.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
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
    """How two questions relate, so their forecasts can be checked for coherence (docs/forecasting.md).

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


class Clarification(models.Model):
    """A timestamped amendment to a question's criteria; its forecasters are told."""

    question = models.ForeignKey("tracker.Question", on_delete=models.CASCADE, related_name="clarifications")
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Clarification of {self.question_id} at {self.created_at:%Y-%m-%d %H:%M}"
