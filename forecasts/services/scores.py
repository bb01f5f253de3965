"""Scores of a resolved question: replaced atomically, and announced to its forecasters and the team's webhooks."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from forecasts.engine.continuous import Window
from forecasts.engine.distribution_scores import DISTRIBUTION_RULES, score_distributions
from forecasts.engine.scoring import RULES, QuestionWindow, score_with_crowd
from forecasts.engine.series import community_series
from forecasts.models import AggregateForecast, Forecast, Score
from forecasts.selectors.distribution import outcome_location
from forecasts.services.community import crowd_methods, forecast_event, forecast_rows, window_bounds
from tracker.models import Notification, Question, Webhook
from tracker.notifications.services.notifications import notification_send
from tracker.questions.payloads import question_data
from tracker.webhooks.services.events import webhook_event_emit


def question_window(question: Question) -> QuestionWindow:
    if question.is_binary:
        outcome = 1 if question.resolution == Question.BinaryOutcome.YES else 0
        option_count = 2
    else:
        positions = list(question.options.values_list("pk", flat=True))
        outcome = positions.index(question.resolved_option_id)
        option_count = len(positions)
    opens_at, scheduled_close_at = window_bounds(question)
    return QuestionWindow(
        opens_at=opens_at,
        scheduled_close_at=scheduled_close_at,
        actual_close_at=question.actual_close_at.timestamp(),
        outcome=outcome,
        option_count=option_count,
    )


def question_rules(question: Question) -> tuple[str, ...]:
    return DISTRIBUTION_RULES if question.is_continuous else RULES


def question_score_rows(question: Question) -> tuple[dict, dict]:
    """({user_id: {rule: value, coverage}}, crowd row) for a resolved question, from its forecast history."""
    if question.is_continuous:
        return _distribution_score_rows(question)
    rows = forecast_rows(Forecast.objects.filter(question=question).order_by("created_at", "id"))
    window = question_window(question)
    events = [forecast_event(question, row) for row in rows]
    crowd = community_series(events, opens_at=window.opens_at, closes_at=window.actual_close_at)
    user_rows = [(event.user, event.at, None if event.values is None else event.values) for event in events]
    crowd_points = [(point.at, point.values) for point in crowd]
    return score_with_crowd(user_rows, crowd_points, window)


def _distribution_score_rows(question: Question) -> tuple[dict[Any, Any], dict[str, Any]]:
    """The scores of a numeric or date question: its forecasters' CDFs and the stored community steps, at the
    outcome's place on the scale (an outcome beyond an open bound falls in the bucket beyond it)."""
    rows = forecast_rows(Forecast.objects.filter(question=question).order_by("created_at", "id"))
    user_rows = [
        (row.user_id, row.created_at.timestamp(), row.probabilities if row.kind == "forecast" else None) for row in rows
    ]
    crowd_points = [
        (at.timestamp(), values)
        for at, values in AggregateForecast.objects.filter(question=question, method=crowd_methods(question)[0])
        .order_by("at")
        .values_list("at", "values")
    ]
    opens_at, scheduled_close_at = window_bounds(question)
    window = Window(opened=opens_at, closed=question.actual_close_at.timestamp(), scheduled_close=scheduled_close_at)
    return score_distributions(
        user_rows,
        crowd_points,
        location=outcome_location(question),
        window=window,
        open_bounds=int(question.open_lower_bound) + int(question.open_upper_bound),
    )


def _score_objects(question: Question, who: dict, *, user_id: int | None, now) -> list[Score]:
    rules = question_rules(question)
    if all(who[rule] is None for rule in rules):
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
        for rule in rules
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
    rules = (*question_rules(question), "coverage")
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
        ("crps", "CRPS", "{:.3f}"),
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
            url=question.get_absolute_url(),
            question=question,
        )
