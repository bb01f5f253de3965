"""Pages that show the community forecast: scenario (signposts, flags, coherence warnings). Views stay thin: they
fetch with permission checks, call a selector or a service, and render."""

from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from forecasts.aggregation import DEFAULT_METHOD
from forecasts.charts import calibration_chart, stacked_chart
from forecasts.models import AggregateForecast, Forecast, Score
from forecasts.selectors import (
    calibration_report,
    coherence_violations,
    community_latest,
    evenly_spaced,
    peer_leaderboard,
    question_rows,
    relative_brier_leaderboard,
    resolved_questions,
)
from forecasts.services import forecast_submit
from forecasts.web.forms import EvidenceForm
from forecasts.web.question_page import question_page
from tracker import resolution, services, signposts
from tracker.models import Evidence, Question, Scenario, ScenarioFlag, ScenarioFollow, Tag, Team
from tracker.notifications import notification_list
from tracker.selectors import (
    access_question_by_slug,
    access_scenario_by_slug,
    evidence_counts,
    question_list,
    question_visible_filter,
    scenario_visible_filter,
    user_can_curate_team,
)
from tracker.views import home as tracker_home


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
                "svg": stacked_chart(
                    labels=labels, columns=series, title=f"Community probabilities over time: {question.title}"
                ),
            }
        )
    return sets


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


# --- question page ----------------------------------------------------------------------------------------------


def _percent(raw: str, field: str) -> float:
    try:
        value = float(str(raw).strip().rstrip("%"))
    except ValueError:
        raise ValidationError({field: "Enter a percentage between 1 and 99."}) from None
    return value / 100


def _errors(error: ValidationError, fields=()) -> dict[str, list[str]]:
    """Field → messages for the form's `fields`; everything else under "form" (templates cannot read "__all__")."""
    found = error.message_dict if hasattr(error, "error_dict") else {"form": error.messages}
    errors: dict[str, list[str]] = {}
    for name, texts in found.items():
        field = name.split("[")[0]  # "probabilities[2]" is about the probabilities inputs
        errors.setdefault(field if field in fields else "form", []).extend(texts)
    return errors


def _question_context(request, question, **extra) -> dict:
    return {"page": question_page(user=request.user, question=question), **extra}


def question_detail(request, slug: str):
    question = access_question_by_slug(request.user, slug)
    return render(request, "web/question_detail.html", _question_context(request, question))


@login_required
@require_POST
def question_forecast(request, slug: str):
    """Submit a forecast. With HTMX the forecast panel (chart, history, form) comes back in place; without, a
    redirect. A refused forecast keeps what was typed and says why, next to the field."""
    question = access_question_by_slug(request.user, slug)
    errors: dict[str, list[str]] = {}
    try:
        if question.type == Question.Type.BINARY:
            arguments = {"probability": _percent(request.POST.get("probability", ""), "probability")}
        else:
            count = question.options.count()
            arguments = {
                "probabilities": [
                    _percent(request.POST.get(f"option_{index}", ""), "probabilities") for index in range(count)
                ]
            }
        forecast_submit(
            user=request.user, question=question, rationale=request.POST.get("rationale", "")[:5000], **arguments
        )
    except ValidationError as error:
        errors = _errors(error, fields=("probability", "probabilities"))
    except PermissionDenied as error:
        errors = {"form": [str(error)]}
    if request.htmx:
        context = _question_context(request, question, form_errors=errors, form_data=request.POST if errors else None)
        if not errors:
            context["saved"] = True
        return render(request, "web/_forecast_panel.html", context)
    if errors:
        context = _question_context(request, question, form_errors=errors, form_data=request.POST)
        return render(request, "web/question_detail.html", context, status=400)
    messages.success(request, "Forecast saved.")
    return redirect("question-detail", slug=question.slug)


