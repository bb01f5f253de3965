"""Reads of forecast history."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery, Sum

from forecasts.aggregation import DEFAULT_METHOD
from forecasts.calibration import (
    CalibrationBin,
    MurphyDecomposition,
    calibration_table,
    murphy_decomposition,
    sharpness,
)
from forecasts.interchange import format_time
from forecasts.models import AggregateForecast, Forecast, Score
from tracker.models import Question, QuestionLink


def latest_forecast(*, user, question: Question) -> Forecast | None:
    return Forecast.objects.filter(user=user, question=question).order_by("-created_at", "-id").first()


def forecast_history(*, user, question: Question) -> QuerySet[Forecast]:
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


def forecaster_counts(*, question_ids: list[int]) -> dict[int, int]:
    """How many people have forecast on each question, for lists of questions (one query)."""
    counts = (
        Forecast.objects.filter(question_id__in=question_ids, kind=Forecast.Kind.FORECAST)
        .values("question_id")
        .annotate(forecasters=Count("user", distinct=True))
    )
    return {row["question_id"]: row["forecasters"] for row in counts}


def interchange_export(*, questions) -> dict:
    """The questions and their forecast history in the interchange format (forecasts/interchange.py).

    Two queries whatever the size: the questions with their options, then every forecast row in time order. A
    withdrawal row becomes the `withdrawn_at` of the forecast it ended.
    """
    questions = list(questions.select_related("resolved_option").prefetch_related("options").order_by("pk"))
    by_id = {question.pk: question for question in questions}
    exported_questions = []
    for question in questions:
        options = [option.label for option in question.options.all()]
        if question.status == Question.Status.ANNULLED:
            resolution = "annulled"
        elif question.status == Question.Status.RESOLVED:
            resolution = question.resolution if question.is_binary else question.resolved_option.label
        else:
            resolution = None
        entry = {
            "id": question.slug,
            "type": question.type,
            "opens_at": format_time((question.opened_at or question.opens_at).timestamp()),
            "scheduled_close_at": format_time(question.scheduled_close_at.timestamp()),
            "actual_close_at": format_time(question.actual_close_at.timestamp()) if question.actual_close_at else None,
            "resolution": resolution,
        }
        if not question.is_binary:
            entry["options"] = options
        exported_questions.append(entry)
    rows = (
        Forecast.objects.filter(question_id__in=by_id)
        .order_by("question_id", "created_at", "id")
        .values_list("question_id", "user__username", "created_at", "kind", "probability", "probabilities")
    )
    exported_forecasts: list[dict] = []
    standing: dict[tuple[int, str], dict] = {}
    for question_id, username, created_at, kind, probability, probabilities in rows:
        question = by_id[question_id]
        key = (question_id, username)
        if kind == Forecast.Kind.WITHDRAWAL:
            if key in standing:
                standing.pop(key)["withdrawn_at"] = format_time(created_at.timestamp())
            continue
        record = {"question": question.slug, "user": username, "at": format_time(created_at.timestamp())}
        if question.is_binary:
            record["probability"] = probability
        else:
            labels = [option.label for option in question.options.all()]
            record["probabilities"] = dict(zip(labels, probabilities, strict=True))
        record["withdrawn_at"] = None
        standing[key] = record
        exported_forecasts.append(record)
    return {"questions": exported_questions, "forecasts": exported_forecasts}


# --- leaderboards -----------------------------------------------------------------------------------------------

# A single lucky question cannot top the global board: peer scores are divided by at least this much coverage.
GLOBAL_COVERAGE_FLOOR = 30.0


@dataclass(frozen=True)
class LeaderboardRow:
    user_id: int | None  # None for the crowd
    name: str
    is_crowd: bool
    questions: int
    value: float  # Σ peer (peer board) or mean relative Brier (relative-Brier board)
    coverage: float  # Σ coverage
    global_score: float | None  # Σ peer / max(30, Σ coverage); peer board only


def resolved_questions(
    *, scenario=None, tag: str | None = None, team=None, season_start=None, season_end=None
) -> QuerySet[Question]:
    """Resolved questions in a scenario, tag, owning team and/or season (by scheduled close, [start, end))."""
    questions = Question.objects.filter(status=Question.Status.RESOLVED)
    if scenario is not None:
        questions = questions.filter(scenario=scenario)
    if tag:
        questions = questions.filter(tags__slug=tag)
    if team is not None:
        questions = questions.filter(team=team)
    if season_start is not None:
        questions = questions.filter(scheduled_close_at__gte=season_start)
    if season_end is not None:
        questions = questions.filter(scheduled_close_at__lt=season_end)
    return questions


def _names(user_ids) -> dict[int, str]:
    User = get_user_model()
    return {
        pk: display or username
        for pk, display, username in User.objects.filter(pk__in=user_ids).values_list("pk", "display_name", "username")
    }


def _board(questions: QuerySet[Question], rule: str, figure) -> list[LeaderboardRow]:
    """One row per forecaster with a score under `rule` on the questions, and the crowd's row (two queries)."""
    rows = list(
        Score.objects.filter(question__in=questions, rule=rule, value__isnull=False)
        .values("user_id", "is_crowd")
        .annotate(figure=figure, coverage=Sum("coverage"), questions=Count("question_id", distinct=True))
    )
    names = _names([row["user_id"] for row in rows if row["user_id"]])
    return [
        LeaderboardRow(
            user_id=row["user_id"],
            name="Crowd (community forecast)" if row["is_crowd"] else names.get(row["user_id"], "?"),
            is_crowd=row["is_crowd"],
            questions=row["questions"],
            value=row["figure"],
            coverage=row["coverage"],
            global_score=row["figure"] / max(GLOBAL_COVERAGE_FLOOR, row["coverage"])
            if rule == Score.Rule.PEER
            else None,
        )
        for row in rows
    ]


