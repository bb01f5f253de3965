"""Writes of forecast history: submit and withdraw. History is append-only; nothing here updates a row."""

from datetime import UTC, datetime, timedelta

import numpy as np
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from forecasts.aggregation import (
    METHODS,
    CommunityPoint,
    CommunityState,
    Event,
    community_series,
    extend_series_all_methods,
)
from forecasts.models import AggregateForecast, CommunityForecastCursor, Forecast, Score
from forecasts.scoring import RULES, QuestionWindow, score_with_crowd
from forecasts.selectors import community_latest, latest_forecast, latest_rows
from forecasts.validation import ForecastInputError, parse_binary_probability, parse_option_probabilities
from tracker.jobs import enqueue
from tracker.models import Notification, Question, Signpost, Webhook
from tracker.notifications import notification_send
from tracker.selectors import user_can_see_question
from tracker.signposts import signpost_observe
from tracker.webhooks import question_data, webhook_event_emit

# A forecast stamped a little ahead of the server clock (a client's clock skew) is accepted; more is an error.
ALLOWED_CLOCK_SKEW = timedelta(seconds=5)


def _forecast_time(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ValidationError({"created_at": "Times must carry a time zone (UTC)."})
    if at > now + ALLOWED_CLOCK_SKEW:
        raise ValidationError({"created_at": "A forecast cannot be dated in the future."})
    return at


def _forecastable_question(*, user, question_id: int, at: datetime) -> Question:
    # Locked so that a concurrent close cannot slip between the status check and the insert.
    question = Question.objects.select_for_update(of=("self",)).select_related("team").get(pk=question_id)
    if not user_can_see_question(user=user, question=question):
        raise PermissionDenied("You cannot forecast on this question.")
    if question.status != Question.Status.OPEN:
        raise ValidationError(
            {"question": f"Forecasts are accepted only while a question is open; this one is {question.status}."}
        )
    if at < question.opened_at:
        raise ValidationError({"created_at": "A forecast cannot be dated before the question opened."})
    if at >= question.scheduled_close_at:
        raise ValidationError({"question": "The question's forecasting window has closed."})
    return question


def forecast_submit(
    *,
    user,
    question: Question,
    probability=None,
    probabilities=None,
    rationale: str = "",
    at: datetime | None = None,
) -> Forecast:
    """Record a forecast. It supersedes the user's previous forecast on the question, which stays in history."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to forecast.")
    at = _forecast_time(at)
    with transaction.atomic():
        question = _forecastable_question(user=user, question_id=question.pk, at=at)
        try:
            if question.is_binary:
                if probabilities is not None:
                    raise ForecastInputError("probabilities", "A binary forecast takes one probability, not a list.")
                values = {"probability": parse_binary_probability(probability), "probabilities": None}
            else:
                if probability is not None:
                    raise ForecastInputError(
                        "probability", "A multiple-choice forecast takes one probability per option."
                    )
                option_count = question.options.count()
                values = {"probability": None, "probabilities": parse_option_probabilities(probabilities, option_count)}
        except ForecastInputError as error:
            raise ValidationError({error.field: error.message}) from None
        forecast = Forecast(
            user=user, question=question, kind=Forecast.Kind.FORECAST, rationale=rationale, created_at=at, **values
        )
        # Values were checked by forecasts.validation above; the database's check constraints back them up.
        forecast.save()
        _queue_community_update(question.pk)
        webhook_event_emit(
            team_id=question.team_id,
            event=Webhook.Event.FORECAST_CREATED,
            key=f"forecast.created:forecast:{forecast.pk}",
            data=lambda: {"question": question_data(question), "forecast": _forecast_data(forecast)},
            occurred_at=forecast.created_at,
        )
    return forecast


def _forecast_data(forecast: Forecast) -> dict:
    data = {
        "id": forecast.pk,
        "user": forecast.user.get_username(),
        "created_at": forecast.created_at,
        "probability": forecast.probability,
        "rationale": forecast.rationale,
    }
    if forecast.probabilities is not None:
        labels = forecast.question.options.values_list("label", flat=True)
        data["probabilities"] = dict(zip(labels, forecast.probabilities, strict=True))
    return data


def forecast_withdraw(*, user, question: Question, at: datetime | None = None) -> Forecast:
    """Record that the user no longer stands behind a forecast. Earlier forecasts remain in history."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to withdraw a forecast.")
    at = _forecast_time(at)
    with transaction.atomic():
        question = _forecastable_question(user=user, question_id=question.pk, at=at)
        standing = latest_forecast(user=user, question=question)
        if standing is None or standing.kind != Forecast.Kind.FORECAST:
            raise ValidationError({"question": "You have no standing forecast on this question to withdraw."})
        if at < standing.created_at:
            raise ValidationError({"created_at": "A withdrawal cannot be dated before the forecast it withdraws."})
        withdrawal = Forecast(user=user, question=question, kind=Forecast.Kind.WITHDRAWAL, created_at=at)
        withdrawal.save()
        _queue_community_update(question.pk)
    return withdrawal


