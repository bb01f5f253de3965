"""forecasts in the admin: forecast history and derived data (read-only), and what the community forecast adds to
tracker's question and scenario pages (coherence warnings, and a filter for them). Those two pages are tracker's
admins subclassed and registered again here, so tracker never imports forecasts."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from forecasts.models import AggregateForecast, Comment, CommunityForecastCursor, Forecast, Reminder, Score
from forecasts.selectors.coherence import coherence_violations, coherence_warnings_for
from forecasts.services.discussion import comment_hide, comment_unhide
from tracker.admin.base import ReadOnlyAdmin, apply_each, ask_first
from tracker.admin.questions import QuestionAdmin
from tracker.admin.scenarios import ScenarioAdmin
from tracker.admin.scoping import TeamScopedAdmin
from tracker.models import Question, Scenario


@admin.register(Forecast)
class ForecastAdmin(ReadOnlyAdmin):
    """Forecast history is append-only: the admin shows it and never edits or deletes it."""

    list_display = ("question", "user", "kind", "probability", "probabilities", "created_at")
    list_filter = ("kind", "question__status", "question__scenario", "user__is_demo")
    search_fields = ("question__title", "user__username", "rationale")
    date_hierarchy = "created_at"
    list_select_related = ("question", "user")
    readonly_fields = ("user", "question", "kind", "probability", "probabilities", "rationale", "created_at")

    def has_delete_permission(self, request: HttpRequest, obj=None):
        return False


class HideCommentsForm(forms.Form):
    reason = forms.CharField(max_length=500, help_text="Readers see it in place of each comment.")


class CommentStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin):
        return [("visible", "Visible"), ("hidden", "Hidden by a curator"), ("deleted", "Deleted by its author")]

    def queryset(self, request: HttpRequest, queryset):
        if self.value() == "visible":
            return queryset.filter(hidden_at=None, deleted_at=None)
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(TeamScopedAdmin, SimpleHistoryAdmin):
    """Moderation: comments are read here and hidden or shown again through the discussion services (with a
    reason, in the audit history); their text is the author's and is never edited here. The body is shown as
    text (escaped), never as HTML. A curator sees the comments on their teams' questions, except another team's
    team-only remarks (a team forum is its own)."""

    team_path = "question__team"

    def scope(self, request: HttpRequest, queryset):
        team_ids = self.team_ids(request)
        if team_ids is None:
            return queryset
        audience = Q(audience=Comment.Audience.PUBLIC) | Q(team_id__in=team_ids)
        return super().scope(request, queryset).filter(audience)

    list_display = ("excerpt", "question", "author", "kind", "audience", "team", "state", "created_at")
    list_filter = (
        CommentStateFilter,
        "audience",
        "kind",
        "team",
        ("question", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("body", "author__username", "question__title")
    list_select_related = ("question", "author", "team")
    date_hierarchy = "created_at"
    actions = ["hide", "unhide"]
    readonly_fields = (
        "question", "author", "kind", "audience", "team", "parent", "forecast", "body", "created_at", "edited_at",
        "deleted_at", "hidden_at", "hidden_by", "hidden_reason",
    )  # fmt: skip
    exclude = ("previous_forecast", "body_html", "cited_evidence", "mentions")

    def has_add_permission(self, request: HttpRequest):
        return False

    def has_change_permission(self, request: HttpRequest, obj=None):
        return False  # viewing only: the actions below moderate

    def has_delete_permission(self, request: HttpRequest, obj=None):
        return False

    @admin.display(description="Comment")
    def excerpt(self, comment: Comment) -> str:
        return comment.body if len(comment.body) <= 80 else comment.body[:79] + "…"

    @admin.display(description="State")
    def state(self, comment: Comment) -> str:
        return "deleted" if comment.deleted_at else "hidden" if comment.hidden_at else "visible"

    @admin.action(description="Hide (asks for a reason)")
    def hide(self, request: HttpRequest, queryset):
        def hide_all(answers):
            apply_each(
                self,
                request,
                queryset.select_related("question"),
                "Hidden",
                lambda comment: comment_hide(curator=request.user, comment=comment, reason=answers["reason"]),
            )

        return ask_first(self, request, queryset, HideCommentsForm, "Hide comments", hide_all)

    @admin.action(description="Unhide")
    def unhide(self, request: HttpRequest, queryset):
        apply_each(
            self,
            request,
            queryset.select_related("question"),
            "Shown again",
            lambda comment: comment_unhide(curator=request.user, comment=comment),
        )


@admin.register(AggregateForecast)
class AggregateForecastAdmin(ReadOnlyAdmin):
    """Derived data: shown for inspection, rebuilt with `manage.py rebuild_community_forecasts`."""

    list_display = ("question", "method", "at", "values", "forecaster_count")
    list_filter = ("method", "question__scenario")
    search_fields = ("question__title", "question__slug")
    list_select_related = ("question",)
    date_hierarchy = "at"


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    """Derived data: recomputed by the scoring task whenever a question's resolution changes."""

    list_display = ("question", "user", "is_crowd", "rule", "value", "coverage", "computed_at")
    list_filter = ("rule", "is_crowd", "question__scenario")
    search_fields = ("question__title", "user__username")
    list_select_related = ("question", "user")


