"""Leaderboards and the track record (calibration)."""

from datetime import UTC, datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from forecasts.engine.charts import calibration_chart
from forecasts.engine.distribution_charts import pit_chart
from forecasts.models import Score
from forecasts.selectors.boards import peer_leaderboard, relative_brier_leaderboard, resolved_questions
from forecasts.selectors.calibration import calibration_report
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.models import Scenario, Tag, Team
from tracker.questions.selectors import question_visible_filter
from tracker.scenarios.selectors import scenario_visible_filter


def leaderboard(request: PageRequest):
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
            ("peer", "Total peer score (higher is better)"),
            ("global", "Peer score per question forecast, at least 30 counted (higher is better)"),
            ("relative_brier", "Average relative Brier (lower is better)"),
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
def track_record(request: SignedInRequest):
    """The reader's calibration (observed vs forecast per bin, Wilson bands, counts), Brier decomposition and
    score history; or a team's, for its members."""
    team = None
    if request.GET.get("team"):
        team = Team.objects.filter(slug=request.GET["team"], memberships__user=request.user).first()
        if team is None:
            raise Http404("No such team.")
    report = calibration_report(viewer=request.user, team=team, user=None if team else request.user)
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
    pit_svg = ""
    if report.pit_counts:
        pit_svg = pit_chart(counts=report.pit_counts, title=f"PIT histogram of {who} on numeric and date questions")
    context = {
        "report": report,
        "chart_svg": chart,
        "pit_svg": pit_svg,
        "team": team,
        "history": history,
        "teams": Team.objects.filter(memberships__user=request.user).distinct(),
    }
    return render(request, "web/track_record.html", context)
