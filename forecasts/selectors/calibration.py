"""Calibration reports: the forecasts standing at each resolved question's close, binned."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from forecasts.engine.calibration import (
    CalibrationBin,
    MurphyDecomposition,
    calibration_table,
    murphy_decomposition,
    sharpness,
)
from forecasts.engine.continuous import pit, pit_histogram
from forecasts.models import Forecast
from forecasts.selectors.boards import resolved_questions
from forecasts.selectors.distribution import outcome_location
from forecasts.selectors.visibility import visible_forecasts
from tracker.accounts.models import AnyUser
from tracker.models import Question
from tracker.questions.selectors import question_visible_filter

# The whole history, as the system sees it (offline rescoring, operators' commands); readers pass themselves.
SYSTEM = object()


@dataclass(frozen=True)
class CalibrationReport:
    bins: list[CalibrationBin]
    murphy: MurphyDecomposition | None
    sharpness: float | None
    predictions: int
    questions: int
    # Numeric and date questions: each final forecast's PIT at the outcome, and their histogram in tenths.
    pit_values: list[float] = field(default_factory=list)
    pit_counts: list[int] = field(default_factory=list)


# Each (question, user)'s row standing at the close: (made at, kind, probability, probabilities or CDF).
Standing = dict[tuple[int, int], tuple[datetime, str, Any, Any]]
Horizon = tuple[float | None, float | None]


def _pit_values(questions: dict[int, Question], standing: Standing) -> list[float]:
    """The PIT (continuous.pit) of each distribution standing at a resolved numeric or date question's actual close:
    the calibration picture of distributions (uniform when calibrated)."""
    values = []
    for (question_id, _), (_, kind, _, cdf) in standing.items():
        question = questions[question_id]
        if kind != Forecast.Kind.FORECAST or not question.is_continuous or question.resolution_value is None:
            continue
        if cdf is not None:
            values.append(pit(cdf, outcome_location(question)))
    return values


def _standing_at_close(
    *, viewer: Any, users: Iterable[AnyUser] | None, scenario: object, tag: str | None
) -> tuple[dict[int, Question], Standing]:
    """The resolved questions `viewer` may see and each (question, user)'s last row before the actual close: two
    queries."""
    resolved = resolved_questions(scenario=scenario, tag=tag).select_related("resolved_option")
    if viewer is not SYSTEM:
        resolved = resolved.filter(question_visible_filter(viewer))
    questions = {q.pk: q for q in resolved.prefetch_related("options")}
    rows = Forecast.objects.all() if viewer is SYSTEM else visible_forecasts(viewer)
    rows = rows.filter(question_id__in=questions).order_by("question_id", "user_id", "created_at", "id")
    if users is not None:
        rows = rows.filter(user__in=users)
    standing: Standing = {}
    for question_id, user_id, created_at, kind, probability, probabilities in rows.values_list(
        "question_id", "user_id", "created_at", "kind", "probability", "probabilities"
    ):
        if created_at < questions[question_id].actual_close_at:
            standing[(question_id, user_id)] = (created_at, kind, probability, probabilities)
    return questions, standing


def final_predictions(
    *,
    viewer=SYSTEM,
    users=None,
    scenario=None,
    tag: str | None = None,
    horizon_days: tuple[float | None, float | None] = (None, None),
) -> tuple[list[float], list[int], int]:
    """(probabilities, outcomes, questions) of the forecasts standing at each resolved question's actual close,
    among the forecasts `viewer` may see (selectors/visibility.py; SYSTEM for the whole history).

    A multiple-choice forecast gives one prediction per option. `horizon_days` keeps forecasts made between min and
    max days before the close. Two queries, whatever the number of forecasts.
    """
    questions, standing = _standing_at_close(viewer=viewer, users=users, scenario=scenario, tag=tag)
    return _predictions(questions, standing, horizon_days)


def _predictions(
    questions: dict[int, Question], standing: Standing, horizon_days: Horizon
) -> tuple[list[float], list[int], int]:
    low, high = horizon_days
    p_list: list[float] = []
    y_list: list[int] = []
    counted = set()
    for (question_id, _), (created_at, kind, probability, probabilities) in standing.items():
        if kind == Forecast.Kind.WITHDRAWAL:
            continue
        question = questions[question_id]
        if question.is_continuous:
            continue  # a distribution's calibration is its PIT, not a probability's hit rate
        days_before = (question.actual_close_at - created_at).total_seconds() / 86400
        if (low is not None and days_before < low) or (high is not None and days_before >= high):
            continue
        counted.add(question_id)
        if question.is_binary:
            p_list.append(probability)
            y_list.append(1 if question.resolution == Question.BinaryOutcome.YES else 0)
        else:
            option_ids = [option.pk for option in question.options.all()]
            p_list.extend(probabilities)
            y_list.extend(1 if option_id == question.resolved_option_id else 0 for option_id in option_ids)
    return p_list, y_list, len(counted)


def calibration_report(
    *, viewer=SYSTEM, user: AnyUser | None = None, team=None, scenario=None, tag=None, horizon_days=(None, None)
) -> CalibrationReport:
    """Calibration of one forecaster, or of a team's members together, with docs/forecasting.md's filters, from the
    forecasts `viewer` may see."""
    users: Iterable[AnyUser] | None = None
    if user is not None:
        users = [user]
    elif team is not None:
        users = get_user_model().objects.filter(memberships__team=team)
    questions, standing = _standing_at_close(viewer=viewer, users=users, scenario=scenario, tag=tag)
    p, y, question_count = _predictions(questions, standing, horizon_days)
    pits = _pit_values(questions, standing)
    counts = pit_histogram(pits) if pits else []
    if not p:
        return CalibrationReport(calibration_table([], []), None, None, 0, 0, pit_values=pits, pit_counts=counts)
    return CalibrationReport(
        bins=calibration_table(p, y),
        murphy=murphy_decomposition(p, y),
        sharpness=sharpness(p),
        predictions=len(p),
        questions=question_count,
        pit_values=pits,
        pit_counts=counts,
    )
