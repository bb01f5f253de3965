"""Reads of forecast history."""

from datetime import datetime

from django.db.models import Count, OuterRef, QuerySet, Subquery

from forecasts.models import Forecast
from tracker.models import Question


def latest_forecast(*, user, question: Question) -> Forecast | None:
    return Forecast.objects.filter(user=user, question=question).order_by("-created_at", "-id").first()


def forecast_history(*, user, question: Question) -> QuerySet[Forecast]:
    return Forecast.objects.filter(user=user, question=question).order_by("created_at", "id")


def standing_forecasts(*, question: Question, at: datetime | None = None) -> list[Forecast]:
    """Each user's forecast that stands at `at` (default: now): their latest row, unless it is a withdrawal.

    The one place that decides which forecast stands; aggregates and scores build on it.
    """
    rows = Forecast.objects.filter(question=question)
    if at is not None:
        rows = rows.filter(created_at__lt=at)
    latest_id = rows.filter(user=OuterRef("user")).order_by("-created_at", "-id").values("id")[:1]
    latest = rows.filter(id=Subquery(latest_id)).select_related("user").order_by("created_at", "id")
    return [forecast for forecast in latest if forecast.kind == Forecast.Kind.FORECAST]


def forecaster_counts(*, question_ids: list[int]) -> dict[int, int]:
    """How many people have forecast on each question, for lists of questions (one query)."""
    counts = (
        Forecast.objects.filter(question_id__in=question_ids, kind=Forecast.Kind.FORECAST)
        .values("question_id")
        .annotate(forecasters=Count("user", distinct=True))
    )
    return {row["question_id"]: row["forecasters"] for row in counts}
