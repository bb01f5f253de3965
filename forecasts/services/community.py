"""The stored community forecast: extended incrementally after each forecast or withdrawal, rebuilt on demand."""

from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import transaction
from django.db.models import QuerySet

from forecasts.engine.aggregation import METHODS
from forecasts.engine.crowd_state import CommunityState
from forecasts.engine.distribution_crowd import DISTRIBUTION_METHODS, DistributionState
from forecasts.engine.series import CrowdState, Event, extend_series_all_methods
from forecasts.models import AggregateForecast, CommunityForecastCursor, CommunityStanding, Forecast
from forecasts.selectors.community import community_latest, crowd_audience
from forecasts.selectors.history import latest_rows
from tracker.models import Question, Signpost
from tracker.scenarios.services.signposts import signpost_observe


def forecast_vector(question: Question, probability: float | None, probabilities: list | None) -> list[float] | None:
    if probability is not None:
        return [1 - probability, probability]
    return probabilities


def crowd_methods(question: Question) -> tuple[str, ...]:
    """The community methods stored for a question: all of them for probabilities, the mean for distributions."""
    return DISTRIBUTION_METHODS if question.is_continuous else METHODS


def crowd_state(question: Question, standing: Sequence[tuple[Hashable, Sequence[float]]] = ()) -> CrowdState:
    """The question's crowd state built from its standing forecasts (oldest first)."""
    if question.is_continuous:
        return DistributionState.from_standing(standing)
    return CommunityState.from_standing(standing)


def window_bounds(question: Question) -> tuple[float, float]:
    return (question.opened_at or question.opens_at).timestamp(), question.scheduled_close_at.timestamp()


class ForecastRow(NamedTuple):
    """A forecast as the crowd reads it: the few columns the community forecast needs, without a model instance."""

    user_id: int
    created_at: datetime
    kind: str
    probability: float | None
    probabilities: list[float] | None
    id: int


EVENT_FIELDS = ForecastRow._fields


def forecast_rows(forecasts: QuerySet[Forecast]) -> list[ForecastRow]:
    return list(map(ForecastRow._make, forecasts.values_list(*EVENT_FIELDS)))


def forecast_event(question: Question, row: ForecastRow) -> Event:
    if row.kind == Forecast.Kind.WITHDRAWAL:
        values = None
    else:
        values = forecast_vector(question, row.probability, row.probabilities)
    return Event(row.created_at.timestamp(), row.user_id, values)


class _StateCache:
    """Crowd states kept in this worker between updates, so a question's next update starts from memory.

    An entry is valid only for the cursor it was saved with (generation, last forecast read, time of the save):
    another worker's update or a rebuild moves the cursor and the entry is ignored. Taking an entry removes it, and it is saved back
    only after the update commits, so a rolled-back update never leaves a state ahead of the database.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[int, tuple[tuple, CrowdState]] = OrderedDict()

    @staticmethod
    def _version(cursor: CommunityForecastCursor) -> tuple:
        return (cursor.generation, cursor.last_forecast_id, cursor.updated_at)

    def take(self, cursor: CommunityForecastCursor) -> CrowdState | None:
        entry = self._entries.pop(cursor.question_id, None)
        if entry is None or entry[0] != self._version(cursor):
            return None
        return entry[1]

    def put_after_commit(self, cursor: CommunityForecastCursor, state: CrowdState) -> None:
        question_id, version = cursor.question_id, self._version(cursor)

        def put() -> None:
            self._entries[question_id] = (version, state)
            self._entries.move_to_end(question_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

        transaction.on_commit(put)

    def clear(self) -> None:
        self._entries.clear()


# Questions whose crowd state a worker keeps; a state costs a few hundred bytes per standing forecaster.
STATE_CACHE = _StateCache(size=256)


def _apply_rows(question: Question, state: CrowdState, rows: list[ForecastRow]) -> int:
    """Step the crowd state through these rows (in time order) and store the points they make."""
    opens_at, closes_at = window_bounds(question)
    events = [forecast_event(question, row) for row in rows]
    steps = extend_series_all_methods(
        state, events, opens_at=opens_at, closes_at=closes_at, methods=crowd_methods(question)
    )
    return _write_steps(question, steps)


def _write_steps(question: Question, steps: list) -> int:
    """Store every method's points; a step at an instant already stored replaces it (one statement)."""
    question_id = question.pk
    rows = [
        AggregateForecast(
            question_id=question_id,
            method=method,
            at=datetime.fromtimestamp(at, tz=UTC),
            values=None if values[method] is None else [float(v) for v in values[method]],
            forecaster_count=count,
        )
        for at, values, count in steps
        for method in crowd_methods(question)
    ]
    if rows:
        AggregateForecast.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["question", "method", "at"],
            update_fields=["values", "forecaster_count"],
        )
    return len(rows)


