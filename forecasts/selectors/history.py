"""Reads of forecast history: one user's, and which forecast stands."""

from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from forecasts.models import Forecast
from tracker.accounts.models import AnyUser, User
from tracker.models import Question


def latest_forecast(*, user: User, question: Question) -> Forecast | None:
    return Forecast.objects.filter(user=user, question=question).order_by("-created_at", "-id").first()


def forecast_history(*, user: User, question: Question) -> QuerySet[Forecast]:
    return Forecast.objects.filter(user=user, question=question).order_by("created_at", "id")


def latest_rows(rows: QuerySet[Forecast]) -> QuerySet[Forecast]:
    """Each (question, user)'s latest row among `rows`, a forecast or a withdrawal (one subquery, any number of
    questions). A forecast stands when it is its user's latest row: every "standing" rule builds on this."""
    latest_id = (
        rows.filter(question=OuterRef("question"), user=OuterRef("user"))
        .order_by("-created_at", "-id")
        .values("id")[:1]
    )
    return rows.filter(id=Subquery(latest_id))


def standing_forecasts(*, question: Question, at: datetime | None = None) -> list[Forecast]:
    """Each user's forecast that stands at `at` (default: now): their latest row, unless it is a withdrawal."""
    rows = Forecast.objects.filter(question=question)
    if at is not None:
        rows = rows.filter(created_at__lt=at)
    latest = latest_rows(rows).filter(kind=Forecast.Kind.FORECAST)
    return list(latest.select_related("user").order_by("created_at", "id"))


def my_latest_forecasts(*, user: AnyUser, question_ids) -> dict[int, Forecast]:
    """The user's standing forecast on each of these questions (one query); withdrawn ones are left out."""
    if user is None or not user.is_authenticated:
        return {}
    rows = latest_rows(Forecast.objects.filter(user=user, question_id__in=question_ids)).order_by()
    return {row.question_id: row for row in rows if row.kind == Forecast.Kind.FORECAST}


def questions_forecast_by(*, user: AnyUser, question_ids) -> set[int]:
    """Which of these questions the user has forecast on (one query); empty for anonymous users."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Forecast.objects.filter(user=user, question_id__in=question_ids, kind=Forecast.Kind.FORECAST)
        .order_by()
        .values_list("question_id", flat=True)
        .distinct()
    )


def question_forecasters(question: Question) -> QuerySet[User]:
    """The active users with a forecast (standing or withdrawn) on the question: tracker's `forecasters_of` hook."""
    return User.objects.filter(forecasts__question=question, is_active=True).distinct()