@login_required
@require_POST
def question_add_evidence(request, slug: str):
    question = access_question_by_slug(request.user, slug)
    form = EvidenceForm(request.POST, question=question)
    errors = {}
    if form.is_valid():
        try:
            services.evidence_add(question=question, added_by=request.user, **form.arguments())
        except ValidationError as error:
            errors = _errors(error, fields=("url", "option", "stance"))
    else:
        errors = _errors(ValidationError(form.errors), fields=("url", "option", "stance"))
    if request.htmx:
        context = _question_context(request, question, evidence_errors=errors, evidence_form=form if errors else None)
        return render(request, "web/_evidence.html", context)
    if errors:
        context = _question_context(request, question, evidence_errors=errors, evidence_form=form)
        return render(request, "web/question_detail.html", context, status=400)
    messages.success(request, "Evidence added.")
    return redirect("question-detail", slug=question.slug)


@login_required
@require_POST
def question_propose(request, slug: str):
    question = access_question_by_slug(request.user, slug)
    try:
        resolution.proposal_create(
            question=question,
            proposed_by=request.user,
            outcome=request.POST.get("outcome", "").strip(),
            evidence_url=request.POST.get("evidence_url", "").strip(),
            note=request.POST.get("note", "")[:2000],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, "Resolution proposed: the question's curators have been told.")
    return redirect("question-detail", slug=question.slug)


# --- question list ----------------------------------------------------------------------------------------------

SORTS = {
    "closing": ("scheduled_close_at", "Closing soonest"),
    "newest": ("-created_at", "Newest"),
    "resolve_by": ("resolve_by", "Resolve by"),
    "title": ("title", "Title"),
}


def questions(request):
    """Every question the reader may see, filtered, searched and sorted; 50 a page."""
    filters = {name: request.GET.get(name, "").strip() for name in ("status", "scenario", "tag", "team", "due", "q")}
    sort = request.GET.get("sort", "closing") if request.GET.get("sort") in SORTS else "closing"
    found = question_list(user=request.user, with_evidence_count=False).prefetch_related("options")
    if filters["status"] in Question.Status.values:
        found = found.filter(status=filters["status"])
    if filters["scenario"]:
        found = found.filter(scenario__slug=filters["scenario"])
    if filters["tag"]:
        found = found.filter(tags__slug=filters["tag"])
    if filters["team"]:
        found = found.filter(team__slug=filters["team"])
    if filters["due"] == "resolution":
        found = found.filter(status=Question.Status.CLOSED, resolve_by__lte=timezone.now() + timedelta(days=7))
    elif filters["due"] == "closing":
        found = found.filter(status=Question.Status.OPEN, scheduled_close_at__lte=timezone.now() + timedelta(days=7))
    if filters["q"]:
        found = found.filter(Q(title__icontains=filters["q"]) | Q(resolution_criteria__icontains=filters["q"]))
    page = Paginator(found.order_by(SORTS[sort][0], "pk").distinct(), 50).get_page(request.GET.get("page"))
    rows = question_rows(user=request.user, questions=list(page))
    counts = evidence_counts(question_ids=[row.question.pk for row in rows])
    for row in rows:
        row.evidence_count = counts.get(row.question.pk, 0)
    context = {
        "rows": rows,
        "page_obj": page,
        "filters": filters,
        "sort": sort,
        "sorts": [(key, label) for key, (_, label) in SORTS.items()],
        "statuses": Question.Status.choices,
        "scenarios": Scenario.objects.filter(scenario_visible_filter(request.user)).order_by("title"),
        "tags": Tag.objects.order_by("name"),
        "teams": Team.objects.filter(memberships__user=request.user).distinct()
        if request.user.is_authenticated
        else [],
        "query": request.GET.copy(),
    }
    return render(request, "web/questions.html", context)


# --- leaderboards and track record --------------------------------------------------------------------------------