def _locked_cursor(question_id: int) -> CommunityForecastCursor:
    """The question's cursor, locked for this transaction (created on the first update)."""
    locked = CommunityForecastCursor.objects.select_for_update().select_related("question")
    cursor = locked.filter(question_id=question_id).first()
    if cursor is None:
        CommunityForecastCursor.objects.get_or_create(question_id=question_id)
        cursor = locked.get(question_id=question_id)
    return cursor


def _advance_cursor(cursor: CommunityForecastCursor, rows: list[ForecastRow], *, new_generation: bool = False) -> None:
    # Rows run in time order; the cursor needs the highest id and the latest time, which a back-dated row splits.
    if rows:
        cursor.last_forecast_id = max(max(row.id for row in rows), cursor.last_forecast_id)
        latest = max(row.created_at for row in rows)
        cursor.last_at = latest if cursor.last_at is None else max(cursor.last_at, latest)
    if new_generation:
        cursor.generation += 1
    cursor.save(update_fields=["last_forecast_id", "last_at", "generation", "updated_at"])


def community_forecast_rebuild(*, question_id: int) -> int:
    """Recompute a question's whole community-forecast series for every method (repair; the first build)."""
    with transaction.atomic():
        return _rebuild(_locked_cursor(question_id))


def community_forecast_recompute(*, question_id: int) -> int:
    """Rebuild after the question's window moved, then tell its signposts the value that now holds."""
    written = community_forecast_rebuild(question_id=question_id)
    signposts_observe_latest(question_id=question_id)
    return written


def _rebuild(cursor: CommunityForecastCursor) -> int:
    STATE_CACHE.take(cursor)
    question = cursor.question
    rows = forecast_rows(Forecast.objects.filter(question=question).order_by("created_at", "id"))
    AggregateForecast.objects.filter(question=question).delete()
    CommunityStanding.objects.filter(question=question).delete()
    _, closes_at = window_bounds(question)
    state = crowd_state(question)
    written = _apply_rows(question, state, rows)
    _store_standing(question, _last_rows(rows, closes_at))
    cursor.last_forecast_id, cursor.last_at = 0, None
    _advance_cursor(cursor, rows, new_generation=True)
    STATE_CACHE.put_after_commit(cursor, state)
    return written