def peer_leaderboard(
    *, questions: QuerySet[Question], limit: int | None = None, by_global: bool = False
) -> list[LeaderboardRow]:
    """Σ peer score per forecaster over the questions, with the global figure and the crowd as a row."""
    rows = _board(questions, Score.Rule.PEER, Sum("value"))
    rows.sort(key=lambda row: row.global_score if by_global else row.value, reverse=True)
    return rows[:limit] if limit else rows


def relative_brier_leaderboard(*, questions: QuerySet[Question], limit: int | None = None) -> list[LeaderboardRow]:
    """Mean relative Brier per forecaster (lower is better), with the number of questions and the crowd row."""
    rows = _board(questions, Score.Rule.RELATIVE_BRIER, Avg("value"))
    rows.sort(key=lambda row: row.value)
    return rows[:limit] if limit else rows


# --- calibration ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationReport:
    bins: list[CalibrationBin]
    murphy: MurphyDecomposition | None
    sharpness: float | None
    predictions: int
    questions: int


def final_predictions(
    *, users=None, scenario=None, tag: str | None = None, horizon_days: tuple[float | None, float | None] = (None, None)
) -> tuple[list[float], list[int], int]:
    """(probabilities, outcomes, questions) of the forecasts standing at each resolved question's actual close.

    A multiple-choice forecast gives one prediction per option. `horizon_days` keeps forecasts made between min and
    max days before the close. Two queries, whatever the number of forecasts.
    """
    questions = resolved_questions(scenario=scenario, tag=tag).select_related("resolved_option")
    questions = {q.pk: q for q in questions.prefetch_related("options")}
    rows = Forecast.objects.filter(question_id__in=questions).order_by("question_id", "user_id", "created_at", "id")
    if users is not None:
        rows = rows.filter(user__in=users)
    standing: dict[tuple[int, int], tuple] = {}
    for question_id, user_id, created_at, kind, probability, probabilities in rows.values_list(
        "question_id", "user_id", "created_at", "kind", "probability", "probabilities"
    ):
        if created_at < questions[question_id].actual_close_at:
            standing[(question_id, user_id)] = (created_at, kind, probability, probabilities)
    low, high = horizon_days
    p_list: list[float] = []
    y_list: list[int] = []
    counted = set()
    for (question_id, _), (created_at, kind, probability, probabilities) in standing.items():
        if kind == Forecast.Kind.WITHDRAWAL:
            continue
        question = questions[question_id]
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
    *, user=None, team=None, scenario=None, tag=None, horizon_days=(None, None)
) -> CalibrationReport:
    """Calibration of one forecaster, or of a team's members together, with FORECASTING.md's filters."""
    users = None
    if user is not None:
        users = [user]
    elif team is not None:
        users = get_user_model().objects.filter(memberships__team=team)
    p, y, question_count = final_predictions(users=users, scenario=scenario, tag=tag, horizon_days=horizon_days)
    if not p:
        return CalibrationReport(calibration_table([], []), None, None, 0, 0)
    return CalibrationReport(
        bins=calibration_table(p, y),
        murphy=murphy_decomposition(p, y),
        sharpness=sharpness(p),
        predictions=len(p),
        questions=question_count,
    )