def leaderboard(request):
    """Peer (Σ, or the global figure) or relative Brier over resolved questions the reader may see, in a scenario,
    tag, team or season, with the crowd's row."""
    rule = (
        request.GET.get("rule", "peer") if request.GET.get("rule") in ("peer", "global", "relative_brier") else "peer"
    )
    scenario = Scenario.objects.filter(
        scenario_visible_filter(request.user), slug=request.GET.get("scenario", "")
    ).first()
    team = None
    if request.GET.get("team") and request.user.is_authenticated:
        team = Team.objects.filter(slug=request.GET["team"], memberships__user=request.user).first()
    season = request.GET.get("season", "")
    start = end = None
    if season.isdigit() and len(season) == 4:
        start = datetime(int(season), 1, 1, tzinfo=UTC)
        end = datetime(int(season) + 1, 1, 1, tzinfo=UTC)
    resolved = resolved_questions(
        scenario=scenario, tag=request.GET.get("tag") or None, team=team, season_start=start, season_end=end
    ).filter(question_visible_filter(request.user))
    if rule == "relative_brier":
        rows = relative_brier_leaderboard(questions=resolved, limit=100)
    else:
        rows = peer_leaderboard(questions=resolved, limit=100, by_global=rule == "global")
    context = {
        "rows": rows,
        "rule": rule,
        "rules": [
            ("peer", "Peer (Σ)"),
            ("global", "Peer (global: Σ ÷ max(30, coverage))"),
            ("relative_brier", "Relative Brier (mean, lower is better)"),
        ],
        "scenario": scenario,
        "team": team,
        "season": season,
        "tag": request.GET.get("tag", ""),
        "scenarios": Scenario.objects.filter(scenario_visible_filter(request.user)).order_by("title"),
        "tags": Tag.objects.order_by("name"),
        "teams": Team.objects.filter(memberships__user=request.user).distinct()
        if request.user.is_authenticated
        else [],
        "question_count": resolved.count(),
    }
    return render(request, "web/leaderboard.html", context)


@login_required
def track_record(request):
    """The reader's calibration (observed vs forecast per bin, Wilson bands, counts), Brier decomposition and
    score history; or a team's, for its members."""
    team = None
    if request.GET.get("team"):
        team = Team.objects.filter(slug=request.GET["team"], memberships__user=request.user).first()
        if team is None:
            raise Http404("No such team.")
    report = calibration_report(team=team) if team else calibration_report(user=request.user)
    bins = [
        (b.lower, b.upper, b.observed_frequency, b.wilson_low or 0, b.wilson_high or 0, b.count) for b in report.bins
    ]
    who = team.name if team else "you"
    chart = calibration_chart(bins=bins, title=f"Calibration of {who}: observed frequency against forecast")
    history = []
    if team is None:
        history = list(
            Score.objects.filter(user=request.user, rule__in=["peer", "final_brier"], value__isnull=False)
            .select_related("question")
            .order_by("-question__resolved_at")[:100]
        )
    context = {
        "report": report,
        "chart_svg": chart,
        "team": team,
        "history": history,
        "teams": Team.objects.filter(memberships__user=request.user).distinct(),
    }
    return render(request, "web/track_record.html", context)


# --- dashboard --------------------------------------------------------------------------------------------------


def dashboard(request):
    """Signed in: what needs the reader now. Anonymous: the scenarios and articles (tracker's home)."""
    if not request.user.is_authenticated:
        return tracker_home(request)
    user = request.user
    now = timezone.now()
    visible = question_list(user=user, with_evidence_count=False).prefetch_related("options")
    closing = list(visible.filter(status=Question.Status.OPEN).order_by("scheduled_close_at", "pk")[:10])
    forecast_on = set(Forecast.objects.filter(user=user).values_list("question_id", flat=True).distinct().order_by())
    due = visible.filter(status=Question.Status.CLOSED, resolve_by__lte=now + timedelta(days=7))
    if not user.is_staff:
        curated_teams = user.memberships.filter(role__in=["curator", "admin"]).values("team_id")
        due = due.filter(team_id__in=curated_teams)
    curated_due = list(due.order_by("resolve_by")[:20])
    resolved = list(
        Score.objects.filter(user=user, rule="peer").select_related("question").order_by("-question__resolved_at")[:10]
    )
    new_evidence = list(
        Evidence.objects.filter(question_id__in=forecast_on, added_at__gte=now - timedelta(days=30))
        .select_related("question")
        .order_by("-added_at")[:10]
    )
    context = {
        "closing": question_rows(user=user, questions=closing),
        "due": curated_due,
        "resolved": resolved,
        "new_evidence": new_evidence,
        "notifications": list(notification_list(user=user, unread_only=True)[:5]),
    }
    return render(request, "web/dashboard.html", context)
