"""Pages that show the community forecast: scenario (signposts, flags, coherence warnings). Views stay thin: they
fetch with permission checks, call a selector or a service, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forecasts.selectors import coherence_violations, community_latest, question_rows
from tracker import signposts
from tracker.models import ScenarioFlag, ScenarioFollow
from tracker.selectors import access_scenario_by_slug, question_list, user_can_curate_team


def scenario_detail(request, slug: str):
    scenario = access_scenario_by_slug(request.user, slug)
    can_curate = user_can_curate_team(user=request.user, team=scenario.team)
    questions = list(
        question_list(user=request.user, scenario=scenario, with_evidence_count=False)
        .prefetch_related("options")
        .order_by("scheduled_close_at", "title")
    )
    rows = question_rows(
        user=request.user, questions=questions, can_curate_ids={q.pk for q in questions} if can_curate else set()
    )
    visible_ids = {question.pk for question in questions}
    signpost_list = [
        signpost
        for signpost in scenario.signposts.select_related("question").order_by("created_at", "id")
        if signpost.question_id in visible_ids or can_curate
    ]
    signpost_community = community_latest(question_ids=[signpost.question_id for signpost in signpost_list])
    for signpost in signpost_list:
        step = signpost_community.get(signpost.question_id)
        signpost.community = step.probability if step else None
    flags = list(
        ScenarioFlag.objects.filter(scenario=scenario, signpost__question_id__in=visible_ids)
        .select_related("signpost__question")
        .order_by("-created_at", "-id")[:20]
    )
    following = (
        request.user.is_authenticated and ScenarioFollow.objects.filter(scenario=scenario, user=request.user).exists()
    )
    warnings = [v for v in coherence_violations(scenario=scenario) if set(v.question_ids) <= visible_ids]
    context = {
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


@login_required
@require_POST
def scenario_follow(request, slug: str):
    scenario = access_scenario_by_slug(request.user, slug)
    if request.POST.get("follow") == "0":
        signposts.scenario_unfollow(scenario=scenario, user=request.user)
        messages.success(request, "You no longer follow this scenario.")
    else:
        signposts.scenario_follow(scenario=scenario, user=request.user)
        messages.success(request, "You follow this scenario: you are told when a signpost moves or resolves.")
    return redirect("scenario-detail", slug=scenario.slug)


@login_required
@require_POST
def scenario_acknowledge(request, slug: str):
    scenario = access_scenario_by_slug(request.user, slug)
    try:
        count = signposts.scenario_flags_acknowledge(scenario=scenario, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Acknowledged {count} flag(s).")
    return redirect("scenario-detail", slug=scenario.slug)
