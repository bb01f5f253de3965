"""What the question page shows, read in a fixed number of queries: the question, the community forecast over time
with the reader's forecasts overlaid (an SVG chart and its data table), the reader's history, evidence, proposals,
clarifications and, once resolved, the reader's and the crowd's scores."""

from dataclasses import dataclass, field

from django.utils import timezone

from forecasts.engine.charts import Series, forecast_chart
from forecasts.models import Forecast, Score
from forecasts.selectors.coherence import coherence_violations, coherence_warnings_for
from forecasts.selectors.community import community_series_points, crowd_visible
from forecasts.selectors.history import forecast_history
from forecasts.templatetags.signpost_ui import forecast_text
from tracker.accounts.permissions import user_can_curate
from tracker.models import Question
from tracker.questions.selectors import question_evidence

SCORE_RULES = ("peer", "baseline", "final_brier", "relative_brier", "log")


@dataclass
class QuestionPage:
    question: Question
    options: list
    can_curate: bool
    history: list[Forecast]
    latest: Forecast | None
    crowd_hidden: bool
    chart_svg: str
    table: list[tuple]  # (time, who, values as text)
    evidence: list
    proposals: list
    clarifications: list
    warnings: list = field(default_factory=list)
    my_scores: dict = field(default_factory=dict)
    crowd_scores: dict = field(default_factory=dict)


def question_page(*, user, question: Question) -> QuestionPage:
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
    chart = forecast_chart(
        community=community,
        mine=mine,
        start=start,
        end=end,
        title=f"Community forecast over time{' with your forecasts' if forecasts else ''}: {question.title}",
    )
    table = [
        (at, "Community", forecast_text(question, values[1] if binary else None, values))
        for at, values, _ in steps
        if values
    ]
    table += [(row.created_at, "You", forecast_text(question, row.probability, row.probabilities)) for row in forecasts]
    table.sort(key=lambda row: row[0])

    page = QuestionPage(
        question=question,
        options=options,
        can_curate=can_curate,
        history=list(reversed(history)),
        latest=latest,
        crowd_hidden=not visible,
        chart_svg=chart,
        table=table,
        evidence=list(question_evidence(question=question)),
        proposals=list(question.proposals.select_related("proposed_by").order_by("-created_at")),
        clarifications=list(question.clarifications.order_by("created_at")),
    )
    if visible and question.scenario_id:
        # Only links inside the question's scenario are checked here: the page stays a fixed number of queries.
        involving = [v for v in coherence_violations(scenario=question.scenario) if question.pk in v.question_ids]
        page.warnings = [v.message for v in coherence_warnings_for(user=user, violations=involving)]
    if question.status == Question.Status.RESOLVED:
        scores = Score.objects.filter(question=question, rule__in=SCORE_RULES)
        for score in scores.filter(is_crowd=True):
            page.crowd_scores[score.rule] = score.value
        if user.is_authenticated:
            for score in scores.filter(user=user):
                page.my_scores[score.rule] = score.value
    return page