@admin.register(CommunityForecastCursor)
class CommunityForecastCursorAdmin(ReadOnlyAdmin):
    list_display = ("question", "last_forecast_id", "last_at", "updated_at")
    search_fields = ("question__title",)
    list_select_related = ("question",)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("question", "kind", "step", "due_at", "done_at", "outcome", "recipients")
    list_filter = ("kind", "outcome", "step")
    search_fields = ("question__title",)
    list_select_related = ("question",)
    date_hierarchy = "due_at"


# --- coherence warnings on tracker's pages ------------------------------------------------------------------------


class CoherenceWarningFilter(admin.SimpleListFilter):
    title = "coherence"
    parameter_name = "coherence"

    def lookups(self, request: HttpRequest, model_admin):
        return [("warnings", "Has coherence warnings (community forecast)")]

    def queryset(self, request: HttpRequest, queryset):
        if self.value() != "warnings":
            return queryset
        shown = coherence_warnings_for(user=request.user, violations=coherence_violations())
        flagged = {question_id for violation in shown for question_id in violation.question_ids}
        return queryset.filter(pk__in=flagged)


def _warnings_html(sentences: list[str]) -> str:
    if not sentences:
        return "None"
    return format_html_join(mark_safe(""), '<p class="errornote">{}</p>', ((sentence,) for sentence in sentences))


class _ReaderOfTheObject:
    """The warnings quote community values, so they are filtered for the person reading the page
    (coherence_warnings_for: the one crowd-visibility rule). A read-only field sees only the object, so the object
    carries its reader; the admin instance is shared between requests and cannot."""

    def get_object(self, request: HttpRequest, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.coherence_reader = request.user
        return obj


def _warnings_for_reader(obj, violations) -> str:
    reader = getattr(obj, "coherence_reader", None)
    shown = coherence_warnings_for(user=reader, violations=violations) if reader is not None else []
    return _warnings_html([violation.message for violation in shown])


class QuestionWithCoherenceAdmin(_ReaderOfTheObject, QuestionAdmin):
    list_filter = (*QuestionAdmin.list_filter, CoherenceWarningFilter)
    readonly_fields = (*QuestionAdmin.readonly_fields, "coherence_warnings")

    def get_fieldsets(self, request: HttpRequest, obj=None):
        (name, first), *rest = super().get_fieldsets(request, obj)
        return [(name, {**first, "fields": ("coherence_warnings", *first["fields"])}), *rest]

    @admin.display(description="Coherence warnings")
    def coherence_warnings(self, question):
        if question is None or question.pk is None:
            return "—"
        return _warnings_for_reader(question, [v for v in coherence_violations() if question.pk in v.question_ids])


class ScenarioWithCoherenceAdmin(_ReaderOfTheObject, ScenarioAdmin):
    readonly_fields = (*ScenarioAdmin.readonly_fields, "coherence_warnings")
    fields = ("coherence_warnings", *ScenarioAdmin.fields)

    @admin.display(description="Coherence warnings")
    def coherence_warnings(self, scenario):
        if scenario is None or scenario.pk is None:
            return "—"
        return _warnings_for_reader(scenario, coherence_violations(scenario=scenario))


for model, model_admin in ((Question, QuestionWithCoherenceAdmin), (Scenario, ScenarioWithCoherenceAdmin)):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
