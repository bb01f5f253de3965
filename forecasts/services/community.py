"""The stored community forecast: extended incrementally after each forecast or withdrawal, rebuilt on demand."""

from datetime import UTC, datetime

import numpy as np
from django.db import transaction

from forecasts.engine.aggregation import METHODS
from forecasts.engine.crowd_state import CommunityState
from forecasts.engine.series import CommunityPoint, Event, extend_series_all_methods
from forecasts.models import AggregateForecast, CommunityForecastCursor, Forecast
from forecasts.selectors.community import community_latest, crowd_audience
from forecasts.selectors.history import latest_rows
from tracker.models import Question, Signpost
from tracker.ops.jobs import enqueue
from tracker.scenarios.signposts import signpost_observe


class _QueueCommunityUpdate:
    """An on-commit callback that queues one community-forecast update for a question."""

    def __init__(self, question_id: int) -> None:
        self.question_id = question_id

    def __call__(self) -> None:
        enqueue("forecasts.update_community_forecast", self.question_id)


def community_update_queue(question_id: int) -> None:
    """Queue the update after commit, once per question per transaction however many forecasts it wrote."""
    connection = transaction.get_connection()
    for _, callback, *_ in connection.run_on_commit:
        if isinstance(callback, _QueueCommunityUpdate) and callback.question_id == question_id:
            return
    transaction.on_commit(_QueueCommunityUpdate(question_id))


def forecast_vector(question: Question, probability: float | None, probabilities: list | None) -> list[float] | None:
    if probability is not None:
        return [1 - probability, probability]
    return probabilities


def window_bounds(question: Question) -> tuple[float, float]:
    return (question.opened_at or question.opens_at).timestamp(), question.scheduled_close_at.timestamp()


def forecast_event(question: Question, row) -> Event:
    user_id, created_at, kind, probability, probabilities = row[:5]
    values = (
        None if kind == Forecast.Kind.WITHDRAWAL else np.asarray(forecast_vector(question, probability, probabilities))
    )
    return Event(created_at.timestamp(), user_id, values)


EVENT_FIELDS = ("user_id", "created_at", "kind", "probability", "probabilities", "id")


def _write_steps(question: Question, steps: list, *, last_stored_at: datetime | None = None) -> int:
    """Store every method's points of a multi-method series; a first step at the last stored instant replaces it."""
    replace_first = bool(steps) and last_stored_at is not None and steps[0][0] == last_stored_at.timestamp()
    written = 0
    for method in METHODS:
        points = [CommunityPoint(at, values[method], count) for at, values, count in steps]
        written += _write_points(question, method, points, replace_first=replace_first)
    return written


def _write_points(question: Question, method: str, points: list[CommunityPoint], *, replace_first: bool) -> int:
    rows = [
        AggregateForecast(
            question=question,
            method=method,
            at=datetime.fromtimestamp(point.at, tz=UTC),
            values=None if point.values is None else [float(v) for v in point.values],
            forecaster_count=point.forecaster_count,
        )
        for point in points
    ]
    if replace_first and rows:
        # Same instant as the last stored step: the new state of that instant replaces it.
        first = rows.pop(0)
        AggregateForecast.objects.update_or_create(
            question=question,
            method=method,
            at=first.at,
            defaults={"values": first.values, "forecaster_count": first.forecaster_count},
        )
    AggregateForecast.objects.bulk_create(rows)
    return len(points)


def _locked_cursor(question_id: int) -> CommunityForecastCursor:
    CommunityForecastCursor.objects.get_or_create(question_id=question_id)
    return CommunityForecastCursor.objects.select_for_update().select_related("question").get(question_id=question_id)


def community_forecast_rebuild(*, question_id: int) -> int:
    """Recompute a question's whole community-forecast series for every method (repair; the first build)."""
    with transaction.atomic():
        cursor = _locked_cursor(question_id)
        question = cursor.question
        rows = list(
            Forecast.objects.filter(question_id=question_id).order_by("created_at", "id").values_list(*EVENT_FIELDS)
        )
        AggregateForecast.objects.filter(question_id=question_id).delete()
        opens_at, closes_at = window_bounds(question)
        events = [forecast_event(question, row) for row in rows]
        steps = extend_series_all_methods(CommunityState(), events, opens_at=opens_at, closes_at=closes_at)
        written = _write_steps(question, steps)
        # Rows run in time order; the cursor needs the highest id and the latest time, which a back-dated row splits.
        cursor.last_forecast_id = max((row[5] for row in rows), default=0)
        cursor.last_at = max((row[1] for row in rows), default=None)
        cursor.save(update_fields=["last_forecast_id", "last_at", "updated_at"])
    return written


def community_forecast_update(*, question_id: int) -> int:
    """Bring the question's community forecast up to date, then tell its signposts (if any) the new value."""
    written = _community_forecast_extend(question_id=question_id)
    if written:
        signposts_observe_latest(question_id=question_id)
    return written


def signposts_observe_latest(*, question_id: int) -> list:
    """Report the current community forecast to the scenarios this question signals (they may be flagged)."""
    if not Signpost.objects.filter(question_id=question_id).exists():
        return []
    step = community_latest(question_ids=[question_id]).get(question_id)
    if step is None or step.probability is None:
        return []
    return signpost_observe(
        question_id=question_id,
        probability=step.probability,
        at=step.at,
        audience=lambda question, users: crowd_audience(question=question, users=users),
    )


def _community_forecast_extend(*, question_id: int) -> int:
    """Extend the series with the forecasts recorded since the last update; a no-op when there are none.

    Reads only the standing forecasts and the new rows, never the whole history. Falls back to a rebuild when a new
    forecast is dated before the last step already stored (a late, back-dated write).
    """
    with transaction.atomic():
        cursor = _locked_cursor(question_id)
        question = cursor.question
        new_rows = list(
            Forecast.objects.filter(question_id=question_id, id__gt=cursor.last_forecast_id)
            .order_by("created_at", "id")
            .values_list(*EVENT_FIELDS)
        )
        if not new_rows:
            return 0
        if cursor.last_at is not None and new_rows[0][1] < cursor.last_at:
            return community_forecast_rebuild(question_id=question_id)
        previous = Forecast.objects.filter(question_id=question_id, id__lte=cursor.last_forecast_id)
        standing_rows = (
            latest_rows(previous)
            .filter(kind=Forecast.Kind.FORECAST)
            .order_by("created_at", "id")
            .values_list(*EVENT_FIELDS)
        )
        standing = [(row[0], forecast_vector(question, row[3], row[4])) for row in standing_rows]
        events = [forecast_event(question, row) for row in new_rows]
        opens_at, closes_at = window_bounds(question)
        steps = extend_series_all_methods(CommunityState(standing), events, opens_at=opens_at, closes_at=closes_at)
        last_stored_at = (
            AggregateForecast.objects.filter(question_id=question_id)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        written = _write_steps(question, steps, last_stored_at=last_stored_at)
        cursor.last_forecast_id = max(row[5] for row in new_rows)
        cursor.last_at = max(row[1] for row in new_rows)
        cursor.save(update_fields=["last_forecast_id", "last_at", "updated_at"])
    return written