# --- community forecast -----------------------------------------------------------------------------------------


class _QueueCommunityUpdate:
    """An on-commit callback that queues one community-forecast update for a question."""

    def __init__(self, question_id: int) -> None:
        self.question_id = question_id

    def __call__(self) -> None:
        from forecasts.tasks import update_community_forecast

        enqueue(update_community_forecast, self.question_id)


def _queue_community_update(question_id: int) -> None:
    """Queue the update after commit, once per question per transaction however many forecasts it wrote."""
    connection = transaction.get_connection()
    for _, callback, *_ in connection.run_on_commit:
        if isinstance(callback, _QueueCommunityUpdate) and callback.question_id == question_id:
            return
    transaction.on_commit(_QueueCommunityUpdate(question_id))


def _vector(question: Question, probability: float | None, probabilities: list | None) -> list[float] | None:
    if probability is not None:
        return [1 - probability, probability]
    return probabilities


def _window_bounds(question: Question) -> tuple[float, float]:
    return (question.opened_at or question.opens_at).timestamp(), question.scheduled_close_at.timestamp()


def _event(question: Question, row) -> Event:
    user_id, created_at, kind, probability, probabilities = row[:5]
    values = None if kind == Forecast.Kind.WITHDRAWAL else np.asarray(_vector(question, probability, probabilities))
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
        opens_at, closes_at = _window_bounds(question)
        events = [_event(question, row) for row in rows]
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
    return signpost_observe(question_id=question_id, probability=step.probability, at=step.at)


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
        standing = [(row[0], _vector(question, row[3], row[4])) for row in standing_rows]
        events = [_event(question, row) for row in new_rows]
        opens_at, closes_at = _window_bounds(question)
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


# --- scores -----------------------------------------------------------------------------------------------------


def question_window(question: Question) -> QuestionWindow:
    if question.is_binary:
        outcome = 1 if question.resolution == Question.BinaryOutcome.YES else 0
        option_count = 2
    else:
        positions = list(question.options.values_list("pk", flat=True))
        outcome = positions.index(question.resolved_option_id)
        option_count = len(positions)
    opens_at, scheduled_close_at = _window_bounds(question)
    return QuestionWindow(
        opens_at=opens_at,
        scheduled_close_at=scheduled_close_at,
        actual_close_at=question.actual_close_at.timestamp(),
        outcome=outcome,
        option_count=option_count,
    )


def question_score_rows(question: Question) -> tuple[dict, dict]:
    """({user_id: {rule: value, coverage}}, crowd row) for a resolved question, from its forecast history."""
    rows = list(Forecast.objects.filter(question=question).order_by("created_at", "id").values_list(*EVENT_FIELDS))
    window = question_window(question)
    events = [_event(question, row) for row in rows]
    crowd = community_series(events, opens_at=window.opens_at, closes_at=window.actual_close_at)
    user_rows = [(event.user, event.at, None if event.values is None else event.values) for event in events]
    crowd_points = [(point.at, point.values) for point in crowd]
    return score_with_crowd(user_rows, crowd_points, window)


def _score_objects(question: Question, who: dict, *, user_id: int | None, now) -> list[Score]:
    if all(who[rule] is None for rule in RULES):
        return []
    return [
        Score(
            question=question,
            user_id=user_id,
            is_crowd=user_id is None,
            rule=rule,
            value=who[rule],
            coverage=who["coverage"],
            computed_at=now,
        )
        for rule in RULES
    ]