# --- coherence ----------------------------------------------------------------------------------------------------

# A standalone forecast on a conditional pair's child that differs from the implied one by more than this is flagged.
CONDITIONAL_TOLERANCE = 0.1


@dataclass(frozen=True)
class CoherenceViolation:
    kind: str
    question_ids: tuple[int, ...]
    message: str


def _current_probabilities(question_ids, user=None) -> dict[int, float]:
    """P(yes) now: the user's standing forecasts, or the community forecast's latest step."""
    if user is not None:
        latest = {}
        rows = Forecast.objects.filter(question_id__in=question_ids, user=user).order_by(
            "question_id", "created_at", "id"
        )
        for question_id, kind, probability in rows.values_list("question_id", "kind", "probability"):
            latest[question_id] = probability if kind == Forecast.Kind.FORECAST else None
        return {question_id: p for question_id, p in latest.items() if p is not None}
    steps = AggregateForecast.objects.filter(question_id__in=question_ids, method=DEFAULT_METHOD).order_by(
        "question_id", "at"
    )
    current = {}
    for question_id, values in steps.values_list("question_id", "values"):
        current[question_id] = values[1] if values else None
    return {question_id: p for question_id, p in current.items() if p is not None}


def coherence_violations(*, scenario=None, user=None) -> list[CoherenceViolation]:
    """Forecasts that contradict each other (FORECASTING.md, "Cross-question coherence").

    Multiple-choice scenario sets sum to 1 by construction, so only links between binary questions are checked:
    an earlier deadline more likely than a later one, and a standalone child forecast more than 0.1 away from what
    the conditional pair implies. Uses the user's standing forecasts, or the community forecast without a user.
    """
    live = [Question.Status.OPEN, Question.Status.CLOSED]
    links = QuestionLink.objects.filter(question__status__in=live, related__status__in=live).select_related(
        "question", "related", "child"
    )
    if scenario is not None:
        links = links.filter(Q(question__scenario=scenario) | Q(related__scenario=scenario))
    links = list(links)
    involved = {link.question_id for link in links} | {link.related_id for link in links}
    involved |= {link.child_id for link in links if link.child_id}
    p = _current_probabilities(involved, user)
    violations = []
    branches: dict[tuple[int, int], dict[str, QuestionLink]] = {}
    for link in links:
        if link.kind == QuestionLink.Kind.LATER_DEADLINE:
            earlier, later = p.get(link.question_id), p.get(link.related_id)
            if earlier is not None and later is not None and earlier > later:
                violations.append(
                    CoherenceViolation(
                        link.kind,
                        (link.question_id, link.related_id),
                        f"“{link.question.title}” ({earlier:.0%}) is more likely than the same event by a later "
                        f"date, “{link.related.title}” ({later:.0%}).",
                    )
                )
        else:
            branches.setdefault((link.related_id, link.child_id), {})[link.kind] = link
    for (parent_id, child_id), pair in branches.items():
        yes_link, no_link = pair.get(QuestionLink.Kind.CONDITION_YES), pair.get(QuestionLink.Kind.CONDITION_NO)
        if yes_link is None or no_link is None:
            continue
        values = [p.get(parent_id), p.get(yes_link.question_id), p.get(no_link.question_id), p.get(child_id)]
        if any(value is None for value in values):
            continue
        parent, if_yes, if_no, child = values
        implied = parent * if_yes + (1 - parent) * if_no
        if abs(child - implied) > CONDITIONAL_TOLERANCE:
            violations.append(
                CoherenceViolation(
                    "conditional",
                    (parent_id, yes_link.question_id, no_link.question_id, child_id),
                    f"“{yes_link.child.title}” is forecast at {child:.0%} but the conditional pair implies "
                    f"{implied:.0%} (parent {parent:.0%}, if yes {if_yes:.0%}, if no {if_no:.0%}).",
                )
            )
    return violations


