"""The question list: the same filters as the API (tracker.questions.filters), sort, pages."""

from django.db.models import prefetch_related_objects
from django.shortcuts import render

from forecasts.selectors.community import question_rows
from tracker.accounts.permissions import teams_of
from tracker.accounts.requests import PageRequest
from tracker.lib.pagination import BoundedCountPaginator
from tracker.models import Question, Scenario, Tag
from tracker.questions.filters import QuestionFilter
from tracker.questions.selectors import evidence_count_of_each, question_list
from tracker.scenarios.selectors import scenario_visible_filter

SORTS = [
    ("scheduled_close_at", "Closing soonest"),
    ("-created_at", "Newest"),
    ("resolve_by", "Resolve by"),
    ("title", "Title"),
]
DEFAULT_SORT = "scheduled_close_at"
PER_PAGE = 50


# The columns a row shows or decides with; the long texts stay in the database.
ROW_FIELDS = (
    "slug",
    "title",
    "type",
    "status",
    "resolution",
    "resolved_option__label",
    "scenario__slug",
    "scenario__title",
    "team__slug",
    "scheduled_close_at",
    "hide_crowd_until_forecast",
)


ALL_STATUSES = "all"


def questions(request: PageRequest):
    """The questions the reader may see, filtered, searched and sorted; 50 a page. With no status chosen the list
    shows open questions (what a forecaster works on); "all" shows every status."""
    # The rows show no tags; options (a multiple-choice value's labels) are read below, for the page's
    # multiple-choice questions only.
    visible = (
        question_list(user=request.user)
        .only(*ROW_FIELDS)
        .prefetch_related(None)
        .annotate(evidence_count=evidence_count_of_each())
    )
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = Question.Status.OPEN
    elif data["status"] == ALL_STATUSES:
        data["status"] = ""
    filterset = QuestionFilter(data, queryset=visible.order_by(DEFAULT_SORT))
    # Counted up to a bound, then estimated: an exact count of a large list cost more than the rest of its queries.
    page = BoundedCountPaginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page") or 1)
    listed = list(page)
    prefetch_related_objects([q for q in listed if q.type == Question.Type.MULTIPLE_CHOICE], "options")
    rows = question_rows(user=request.user, questions=listed)
    chosen = {name: request.GET.get(name, "").strip() for name in ("scenario", "tag", "team", "due", "search")}
    chosen["status"] = request.GET.get("status", Question.Status.OPEN).strip()
    context = {
        "rows": rows,
        "page_obj": page,
        "filters": chosen,
        "filter_errors": filterset.errors,
        "sort": request.GET.get("ordering") or DEFAULT_SORT,
        "sorts": SORTS,
        "statuses": Question.Status.choices,
        # The filters' choices: only what a choice shows.
        "scenarios": Scenario.objects.filter(scenario_visible_filter(request.user))
        .only("slug", "title")
        .order_by("title"),
        "tags": Tag.objects.only("slug", "name").order_by("name"),
        "teams": teams_of(request.user).only("slug", "name").order_by("name"),
        "query": request.GET.copy(),
    }
    return render(request, "web/questions.html", context)