def question_score(*, question_id: int) -> int:
    """Replace a question's Score rows with what its current state implies: scores if resolved, none otherwise.

    One transaction under a row lock on the question, so re-resolving swaps the scores atomically and running it
    twice (or concurrently) leaves the same rows.
    """
    with transaction.atomic():
        question = (
            Question.objects.select_for_update(of=("self",))
            .select_related("resolved_option")
            .filter(pk=question_id)
            .first()
        )
        if question is None:
            return 0
        Score.objects.filter(question=question).delete()
        if question.status != Question.Status.RESOLVED:
            return 0
        users, crowd = question_score_rows(question)
        now = timezone.now()
        scores = [
            row for user_id, who in users.items() for row in _score_objects(question, who, user_id=user_id, now=now)
        ]
        scores += _score_objects(question, crowd, user_id=None, now=now)
        Score.objects.bulk_create(scores)
        _notify_resolution(question, users, crowd)
        webhook_event_emit(
            team_id=question.team_id,
            event=Webhook.Event.SCORE_COMPUTED,
            key=f"score.computed:question:{question.pk}:resolved:{question.resolved_at:%Y%m%dT%H%M%S%f}",
            data=lambda: _scores_data(question, users, crowd),
            occurred_at=now,
        )
    return len(scores)


def _scores_data(question: Question, users: dict, crowd: dict) -> dict:
    names = dict(get_user_model().objects.filter(pk__in=list(users)).values_list("pk", "username"))
    rules = (*RULES, "coverage")
    return {
        "question": question_data(question),
        "crowd": {rule: crowd.get(rule) for rule in rules},
        "forecasters": [
            {"user": names[user_id], **{rule: row.get(rule) for rule in rules}}
            for user_id, row in sorted(users.items(), key=lambda item: names[item[0]])
        ],
    }


def _score_line(row: dict) -> str:
    parts = []
    for rule, label, fmt in (
        ("peer", "peer", "{:+.1f}"),
        ("baseline", "baseline", "{:+.1f}"),
        ("final_brier", "final Brier (0–2)", "{:.3f}"),
        ("relative_brier", "relative Brier", "{:+.3f}"),
    ):
        if row.get(rule) is not None:
            parts.append(f"{label} {fmt.format(row[rule])}")
    return ", ".join(parts)


def _notify_resolution(question: Question, users: dict, crowd: dict) -> None:
    """Tell each forecaster the outcome and their scores, once per resolution (a re-resolution tells them again)."""
    recipients = {user.pk: user for user in get_user_model().objects.filter(pk__in=list(users))}
    crowd_line = _score_line(crowd)
    for user_id, row in users.items():
        line = _score_line(row)
        if not line:
            continue  # forecast only after the close: nothing was scored
        notification_send(
            recipient=recipients[user_id],
            kind=Notification.Kind.RESOLVED,
            subject=f"question:{question.pk}",
            window=f"resolved-{question.resolved_at:%Y%m%dT%H%M%S%f}",
            title=f"Resolved {question.outcome_label}: {question.title}",
            body=f"Your scores: {line}." + (f" The crowd: {crowd_line}." if crowd_line else ""),
            url=f"/questions/{question.slug}/",
            question=question,
        )


def engine_catch_up(*, question_ids: list[int] | None = None) -> dict[str, int]:
    """Bring community forecasts and scores up to date now, in this process (the seed and repairs use it)."""
    questions = Question.objects.all() if question_ids is None else Question.objects.filter(pk__in=question_ids)
    newest = dict(
        Forecast.objects.filter(question__in=questions)
        .values("question_id")
        .annotate(newest=Max("id"))
        .values_list("question_id", "newest")
    )
    cursors = dict(
        CommunityForecastCursor.objects.filter(question__in=questions).values_list("question_id", "last_forecast_id")
    )
    updated = [question_id for question_id, last in newest.items() if cursors.get(question_id, 0) < last]
    for question_id in updated:
        community_forecast_update(question_id=question_id)
    unscored = questions.filter(status=Question.Status.RESOLVED).exclude(pk__in=Score.objects.values("question_id"))
    scored = [
        question_id for question_id in unscored.values_list("pk", flat=True) if question_score(question_id=question_id)
    ]
    return {"community_forecasts_updated": len(updated), "questions_scored": len(scored)}
