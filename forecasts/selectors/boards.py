"""Leaderboards over sets of resolved questions."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, QuerySet, Sum

from forecasts.models import Score
from tracker.models import Question

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
