"""The signed-in reader's dashboard: what needs them now."""

from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone

from forecasts.models import Forecast, Score
from forecasts.selectors.community import question_rows
from tracker.accounts.permissions import has_global_rights, teams_curated
from tracker.accounts.requests import PageRequest
from tracker.models import Evidence
from tracker.notifications.services.notifications import notification_list
from tracker.questions.filters import QuestionFilter
from tracker.questions.selectors import question_list
from tracker.scenarios.selectors import scenario_list

LANDING_QUESTIONS = 8


def landing(request: PageRequest):
    """Signed out: what Signpost is, open questions with their community numbers, the scenarios, and how to join."""
    visible = question_list(user=request.user).prefetch_related("options")
    open_now = list(QuestionFilter({"status": "open", "ordering": "scheduled_close_at"}, queryset=visible).qs)
    scenarios = list(scenario_list(user=request.user))
    context = {
        "rows": question_rows(user=request.user, questions=open_now[:LANDING_QUESTIONS]),
        "open_count": len(open_now),
        "scenarios": [
            (scenario, sum(question.status == "open" for question in scenario.visible_questions))
            for scenario in scenarios
        ],
    }
    return render(request, "web/landing.html", context)


def dashboard(request: PageRequest):
    """Signed in: what needs the reader now. Signed out: the landing page."""
    if not request.user.is_authenticated:
        return landing(request)
    user = request.user
    now = timezone.now()
    visible = question_list(user=user).prefetch_related("options")
    closing = list(QuestionFilter({"status": "open", "ordering": "scheduled_close_at"}, queryset=visible).qs[:10])
    due = QuestionFilter({"due": "resolution", "ordering": "resolve_by"}, queryset=visible).qs
    if not has_global_rights(user):
        due = due.filter(team__in=teams_curated(user))
    curated_due = list(due[:20])
    forecast_on = Forecast.objects.filter(user=user).values("question_id")
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
