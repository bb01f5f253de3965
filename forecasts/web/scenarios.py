"""Scenario pages: the overview, and one scenario with its questions, scenario sets, signposts, flags and warnings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from forecasts.engine.aggregation import DEFAULT_METHOD
from forecasts.engine.charts import NARROW_WIDTH, WIDTH, stacked_chart
from forecasts.models import AggregateForecast
from forecasts.selectors.coherence import coherence_violations, coherence_warnings_for
from forecasts.selectors.community import community_latest, crowd_visibility, evenly_spaced, question_rows
from tracker.accounts.permissions import user_can_curate_team
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.curation.selectors import source_list
from tracker.models import (
    Question,
    ScenarioFlag,
    ScenarioFollow,
)
from tracker.questions.selectors import (
    question_list,
)
from tracker.scenarios.selectors import access_scenario_by_slug, scenario_list
from tracker.scenarios.services import signposts
from tracker.scenarios.services.signposts import scenario_flags_acknowledge, scenario_unfollow

READER_STATUSES = (Question.Status.OPEN, Question.Status.CLOSED, Question.Status.RESOLVED)


def home(request: PageRequest):
    scenarios = list(scenario_list(user=request.user))
    status_counts: dict[str, int] = {}
    for scenario in scenarios:
        for question in scenario.visible_questions:
            status_counts[question.status] = status_counts.get(question.status, 0) + 1
    return render(
        request,
        "web/scenarios.html",
        {
            "scenarios": scenarios,
            "sources": source_list(user=request.user),
            # What a reader can act on; the curators' internal states (draft, scheduled, annulled) are not news.
            "status_counts": [
                (label, status_counts[value])
                for value, label in Question.Status.choices
                if value in READER_STATUSES and status_counts.get(value)
            ],
        },
    )


def scenario_detail(request: PageRequest, slug: str):
    scenario = access_scenario_by_slug(request.user, slug)
    can_curate = user_can_curate_team(user=request.user, team=scenario.team)
    questions = list(
        question_list(user=request.user, scenario=scenario)
        .prefetch_related("options")
        .order_by("scheduled_close_at", "title")
    )
    rows = question_rows(user=request.user, questions=questions)
    visible_ids = {question.pk for question in questions}
    signpost_list = [
        signpost
        for signpost in scenario.signposts.select_related("question").order_by("created_at", "id")
        if signpost.question_id in visible_ids or can_curate
    ]
    signpost_community = community_latest(question_ids=[signpost.question_id for signpost in signpost_list])
    crowd_shown = crowd_visibility(user=request.user, questions=[signpost.question for signpost in signpost_list])
    for signpost in signpost_list:
        step = signpost_community.get(signpost.question_id)
        signpost.crowd_hidden = not crowd_shown(signpost.question)
        signpost.community = step.probability if step and not signpost.crowd_hidden else None
    # A flag quotes a move of the community forecast: shown only where the reader may see that forecast.
    flags = [
        flag
        for flag in ScenarioFlag.objects.filter(scenario=scenario, signpost__question_id__in=visible_ids)
        .select_related("signpost__question")
        .order_by("-created_at", "-id")[:20]
        if flag.kind == ScenarioFlag.Kind.RESOLVED or crowd_shown(flag.signpost.question)
    ]
    following = (
        request.user.is_authenticated and ScenarioFollow.objects.filter(scenario=scenario, user=request.user).exists()
    )
    warnings = coherence_warnings_for(user=request.user, violations=coherence_violations(scenario=scenario))
    scenario_sets = _scenario_sets(
        [row for row in rows if row.question.type == Question.Type.MULTIPLE_CHOICE and not row.crowd_hidden]
    )
    context = {
        "scenario_sets": scenario_sets,
        "scenario": scenario,
        "rows": rows,
        "signposts": signpost_list,
        "flags": flags,
        "open_flag_count": sum(1 for flag in flags if flag.acknowledged_at is None),
        "following": following,
        "can_curate": can_curate,
        "warnings": warnings,
    }
    return render(request, "web/scenario_detail.html", context)


def _scenario_sets(rows, columns: int = 24) -> list[dict]:
    """Each multiple-choice question of the scenario (a scenario set) as a stacked bar chart over time and its
    data table; one query for all of them."""
    questions = {row.question.pk: row.question for row in rows}
    steps: dict[int, list] = {pk: [] for pk in questions}
    for question_id, at, values in (
        AggregateForecast.objects.filter(question_id__in=questions, method=DEFAULT_METHOD, values__isnull=False)
        .order_by("question_id", "at")
        .values_list("question_id", "at", "values")
    ):
        steps[question_id].append((at, values))
    sets = []
    for pk, question in questions.items():
        series = evenly_spaced(steps[pk], columns)
        labels = [option.label for option in question.options.all()]
        sets.append(
            {
                "question": question,
                "labels": labels,
                "table": series,
                "svg": "".join(
                    stacked_chart(
                        labels=labels,
                        columns=series,
                        title=f"Community probabilities over time: {question.title}",
                        width=width,
                        zone=timezone.get_current_timezone(),
                    )
                    for width in (WIDTH, NARROW_WIDTH)  # one per screen size; CSS shows one
                ),
            }
        )
    return sets


@login_required
@require_POST
def scenario_follow(request: SignedInRequest, slug: str):
    scenario = access_scenario_by_slug(request.user, slug)
    if request.POST.get("follow") == "0":
        scenario_unfollow(scenario=scenario, user=request.user)
        messages.success(request, "You no longer follow this scenario.")
    else:
        signposts.scenario_follow(scenario=scenario, user=request.user)
        messages.success(request, "You follow this scenario: you are told when a signpost moves or resolves.")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)  # the first-run page follows scenarios and stays where it is
    return redirect("scenario-detail", slug=scenario.slug)


@login_required
@require_POST
def scenario_acknowledge(request: SignedInRequest, slug: str):
    scenario = access_scenario_by_slug(request.user, slug)
    try:
        count = scenario_flags_acknowledge(scenario=scenario, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Acknowledged {count} flag(s).")
    return redirect("scenario-detail", slug=scenario.slug)
