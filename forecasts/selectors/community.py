"""The community forecast as readers see it: its latest step, its series, and the hidden-crowd rule."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Subquery

from forecasts.engine.aggregation import DEFAULT_METHOD
from forecasts.models import AggregateForecast, Forecast
from forecasts.selectors.history import my_latest_forecasts, questions_forecast_by
from tracker.accounts.models import AnyUser
from tracker.accounts.permissions import CURATING_ROLES, curated_team_ids, has_global_rights
from tracker.models import Membership, Question


def community_latest(*, question_ids, method: str = DEFAULT_METHOD) -> dict[int, AggregateForecast]:
    """Each question's current community forecast step for a method (one query for any number of questions)."""
    question_ids = list(question_ids)
    if not question_ids:
        return {}
    if connection.vendor == "postgresql":
        # One backward probe of the (question, method, at) index per question: the cost does not grow with the
        # number of steps stored (DISTINCT ON would read and sort them all).
        latest = AggregateForecast.objects.raw(
            f"""
            SELECT step.* FROM unnest(%s::bigint[]) AS asked(question_id)
            CROSS JOIN LATERAL (
                SELECT * FROM {AggregateForecast._meta.db_table} AS stored
                WHERE stored.question_id = asked.question_id AND stored.method = %s
                ORDER BY stored.at DESC LIMIT 1
            ) AS step
            """,
            [question_ids, method],
        )
    else:
        steps = AggregateForecast.objects.filter(question_id__in=question_ids, method=method)
        newest = (
            AggregateForecast.objects.filter(question=OuterRef("question"), method=method)
            .order_by("-at")
            .values("at")[:1]
        )
        latest = steps.filter(at=Subquery(newest))
    return {step.question_id: step for step in latest}


CROWD_ALWAYS_SHOWN = (Question.Status.CLOSED, Question.Status.RESOLVED, Question.Status.ANNULLED)


def crowd_visible(*, question: Question, has_forecast: bool, can_curate: bool = False) -> bool:
    """ "Hide the crowd until you forecast": the community forecast is shown once the user has forecast, once the
    question has closed, or to its curators; always, when the question does not hide it."""
    return not question.hide_crowd_until_forecast or has_forecast or can_curate or question.status in CROWD_ALWAYS_SHOWN


def crowd_visibility(*, user: AnyUser, questions) -> Callable[[Question], bool]:
    """The hidden-crowd rule (crowd_visible) for one reader over a set of questions, as a predicate: at most two
    queries (which of them the reader forecast on, which teams the reader curates), and none when no question hides
    its crowd. Every page, endpoint and export that shows a community value decides through this."""
    hiding = [q for q in questions if q.hide_crowd_until_forecast and q.status not in CROWD_ALWAYS_SHOWN]
    if not hiding:
        return lambda question: True
    forecast_on = questions_forecast_by(user=user, question_ids=[q.pk for q in hiding])
    everywhere = has_global_rights(user)
    curated = curated_team_ids(user) if not everywhere else set()

    def visible(question: Question) -> bool:
        can_curate = everywhere or (question.team_id is not None and question.team_id in curated)
        return crowd_visible(question=question, has_forecast=question.pk in forecast_on, can_curate=can_curate)

    return visible


def crowd_audience(*, question: Question, users: list) -> list:
    """Of these users, those who may see the question's community forecast (crowd_visible for each of them):
    two queries whatever the number of users, none when the question does not hide its crowd."""
    if not question.hide_crowd_until_forecast or question.status in CROWD_ALWAYS_SHOWN:
        return list(users)
    ids = [user.pk for user in users]
    forecast_on = set(
        Forecast.objects.filter(question=question, user_id__in=ids, kind=Forecast.Kind.FORECAST).values_list(
            "user_id", flat=True
        )
    )
    curators = set()
    if question.team_id is not None:
        curators = set(
            Membership.objects.filter(team_id=question.team_id, user_id__in=ids, role__in=CURATING_ROLES).values_list(
                "user_id", flat=True
            )
        )
    return [
        user
        for user in users
        if crowd_visible(
            question=question,
            has_forecast=user.pk in forecast_on,
            can_curate=user.is_superuser or user.pk in curators,
        )
    ]


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


@dataclass
class QuestionRow:
    """A question as a list shows it: the community forecast (None when hidden or absent) and the user's own."""

    question: Question
    community: AggregateForecast | None
    crowd_hidden: bool
    mine: Forecast | None


def question_rows(*, user: AnyUser, questions: list[Question]) -> list[QuestionRow]:
    """Rows for a page of questions: a fixed number of queries whatever the number of questions."""
    ids = [question.pk for question in questions]
    community = community_latest(question_ids=ids)
    mine = my_latest_forecasts(user=user, question_ids=ids)
    crowd_shown = crowd_visibility(user=user, questions=questions)
    rows = []
    for question in questions:
        visible = crowd_shown(question)
        rows.append(
            QuestionRow(
                question=question,
                community=community.get(question.pk) if visible else None,
                crowd_hidden=not visible,
                mine=mine.get(question.pk),
            )
        )
    return rows
