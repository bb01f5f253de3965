"""What the question page shows, read in a fixed number of queries: the question, the community forecast over time
with the reader's forecasts overlaid (an SVG chart and its data table), the reader's history, evidence, proposals,
clarifications and, once resolved, the reader's and the crowd's scores."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.utils import timezone

from forecasts.engine.charts import NARROW_WIDTH, Series, forecast_chart
from forecasts.models import Comment, Forecast, Score
from forecasts.selectors.coherence import coherence_violations, coherence_warnings_for
from forecasts.selectors.community import community_series_points, crowd_visible
from forecasts.selectors.discussion import (
    THREAD_ORDERS,
    Reader,
    TeamPanel,
    comment_thread,
    is_following,
    key_factors,
    reader_of,
    team_panels,
)
from forecasts.selectors.history import forecast_history
from forecasts.templatetags.signpost_ui import forecast_text
from forecasts.web.distribution_panel import DistributionView, distribution_view, fan_chart_svg
from tracker.accounts.permissions import user_can_curate
from tracker.curation.models import Source
from tracker.curation.selectors import user_can_see_source
from tracker.models import Evidence, Question, Team
from tracker.questions.selectors import question_evidence

SCORE_RULES = ("peer", "baseline", "final_brier", "relative_brier", "log")
DISTRIBUTION_SCORE_RULES = ("peer", "baseline", "crps")
COMMENTS_PER_PAGE = 20
# The chart's time ranges: the whole history, or the last few months of it (ending at the chart's end).
CHART_RANGES = {"all": None, "3m": 91, "1m": 30}


@dataclass
class ForecastPanel:
    """What a forecast changes on the question page: the numbers at a glance, the chart and its table, the reader's
    history and form, and the discussion (the team's panel, the thread where a rationale is posted). A save through
    HTMX renders this alone, not the whole page."""

    question: Question
    options: list
    can_curate: bool
    history: list[Forecast]
    latest: Forecast | None
    crowd_hidden: bool
    chart_svg: str
    table: list[tuple]  # (time, who, values as text)
    # Evidence the reader can name in the forecast and comment forms; the full page reads it with its sources.
    evidence: list
    discussion: "Discussion | None" = None
    share_default: str = "private"
    chart_range: str = "all"
    # (label, colour index, the community's current value or None) per chart series: the colour key
    legend: list = field(default_factory=list)
    forecaster_count: int | None = None
    previous: Forecast | None = None  # the reader's forecast before `latest`, for "change since"
    distribution: DistributionView | None = None  # numeric and date questions


@dataclass
class QuestionPage(ForecastPanel):
    """The whole page: the forecast panel with the question's criteria, evidence, proposals, coherence warnings and,
    once resolved, the scores."""

    proposals: list = field(default_factory=list)
    clarifications: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    my_scores: dict = field(default_factory=dict)
    crowd_scores: dict = field(default_factory=dict)
    # The article the question was drafted from, when the reader may open it (a team's article is the team's).
    origin_article: Source | None = None


@dataclass
class EvidencePanel:
    """What adding evidence changes: the evidence list and its form."""

    question: Question
    options: list
    evidence: list


@dataclass
class Discussion:
    """The question's discussion as one reader sees it."""

    reader: Reader
    comments: Page
    order: str
    key_factors: list[Evidence]
    team_panels: list[TeamPanel]
    my_teams: list[Team]
    following: bool


def discussion_for(
    *,
    user,
    question: Question,
    order: str = "oldest",
    page: int | str = 1,
    can_curate=None,
    has_forecast=None,
    options: list | None = None,
) -> Discussion:
    reader = reader_of(user=user, question=question, can_curate=can_curate, has_forecast=has_forecast)
    order = order if order in THREAD_ORDERS else "oldest"
    comments = Paginator(comment_thread(reader=reader, question=question, order=order), COMMENTS_PER_PAGE)
    teams = list(Team.objects.filter(pk__in=reader.team_ids)) if reader.team_ids else []
    return Discussion(
        reader=reader,
        comments=comments.get_page(page),
        order=order,
        key_factors=key_factors(reader=reader, question=question),
        team_panels=team_panels(
            user=user,
            reader=reader,
            question=question,
            options=list(question.options.all()) if options is None else options,
            teams=teams,
        ),
        my_teams=teams,
        following=is_following(user=user, question=question),
    )


def _within(series: Series, start) -> Series:
    """The series from `start` on; the step that stood at `start` is kept, moved to `start`."""
    before = [point for point in series.points if point[0] <= start]
    after = [point for point in series.points if point[0] > start]
    carried = [(start, before[-1][1])] if before and series.step else []
    return Series(series.label, carried + after, step=series.step)


def _evidence_markers(forecasts: list[Forecast]) -> list[tuple]:
    """Where the reader named the evidence that changed their mind: (time, "Changed my mind: <titles>")."""
    if not forecasts:
        return []
    entries = (
        Comment.objects.filter(forecast__in=[row.pk for row in forecasts], cited_evidence__isnull=False)
        .distinct()
        .prefetch_related("cited_evidence")
    )
    return [
        (entry.created_at, "Changed my mind: " + "; ".join(evidence.title for evidence in entry.cited_evidence.all()))
        for entry in entries
    ]


def evidence_panel(*, question: Question) -> EvidencePanel:
    return EvidencePanel(
        question=question,
        options=list(question.options.all()),
        evidence=list(question_evidence(question=question)),
    )


def forecast_panel(
    *,
    user,
    question: Question,
    comment_order: str = "oldest",
    comment_page: int | str = 1,
    chart_range: str = "all",
    evidence: list | None = None,
) -> ForecastPanel:
    """The forecast panel's read model. `evidence` is the page's full list when the page has read it; the panel
    alone reads only what its forms offer (id and title)."""
    options = list(question.options.all())
    can_curate = user_can_curate(user=user, question=question)
    history = list(forecast_history(user=user, question=question)) if user.is_authenticated else []
    latest = history[-1] if history and history[-1].kind == Forecast.Kind.FORECAST else None
    has_forecast = any(row.kind == Forecast.Kind.FORECAST for row in history)
    visible = crowd_visible(question=question, has_forecast=has_forecast, can_curate=can_curate)
    steps = community_series_points(question=question) if visible else []

    binary = question.type == Question.Type.BINARY
    labels = ["Yes"] if binary else [option.label for option in options]
    community = [
        Series(label, [(at, values[1] if binary else values[i]) for at, values, _ in steps if values])
        for i, label in enumerate(labels)
    ]
    forecasts = [row for row in history if row.kind == Forecast.Kind.FORECAST]
    mine = [
        Series(
            label,
            [(row.created_at, row.probability if binary else row.probabilities[i]) for row in forecasts],
            step=False,
        )
        for i, label in enumerate(labels)
    ]
    start = question.opened_at or question.opens_at
    end = question.closed_at or max(timezone.now(), start)
    if question.effective_close_at:
        end = min(end, question.effective_close_at) if question.effective_close_at > start else end
    chart_range = chart_range if chart_range in CHART_RANGES else "all"
    if CHART_RANGES[chart_range] is not None:
        start = max(start, end - timedelta(days=CHART_RANGES[chart_range]))
        community = [_within(series, start) for series in community]
        mine = [_within(series, start) for series in mine]
    drawing = {
        "community": community,
        "mine": mine,
        "start": start,
        "end": end,
        "title": f"Community forecast over time{' with your forecasts' if forecasts else ''}: {question.title}",
        "markers": _evidence_markers(forecasts),
        "zone": timezone.get_current_timezone(),  # point labels in the reader's time zone, like the page
    }
    current = steps[-1][1] if steps and steps[-1][1] else None
    distribution = None
    if question.is_continuous:
        chart = fan_chart_svg(question=question, steps=steps, start=start, end=end)
        mine_cdf = latest.probabilities if latest is not None else None
        distribution = distribution_view(question=question, community_cdf=current, mine_cdf=mine_cdf)
        labels, current = [], None
    else:
        # Drawn twice, for a wide and a narrow screen (CSS shows one): text keeps its size instead of shrinking.
        chart = forecast_chart(**drawing) + forecast_chart(**drawing, width=NARROW_WIDTH)
    previous = forecasts[-2] if latest is not None and len(forecasts) > 1 else None
    legend = [
        (label, index, (current[1] if binary else current[index]) if current else None)
        for index, label in enumerate(labels)
    ]
    table = [
        (at, "Community", forecast_text(question, values[1] if binary else None, values))
        for at, values, _ in steps
        if values
    ]
    table += [(row.created_at, "You", forecast_text(question, row.probability, row.probabilities)) for row in forecasts]
    table.sort(key=lambda row: row[0])

    if evidence is None:
        evidence = list(question.evidence.only("pk", "title").order_by("-published_at", "-added_at"))
    panel = ForecastPanel(
        question=question,
        options=options,
        can_curate=can_curate,
        history=list(reversed(history)),
        latest=latest,
        crowd_hidden=not visible,
        chart_svg=chart,
        table=table,
        evidence=evidence,
        legend=legend,
        chart_range=chart_range,
        forecaster_count=steps[-1][2] if steps else None,
        previous=previous,
        distribution=distribution,
        discussion=discussion_for(
            user=user,
            question=question,
            order=comment_order,
            page=comment_page,
            can_curate=can_curate,
            has_forecast=has_forecast,
            options=options,
        ),
    )
    if panel.discussion.my_teams or question.visibility != Question.Visibility.PUBLIC:
        panel.share_default = "team"
    return panel


def question_page(
    *, user, question: Question, comment_order: str = "oldest", comment_page: int | str = 1, chart_range: str = "all"
) -> QuestionPage:
    panel = forecast_panel(
        user=user,
        question=question,
        comment_order=comment_order,
        comment_page=comment_page,
        chart_range=chart_range,
        evidence=list(question_evidence(question=question)),
    )
    page = QuestionPage(
        **vars(panel),
        proposals=list(question.proposals.select_related("proposed_by").order_by("-created_at")),
        clarifications=list(question.clarifications.order_by("created_at")),
        origin_article=(
            question.origin_source
            if question.origin_source_id and user_can_see_source(user=user, source=question.origin_source)
            else None
        ),
    )
    visible = not page.crowd_hidden
    if visible and question.scenario_id:
        # Only links inside the question's scenario are checked here: the page stays a fixed number of queries.
        involving = [v for v in coherence_violations(scenario=question.scenario) if question.pk in v.question_ids]
        page.warnings = [v.message for v in coherence_warnings_for(user=user, violations=involving)]
    if question.status == Question.Status.RESOLVED:
        rules = DISTRIBUTION_SCORE_RULES if question.is_continuous else SCORE_RULES
        scores = Score.objects.filter(question=question, rule__in=rules)
        for score in scores.filter(is_crowd=True):
            page.crowd_scores[score.rule] = score.value
        if user.is_authenticated:
            for score in scores.filter(user=user):
                page.my_scores[score.rule] = score.value
    return page