def _replay_since(cursor: CommunityForecastCursor, since: datetime) -> int:
    """Recompute the series from `since` on, for forecasts recorded late with an earlier date than ones already read.

    Starts from the crowd just before `since` (the standing rows, with the forecasters who act from `since` on taken
    back to their previous row) and replays only the rows from `since`: a write a little late costs little however
    long the history. A date at or before the opening (where early forecasts count from) rebuilds everything.
    """
    question = cursor.question
    opens_at, closes_at = window_bounds(question)
    if since.timestamp() <= opens_at:
        return _rebuild(cursor)
    STATE_CACHE.take(cursor)
    replayed = forecast_rows(
        Forecast.objects.filter(question=question, created_at__gte=since).order_by("created_at", "id")
    )
    touched = {row.user_id for row in replayed}
    # Rows from the close on never count, so a user's state before `since` is their last row before both.
    before = min(since, question.scheduled_close_at)
    earlier = latest_rows(Forecast.objects.filter(question=question, user_id__in=touched, created_at__lt=before))
    previous = _last_rows(forecast_rows(earlier), closes_at)
    standing = [row for row in _stored_standing_rows(question) if row.user_id not in touched]
    standing += [row for row in previous.values() if row.kind == Forecast.Kind.FORECAST]
    standing.sort(key=lambda row: (row.created_at, row.id))
    state = crowd_state(question, _standing_entries(question, standing))
    AggregateForecast.objects.filter(question=question, at__gte=since).delete()
    written = _apply_rows(question, state, replayed)
    changes = dict.fromkeys(touched) | previous | _last_rows(replayed, closes_at)
    _store_standing(question, changes)
    _advance_cursor(cursor, replayed, new_generation=True)
    STATE_CACHE.put_after_commit(cursor, state)
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

    A constant number of queries whatever the history: the cursor, the new rows, the steps, the standing rows they
    change. The crowd state comes from this worker's cache when the cursor has not moved since, else from the
    CommunityStanding rows. A new forecast dated before one already read (a late, back-dated write) rebuilds.
    """
    with transaction.atomic():
        cursor = _locked_cursor(question_id)
        question = cursor.question
        new_rows = forecast_rows(
            Forecast.objects.filter(question_id=question_id, id__gt=cursor.last_forecast_id).order_by(
                "created_at", "id"
            )
        )
        if not new_rows:
            return 0
        if cursor.last_at is not None and new_rows[0].created_at < cursor.last_at:
            return _replay_since(cursor, new_rows[0].created_at)
        state = STATE_CACHE.take(cursor)
        if state is None:
            stored = _stored_standing_rows(question)
            state = crowd_state(question, _standing_entries(question, stored))
        _, closes_at = window_bounds(question)
        written = _apply_rows(question, state, new_rows)
        _store_standing(question, _last_rows(new_rows, closes_at))
        _advance_cursor(cursor, new_rows)
        STATE_CACHE.put_after_commit(cursor, state)
    return written


def _stored_standing_rows(question: Question) -> list[ForecastRow]:
    """The standing rows, oldest first (the crowd's recency order)."""
    return [
        ForecastRow(user_id, made_at, Forecast.Kind.FORECAST, probability, probabilities, forecast_id)
        for user_id, made_at, probability, probabilities, forecast_id in CommunityStanding.objects.filter(
            question=question
        )
        .order_by("made_at", "forecast_id")
        .values_list("user_id", "made_at", "probability", "probabilities", "forecast_id")
    ]


def _standing_entries(question: Question, rows: list[ForecastRow]) -> list[tuple[Hashable, Sequence[float]]]:
    """(user, option probabilities) of standing forecasts, for the crowd state."""
    entries: list[tuple[Hashable, Sequence[float]]] = []
    for row in rows:
        vector = forecast_vector(question, row.probability, row.probabilities)
        if vector is None:  # the database's checks give every forecast its values
            raise ValueError(f"Forecast {row.id} stands without probabilities.")
        entries.append((row.user_id, vector))
    return entries


def _last_rows(rows: list[ForecastRow], closes_at: float) -> dict[int, ForecastRow]:
    """Each user's last row among `rows` (in time order) dated before the close: what decides if they stand."""
    last: dict[int, ForecastRow] = {}
    for row in rows:
        if row.created_at.timestamp() < closes_at:
            last[row.user_id] = row
    return last


def _store_standing(question: Question, changes: Mapping[int, ForecastRow | None]) -> None:
    """Make each user's standing row match their deciding row: a forecast stands, a withdrawal or None does not."""
    removed = [user_id for user_id, row in changes.items() if row is None or row.kind == Forecast.Kind.WITHDRAWAL]
    if removed:
        CommunityStanding.objects.filter(question=question, user_id__in=removed).delete()
    standing = [
        CommunityStanding(
            question=question,
            user_id=user_id,
            forecast_id=row.id,
            made_at=row.created_at,
            probability=row.probability,
            probabilities=row.probabilities,
        )
        for user_id, row in changes.items()
        if row is not None and row.kind == Forecast.Kind.FORECAST
    ]
    if standing:
        CommunityStanding.objects.bulk_create(
            standing,
            update_conflicts=True,
            unique_fields=["question", "user"],
            update_fields=["forecast", "made_at", "probability", "probabilities"],
        )