# --- the community forecast as readers see it ---------------------------------------------------------------------


def community_latest(*, question_ids, method: str = DEFAULT_METHOD) -> dict[int, AggregateForecast]:
    """Each question's current community forecast step for a method (one query for any number of questions)."""
    steps = AggregateForecast.objects.filter(question_id__in=question_ids, method=method)
    if connection.vendor == "postgresql":
        # DISTINCT ON walks the (question, method, at) index once instead of a subquery per step.
        latest = steps.order_by("question_id", "-at").distinct("question_id")
    else:
        newest = (
            AggregateForecast.objects.filter(question=OuterRef("question"), method=method)
            .order_by("-at")
            .values("at")[:1]
        )
        latest = steps.filter(at=Subquery(newest))
    return {step.question_id: step for step in latest}


def questions_forecast_by(*, user, question_ids) -> set[int]:
    """Which of these questions the user has forecast on (one query); empty for anonymous users."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        Forecast.objects.filter(user=user, question_id__in=question_ids, kind=Forecast.Kind.FORECAST)
        .order_by()
        .values_list("question_id", flat=True)
        .distinct()
    )


CROWD_ALWAYS_SHOWN = (Question.Status.CLOSED, Question.Status.RESOLVED, Question.Status.ANNULLED)


def crowd_visible(*, question: Question, has_forecast: bool, can_curate: bool = False) -> bool:
    """ "Hide the crowd until you forecast": the community forecast is shown once the user has forecast, once the
    question has closed, or to its curators; always, when the question does not hide it."""
    return not question.hide_crowd_until_forecast or has_forecast or can_curate or question.status in CROWD_ALWAYS_SHOWN


def community_series_points(*, question: Question, method: str = DEFAULT_METHOD, points: int = 200) -> list:
    """The community forecast's steps, downsampled to at most `points` evenly spread ones (first and last kept)."""
    steps = list(
        AggregateForecast.objects.filter(question=question, method=method)
        .order_by("at")
        .values_list("at", "values", "forecaster_count")
    )
    return evenly_spaced(steps, points)


def evenly_spaced(items: list, points: int) -> list:
    """At most `points` of the items, evenly spread, the first and the last kept (a chart's downsampling)."""
    if len(items) <= points:
        return items
    if points == 1:
        return [items[-1]]
    last = len(items) - 1
    indices = sorted({round(index * last / (points - 1)) for index in range(points)})
    return [items[index] for index in indices]


def my_latest_forecasts(*, user, question_ids) -> dict[int, Forecast]:
    """The user's standing forecast on each of these questions (one query); withdrawn ones are left out."""
    if user is None or not user.is_authenticated:
        return {}
    rows = latest_rows(Forecast.objects.filter(user=user, question_id__in=question_ids))
    return {row.question_id: row for row in rows if row.kind == Forecast.Kind.FORECAST}


@dataclass
class QuestionRow:
    """A question as a list shows it: the community forecast (None when hidden or absent) and the user's own."""

    question: Question
    community: AggregateForecast | None
    crowd_hidden: bool
    mine: Forecast | None


def question_rows(*, user, questions: list[Question], can_curate_ids: set[int] = frozenset()) -> list[QuestionRow]:
    """Rows for a page of questions: three queries whatever the number of questions."""
    ids = [question.pk for question in questions]
    community = community_latest(question_ids=ids)
    mine = my_latest_forecasts(user=user, question_ids=ids)
    forecast_on = (
        questions_forecast_by(user=user, question_ids=ids)
        if any(q.hide_crowd_until_forecast for q in questions)
        else set()
    )
    rows = []
    for question in questions:
        visible = crowd_visible(
            question=question, has_forecast=question.pk in forecast_on, can_curate=question.pk in can_curate_ids
        )
        rows.append(
            QuestionRow(
                question=question,
                community=community.get(question.pk) if visible else None,
                crowd_hidden=not visible,
                mine=mine.get(question.pk),
            )
        )
    return rows
