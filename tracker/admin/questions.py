"""Admin of questions: edits and lifecycle actions through the services, refusals as form errors or messages."""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from tracker.accounts.requests import account_of
from tracker.admin.base import ReadOnlyAdmin, apply_each, ask_first, warn_about_similar
from tracker.admin.evidence import EvidenceInline, save_evidence_formset
from tracker.admin.question_form import QuestionAdminForm
from tracker.admin.scoping import ADD, CHANGE, DELETE, VIEW, ScopedInline, TeamScopedAdmin, scoped_choices
from tracker.admin.tabular import RecordFormat, TabularImportExport
from tracker.curation import question_io
from tracker.questions.models import Evidence, Option, Question, QuestionLink, QuestionTransition, Tag
from tracker.questions.services.lifecycle import (
    question_annul,
    question_close,
    question_open_now,
    question_resolve,
    question_schedule,
)
from tracker.questions.services.questions import (
    question_create,
    question_edit,
    question_link_create,
    question_link_validate,
    question_update,
)
from tracker.questions.services.ranges import RANGE_FIELDS
from tracker.resolution.models import ResolutionProposal
from tracker.scenarios.models import Scenario


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


class OptionInline(ScopedInline, admin.TabularInline):
    """Options are set when the question is created (one per line) and never edited in place afterwards."""

    model = Option
    extra = 0
    fields = ("position", "label")
    readonly_fields = ("position", "label")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None):
        return False


