"""Admin of articles (import) and the claims proposed from them (accept, reject, merge)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse

from tracker.accounts.models import Team
from tracker.admin.base import URL_FIELDS_ASSUME_HTTPS, NamedValuesFilter, ask_first, error_text, warn_about_similar
from tracker.admin.scoping import ADD, CHANGE, VIEW, TeamScopedAdmin, scoped_choices
from tracker.curation.forms import ArticleImportForm
from tracker.curation.models import ClaimSuggestion, Source
from tracker.curation.services import article_import, suggestion_accept, suggestion_reject, suggestions_merge
from tracker.lib.forms import TimeField


@admin.register(Source)
class SourceAdmin(TeamScopedAdmin, admin.ModelAdmin):
    curator_may = frozenset({VIEW, ADD, CHANGE})
    shared_choices = True  # a shared article may be cited as evidence by any team
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "publisher", "published_at", "language", "derived_count", "seeded")
    list_filter = ("language", ("publisher", NamedValuesFilter))
    search_fields = ("title", "publisher", "url", "text")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(derived_count=Count("derived_questions"))

    @admin.display(ordering="derived_count", description="Questions derived")
    def derived_count(self, source):
        return source.derived_count

    def get_urls(self):
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name="tracker_source_import")]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest):
        """Paste an article or upload a .txt/.html/.md file; its forecastable claims become suggestions."""
        form = ArticleImportForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                source, suggestions = article_import(imported_by=request.user, **form.import_arguments())
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
            else:
                self.message_user(
                    request, f"Imported “{source.title}”: {len(suggestions)} claim(s) proposed.", level=messages.SUCCESS
                )
                return redirect(reverse("admin:tracker_claimsuggestion_changelist") + f"?source__id__exact={source.pk}")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Import an article",
            "opts": self.model._meta,
        }
        return render(request, "admin/tracker/source/import.html", context, status=400 if form.errors else 200)


class SuggestionAcceptForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), required=False, help_text="Empty: public questions; a team: visible to it only."
    )
    opens_at = TimeField(required=False, help_text="Empty: now.")
    scheduled_close_at = TimeField(required=False, help_text="Empty: each suggestion's deadline.")
    resolve_by = TimeField(required=False, help_text="Empty: the close date.")


class NeedsTitleFilter(admin.SimpleListFilter):
    title = "title"
    parameter_name = "needs_title"

    def lookups(self, request: HttpRequest, model_admin):
        return [("yes", "Needs a human title"), ("no", "Publishable as drafted")]

    def queryset(self, request: HttpRequest, queryset):
        if self.value() == "yes":
            return queryset.exclude(flags=[])
        if self.value() == "no":
            return queryset.filter(flags=[])
        return queryset


@admin.register(ClaimSuggestion)
class ClaimSuggestionAdmin(TeamScopedAdmin, admin.ModelAdmin):
    team_path = "source__team"
    curator_may = frozenset({VIEW, CHANGE})
    list_display = (
        "title",
        "source",
        "kind",
        "state",
        "confidence",
        "needs_human_title",
        "deadline",
        "drafter",
        "question",
    )
    list_filter = ("state", "kind", NeedsTitleFilter, "drafter", "source")
    ordering = ("source", "kind", "start")
    list_select_related = ("source", "question")
    search_fields = ("title", "quote")
    readonly_fields = (
        "source",
        "start",
        "end",
        "quote",
        "kind",
        "confidence",
        "flag_text",
        "actors",
        "drafter",
        "model_outcome",
        "state",
        "question",
        "merged_into",
        "decided_by",
        "decided_at",
    )
    fields = (*readonly_fields, "title", "deadline", "criteria", "reason")
    actions = ["accept", "accept_with_settings", "reject", "merge"]

    def has_add_permission(self, request: HttpRequest):
        return False

    @admin.display(boolean=True, description="Needs a human title")
    def needs_human_title(self, suggestion):
        return bool(suggestion.flags)

    @admin.display(description="To fix before publishing")
    def flag_text(self, suggestion):
        return "; ".join(suggestion.flags) or "Nothing: publishable as drafted."

    @admin.action(description="Accept: create draft questions (public; open now, close at the deadline)")
    def accept(self, request: HttpRequest, queryset):
        self._accept(request, queryset, {})

    @admin.action(description="Accept for a team or with other dates… (asks first)")
    def accept_with_settings(self, request: HttpRequest, queryset):
        return ask_first(
            self,
            request,
            queryset,
            SuggestionAcceptForm,
            "Accept suggestions",
            lambda answers: self._accept(request, queryset, {name: value for name, value in answers.items() if value}),
            choices={"team": scoped_choices(self.admin_site, request, Team)},
        )

    def _accept(self, request: HttpRequest, queryset, settings_chosen: dict):
        for suggestion in queryset:
            try:
                _, question = suggestion_accept(suggestion=suggestion, actor=request.user, **settings_chosen)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{suggestion.title}: {error_text(error)}", level=messages.ERROR)
                continue
            self.message_user(request, f"Draft created: {question.title}", level=messages.SUCCESS)
            warn_about_similar(self, request, question)

    @admin.action(description="Reject (not proposed again on re-import)")
    def reject(self, request: HttpRequest, queryset):
        done = 0
        for suggestion in queryset:
            try:
                suggestion_reject(suggestion=suggestion, actor=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{suggestion.title}: {error_text(error)}", level=messages.ERROR)
        if done:
            self.message_user(request, f"Rejected {done} suggestion(s).", level=messages.SUCCESS)

    @admin.action(description="Merge into the first selected")
    def merge(self, request: HttpRequest, queryset):
        chosen = list(queryset.order_by("start"))
        if len(chosen) < 2:
            self.message_user(request, "Select at least two suggestions to merge.", level=messages.ERROR)
            return
        try:
            suggestions_merge(into=chosen[0], others=chosen[1:], actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, error_text(error), level=messages.ERROR)
            return
        self.message_user(request, f"Merged {len(chosen) - 1} into “{chosen[0].title}”.", level=messages.SUCCESS)
