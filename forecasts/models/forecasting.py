"""Forecasts: an append-only history of what each forecaster said, and when.

A forecast row is never updated nor deleted. A new forecast supersedes the user's previous one; a withdrawal is
a row of its own. Everything computed from forecasts (standing forecasts, aggregates, scores) is derived from
these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from forecasts.engine.aggregation import METHODS
from tracker.models import Question


class AppendOnlyError(Exception):
    """Raised on an attempt to change or delete recorded forecast history."""


class ForecastQuerySet(models.QuerySet):
    def delete(self):
        raise AppendOnlyError("Forecast history is append-only; forecasts cannot be deleted.")

    def update(self, **kwargs):
        raise AppendOnlyError("Forecast history is append-only; forecasts cannot be changed.")


class Forecast(models.Model):
    class Kind(models.TextChoices):
        FORECAST = "forecast", "Forecast"
        WITHDRAWAL = "withdrawal", "Withdrawal"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forecasts")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="forecasts")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FORECAST)
    # Binary questions: P(yes). Multiple choice: one probability per option, in option order. Numeric and date
    # questions: the CDF at 201 evenly spaced points of the range (Metaculus' convention).
    probability = models.FloatField(null=True, blank=True)
    probabilities = models.JSONField(null=True, blank=True)
    rationale = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ForecastQuerySet.as_manager()

    class Meta:
        ordering = ["question", "created_at", "id"]
        indexes = [models.Index(fields=["question", "user", "created_at"], name="forecast_question_user_time")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="withdrawal", probability__isnull=True, probabilities__isnull=True)
                    | Q(kind="forecast", probability__isnull=False, probabilities__isnull=True)
                    | Q(kind="forecast", probability__isnull=True, probabilities__isnull=False)
                ),
                name="forecast_kind_matches_values",
            ),
            models.CheckConstraint(
                condition=Q(probability__isnull=True) | Q(probability__gte=0.001, probability__lte=0.999),
                name="forecast_probability_in_range",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.WITHDRAWAL:
            return f"{self.user} withdrew on {self.question_id}"
        shown = self.probability if self.probability is not None else self.probabilities
        return f"{self.user}: {shown} on {self.question_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Forecast history is append-only; a recorded forecast cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Forecast history is append-only; forecasts cannot be deleted.")


class AggregateForecast(models.Model):
    """One step of a question's community forecast for one method: in force from `at` until the next step."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="aggregate_forecasts")
    method = models.CharField(max_length=40, choices=[(method, method.replace("_", " ")) for method in METHODS])
    at = models.DateTimeField()
    # Option probabilities in option order ([P(no), P(yes)] for binary), or a numeric or date question's community
    # CDF (201 points); null while nobody has a standing forecast.
    values = models.JSONField(null=True, blank=True)
    forecaster_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["question", "method", "at"]
        constraints = [
            models.UniqueConstraint(fields=["question", "method", "at"], name="aggregate_unique_step"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.method} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def probability(self) -> float | None:
        """P(yes) of a binary question's step."""
        return self.values[1] if self.values else None


class CommunityForecastCursor(models.Model):
    """How far the incremental community-forecast update has read a question's forecast history."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="community_cursor")
    last_forecast_id = models.BigIntegerField(default=0)
    last_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every rebuild: a crowd state cached for an older generation describes a history no longer stored.
    generation = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.question_id} read to forecast {self.last_forecast_id}"


class CommunityStanding(models.Model):
    """Each forecaster's forecast that counts in the stored community forecast, as of the question's cursor.

    Kept with the cursor in one transaction, so the next update starts from these rows (oldest first by `made_at`,
    then forecast) instead of rereading the history. A withdrawal deletes its row; forecasts made at or after the
    scheduled close never enter.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="community_standing")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    forecast = models.ForeignKey(Forecast, on_delete=models.CASCADE, related_name="+")
    made_at = models.DateTimeField()
    probability = models.FloatField(null=True, blank=True)
    probabilities = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="community_standing_unique_user")]
        indexes = [models.Index(fields=["question", "made_at", "forecast"], name="community_standing_order")]

    def __str__(self) -> str:
        return f"{self.user_id} stands on {self.question_id} with forecast {self.forecast_id}"


class Score(models.Model):
    """One rule's score of one forecaster (or of the crowd) on one resolved question (docs/forecasting.md)."""

    class Rule(models.TextChoices):
        FINAL_BRIER = "final_brier", "Final Brier (two-sided, 0–2)"
        DAILY_BRIER = "daily_brier", "Daily time-averaged Brier"
        RELATIVE_BRIER = "relative_brier", "Relative Brier (vs. median)"
        LOG = "log", "Log score (time-averaged)"
        BASELINE = "baseline", "Baseline score (Metaculus)"
        PEER = "peer", "Peer score (Metaculus)"
        CRPS = "crps", "CRPS (numeric and date questions)"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="scores")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    is_crowd = models.BooleanField(default=False, help_text="The community forecast, scored as a pseudo-user.")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    value = models.FloatField(null=True, blank=True, help_text="Empty where the rule does not apply.")
    coverage = models.FloatField(help_text="Share of the question's horizon with a standing forecast.")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["question", "rule", "user"]
        indexes = [models.Index(fields=["rule", "user"], name="score_rule_user")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_crowd=True, user__isnull=True) | Q(is_crowd=False, user__isnull=False),
                name="score_crowd_xor_user",
            ),
            models.UniqueConstraint(
                fields=["question", "user", "rule"], condition=Q(is_crowd=False), name="score_unique_user_rule"
            ),
            models.UniqueConstraint(
                fields=["question", "rule"], condition=Q(is_crowd=True), name="score_unique_crowd_rule"
            ),
        ]

    def __str__(self) -> str:
        who = "crowd" if self.is_crowd else self.user_id
        return f"{self.question_id} {who} {self.rule}={self.value}"


class Reminder(models.Model):
    """A reminder due at a time, swept by a periodic task (rows, not far-future countdowns: nothing is lost if a
    worker or the beat was down when it came due)."""

    class Kind(models.TextChoices):
        DUE_FOR_RESOLUTION = "due_for_resolution", "Due for resolution"
        CLOSING_SOON = "closing_soon", "Closing soon"

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "No longer applied"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="reminders")
    step = models.PositiveSmallIntegerField(default=0, help_text="Escalation step (due-for-resolution: 0, +3 d, +7 d).")
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "question", "step"], name="reminder_unique_step")]
        indexes = [models.Index(fields=["done_at", "due_at"], name="reminder_due_queue")]

    def __str__(self) -> str:
        return f"{self.kind} step {self.step} for {self.question_id} at {self.due_at:%Y-%m-%d %H:%M}"
