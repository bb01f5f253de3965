"""The question list: filters, search, sort, pages."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from forecasts.selectors.community import question_rows
from tracker.models import Question, Scenario, Tag, Team
from tracker.questions.selectors import evidence_counts, question_list
from tracker.scenarios.selectors import scenario_visible_filter

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
