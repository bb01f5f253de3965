"""Forecasts: an append-only history of what each forecaster said, and when.

A forecast row is never updated nor deleted. A new forecast supersedes the user's previous one; a withdrawal is
a row of its own. Everything computed from forecasts (standing forecasts, aggregates, scores) is derived from
these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

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
    # Binary questions: P(yes). Multiple choice: one probability per option, in option order.
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