class TransitionInline(ScopedInline, admin.TabularInline):
    model = QuestionTransition
    extra = 0
    fields = ("from_status", "to_status", "at", "actor", "note", "recorded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None):
        return False


# Shown, never edited: only the lifecycle services change these.
LIFECYCLE_FIELDS: tuple[str, ...] = (
    "status",
    "opened_at",
    "closed_at",
    "resolution",
    "resolved_option",
    "resolution_value",
    "resolved_at",
    "effective_close_at",
    "resolution_notes",
    "resolved_by",
    "created_by",
    "created_at",
    "updated_at",
)


class DueFilter(admin.SimpleListFilter):
    title = "due"
    parameter_name = "due"

    def lookups(self, request: HttpRequest, model_admin):
        return [
            ("overdue", "Overdue for resolution"),
            ("resolve_7d", "Due for resolution within 7 days"),
            ("closing_48h", "Closing within 48 hours"),
        ]

    def queryset(self, request: HttpRequest, queryset):
        now = timezone.now()
        unsettled = queryset.filter(status__in=[Question.Status.OPEN, Question.Status.CLOSED])
        if self.value() == "overdue":
            return unsettled.filter(resolve_by__lt=now)
        if self.value() == "resolve_7d":
            return unsettled.filter(resolve_by__gte=now, resolve_by__lt=now + timedelta(days=7))
        if self.value() == "closing_48h":
            return queryset.filter(
                status=Question.Status.OPEN,
                scheduled_close_at__gte=now,
                scheduled_close_at__lt=now + timedelta(hours=48),
            )
        return queryset


class HasProposalsFilter(admin.SimpleListFilter):
    title = "resolution proposals"
    parameter_name = "proposals"

    def lookups(self, request: HttpRequest, model_admin):
        return [("pending", "Has pending proposals")]

    def queryset(self, request: HttpRequest, queryset):
        if self.value() == "pending":
            pending = ResolutionProposal.objects.filter(question=OuterRef("pk"), state=ResolutionProposal.State.PENDING)
            return queryset.filter(Exists(pending))
        return queryset


class BulkAnnulForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Forecasters see it.")


class BulkScenarioForm(forms.Form):
    scenario = forms.ModelChoiceField(queryset=Scenario.objects.all(), required=False, help_text="Empty: none.")


class BulkTagForm(forms.Form):
    tag = forms.CharField(max_length=60, help_text="Added to each selected question's tags.")


@admin.register(Question)
class QuestionAdmin(TeamScopedAdmin, TabularImportExport, SimpleHistoryAdmin):
    curator_may = frozenset({VIEW, ADD, CHANGE})
    records = RecordFormat(
        export=question_io.questions_export,
        import_rows=question_io.questions_import,
        to_csv=question_io.questions_to_csv,
        from_file=question_io.questions_from_file,
    )
    imported_message = "Imported {count} question(s) as drafts."
    import_intro = (
        "Upload a .csv or .json file with the columns of “Export selected as CSV/JSON” (title, resolution_criteria, "
        "opens_at, scheduled_close_at and resolve_by are required; times in ISO-8601 with a zone). Questions are "
        "created as drafts through the same checks as the form."
    )
    form = QuestionAdminForm
    list_display = (
        "title",
        "status",
        "type",
        "scenario",
        "visibility",
        "scheduled_close_at",
        "resolve_by",
        "outcome",
        "evidence_count",
    )
    list_filter = (DueFilter, HasProposalsFilter, "status", "type", "visibility", "scenario", "team", "tags", "seeded")
    search_fields = ("title", "slug", "resolution_criteria", "origin_quote")
    date_hierarchy = "scheduled_close_at"
    list_select_related = ("scenario", "resolved_option")
    readonly_fields = LIFECYCLE_FIELDS
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "slug",
                    "type",
                    "options_text",
                    "scenario",
                    "tag_names",
                    "team",
                    "visibility",
                    "hide_crowd_until_forecast",
                )
            },
        ),
        ("Range (numeric and date questions)", {"fields": RANGE_FIELDS}),
        ("Criteria", {"fields": ("background", "resolution_criteria", "fine_print", "clarification")}),
        ("Dates", {"fields": ("opens_at", "scheduled_close_at", "resolve_by")}),
        ("Origin", {"fields": ("origin_source", "origin_quote")}),
        ("Lifecycle and resolution", {"fields": LIFECYCLE_FIELDS}),
    )
    inlines = [OptionInline, EvidenceInline, TransitionInline]

    actions = [
        "schedule",
        "open_now",
        "close_now",
        "resolve_yes",
        "resolve_no",
        "annul",
        "assign_scenario",
        "add_tag",
        "export_csv",
        "export_json",
    ]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(evidence_count=Count("evidence"))

    @admin.display(ordering="evidence_count", description="Evidence")
    def evidence_count(self, question):
        return question.evidence_count

    @admin.display(description="Outcome")
    def outcome(self, question):
        return question.outcome_label or "—"

    def save_model(self, request: HttpRequest, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in QuestionAdminForm.Meta.fields}
        if not change:
            created = question_create(
                **{k: v for k, v in data.items() if k != "slug"},
                slug=data.get("slug") or "",
                options=form.option_labels,
                tags=form.tag_list,
                created_by=request.user,
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            warn_about_similar(self, request, created)
            return
        changed = {name: data[name] for name in form.changed_data if name in QuestionAdminForm.Meta.fields}
        tags = form.tag_list if "tag_names" in form.changed_data else None
        if changed or tags is not None:
            question_edit(
                question=obj,
                actor=account_of(request),
                clarification=form.cleaned_data.get("clarification", ""),
                tags=tags,
                **changed,
            )

    def save_formset(self, request: HttpRequest, form, formset, change):
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        save_evidence_formset(request, formset, question=form.instance)

    def _run_transition(self, request: HttpRequest, queryset, label, transition):
        apply_each(self, request, queryset, label, transition)

    @admin.action(description="Schedule selected drafts")
    def schedule(self, request: HttpRequest, queryset):
        self._run_transition(
            request, queryset, "Scheduled", lambda q: question_schedule(question=q, actor=account_of(request))
        )

    @admin.action(description="Open selected questions now (drafts too, when their dates allow)")
    def open_now(self, request: HttpRequest, queryset):
        self._run_transition(
            request, queryset, "Opened", lambda q: question_open_now(question=q, actor=account_of(request))
        )

    @admin.action(description="Close selected questions now")
    def close_now(self, request: HttpRequest, queryset):
        self._run_transition(
            request, queryset, "Closed", lambda q: question_close(question=q, actor=account_of(request))
        )

    @admin.action(description="Resolve selected binary questions YES")
    def resolve_yes(self, request: HttpRequest, queryset):
        self._run_transition(
            request,
            queryset,
            "Resolved YES",
            lambda q: question_resolve(question=q, outcome="yes", resolved_by=request.user),
        )

    @admin.action(description="Resolve selected binary questions NO")
    def resolve_no(self, request: HttpRequest, queryset):
        self._run_transition(
            request,
            queryset,
            "Resolved NO",
            lambda q: question_resolve(question=q, outcome="no", resolved_by=request.user),
        )

    def _with_form(self, request: HttpRequest, queryset, form_class, title, label, change):
        """An action that asks for one more thing first (a reason, a scenario, a tag), then applies
        `change(question, answers)` to each selected question through the services."""
        return ask_first(
            self,
            request,
            queryset,
            form_class,
            title,
            lambda answers: apply_each(self, request, queryset, label, lambda question: change(question, answers)),
            choices={"scenario": scoped_choices(self.admin_site, request, Scenario)}
            if form_class is BulkScenarioForm
            else None,
        )

    @admin.action(description="Annul selected questions (asks for a reason)")
    def annul(self, request: HttpRequest, queryset):
        def change(question, answers):
            question_annul(question=question, annulled_by=request.user, reason=answers["reason"])

        return self._with_form(request, queryset, BulkAnnulForm, "Annul questions", "Annulled", change)

    @admin.action(description="Assign a scenario to selected questions")
    def assign_scenario(self, request: HttpRequest, queryset):
        def change(question, answers):
            question_update(question=question, actor=account_of(request), scenario=answers["scenario"])

        return self._with_form(request, queryset, BulkScenarioForm, "Assign a scenario", "Scenario assigned", change)

    @admin.action(description="Add a tag to selected questions")
    def add_tag(self, request: HttpRequest, queryset):
        def change(question, answers):
            names = [*question.tags.values_list("name", flat=True), answers["tag"]]
            question_update(question=question, actor=account_of(request), tags=names)

        return self._with_form(request, queryset, BulkTagForm, "Add a tag", "Tagged", change)


@admin.register(QuestionTransition)
class QuestionTransitionAdmin(TeamScopedAdmin, ReadOnlyAdmin):
    team_path = "question__team"
    list_display = ("question", "from_status", "to_status", "at", "actor", "recorded_at")
    list_filter = ("to_status",)
    search_fields = ("question__title", "note")
    list_select_related = ("question", "actor")

    def has_delete_permission(self, request: HttpRequest, obj=None):
        return False


class QuestionLinkForm(forms.ModelForm):
    class Meta:
        model = QuestionLink
        fields = ("kind", "question", "related", "child")

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) for name in ("kind", "question", "related")):
            try:
                question_link_validate(
                    kind=cleaned["kind"],
                    question=cleaned["question"],
                    related=cleaned["related"],
                    child=cleaned.get("child"),
                )
            except ValidationError as error:
                self._update_errors(error)
        return cleaned


@admin.register(QuestionLink)
class QuestionLinkAdmin(TeamScopedAdmin, admin.ModelAdmin):
    team_path = "question__team"
    curator_may = frozenset({VIEW, ADD, CHANGE, DELETE})
    form = QuestionLinkForm
    list_display = ("question", "kind", "related", "child", "created_at")
    list_filter = ("kind",)
    search_fields = ("question__title", "related__title", "child__title")
    list_select_related = ("question", "related", "child")
    autocomplete_fields = ("question", "related", "child")

    def save_model(self, request: HttpRequest, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = question_link_create(
            kind=obj.kind, question=obj.question, related=obj.related, child=obj.child, actor=account_of(request)
        )
        obj.pk = created.pk
