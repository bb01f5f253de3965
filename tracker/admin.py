"""Django admin for curation. Writes go through tracker.services, so the admin obeys the same rules as the API."""

import json
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from tracker import curation, evidence_io, question_io, resolution, services, signposts, webhooks
from tracker.forms import ArticleImportForm, add_service_errors
from tracker.models import (
    ClaimSuggestion,
    Clarification,
    EmailDigest,
    Evidence,
    JobHeartbeat,
    Membership,
    Notification,
    NotificationPreference,
    Option,
    Question,
    QuestionLink,
    QuestionTransition,
    ResolutionProposal,
    Scenario,
    ScenarioFlag,
    ScenarioFollow,
    Signpost,
    Source,
    Tag,
    Team,
    User,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)

# A URL typed without a scheme is taken as https (Django 6.0's default, adopted now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written only by the system (logs, derived data): shown, never added or edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You do not have permission to do that."


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_demo", "is_staff", "is_active", "date_joined")
    list_filter = ("is_demo", "is_staff", "is_superuser", "is_active")
    search_fields = ("username", "display_name", "email")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Signpost", {"fields": ("display_name", "is_demo")}))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "member_count", "seeded", "created_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(ordering="member_count", description="Members")
    def member_count(self, team):
        return team.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "team", "role", "joined_at")
    list_filter = ("role", "team")
    search_fields = ("user__username", "team__name")
    list_select_related = ("user", "team")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


# Other apps add warnings to question and scenario change pages (forecasts adds the coherence checks of the
# community forecast) without tracker importing them: model -> [callable(obj) -> list of sentences].
CHANGE_PAGE_WARNINGS: dict[type, list] = {Question: [], Scenario: []}


def _warnings_html(obj) -> str:
    if obj is None or obj.pk is None:
        return "—"
    sentences = [sentence for provider in CHANGE_PAGE_WARNINGS.get(type(obj), []) for sentence in provider(obj)]
    if not sentences:
        return "None"
    return format_html_join(mark_safe(""), '<p class="errornote">{}</p>', ((sentence,) for sentence in sentences))


class SignpostInlineForm(forms.ModelForm):
    class Meta:
        model = Signpost
        fields = ("question", "direction", "threshold", "note")

    def clean(self):
        cleaned = super().clean()
        scenario = self.instance.scenario if self.instance.scenario_id else getattr(self, "parent_scenario", None)
        if scenario is not None and cleaned.get("question") and cleaned.get("direction"):
            try:
                signposts.signpost_validate(
                    scenario=scenario,
                    question=cleaned["question"],
                    direction=cleaned["direction"],
                    threshold=cleaned.get("threshold") or 0,
                )
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


class SignpostInline(admin.TabularInline):
    model = Signpost
    form = SignpostInlineForm
    extra = 0
    autocomplete_fields = ("question",)
    readonly_fields = ("baseline_probability", "baseline_at")
    fields = ("question", "direction", "threshold", "note", "baseline_probability", "baseline_at")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.parent_scenario = obj
        return formset


class ScenarioFlagInline(admin.TabularInline):
    model = ScenarioFlag
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "effect", "message", "acknowledged_at", "acknowledged_by")
    readonly_fields = fields
    verbose_name_plural = "Flags (signposts that moved or resolved)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "team", "question_count", "open_flags", "seeded")
    list_filter = ("status", "team", "tags")
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    readonly_fields = ("warnings",)
    fields = ("warnings", "title", "slug", "summary", "tags", "team", "status")
    inlines = [SignpostInline, ScenarioFlagInline]
    actions = ["acknowledge_flags"]

    def get_queryset(self, request):
        unacknowledged = Count("flags", filter=Q(flags__acknowledged_at__isnull=True), distinct=True)
        return (
            super()
            .get_queryset(request)
            .select_related("team")
            .annotate(question_count=Count("questions", distinct=True), open_flags=unacknowledged)
        )

    @admin.display(ordering="question_count", description="Questions")
    def question_count(self, scenario):
        return scenario.question_count

    @admin.display(ordering="open_flags", description="Flags")
    def open_flags(self, scenario):
        return scenario.open_flags

    @admin.display(description="Coherence warnings")
    def warnings(self, scenario):
        return _warnings_html(scenario)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Signpost:
            return super().save_formset(request, form, formset, change)
        # Signposts go through the services (permission and rules); the form has already validated them. The
        # three lists are what the admin's change message reads.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                signposts.signpost_remove(signpost=deleted.instance, actor=request.user)
                formset.deleted_objects.append(deleted.instance)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if inline_form.instance.pk is None:
                added = signposts.signpost_add(
                    scenario=form.instance,
                    question=data["question"],
                    direction=data["direction"],
                    threshold=data["threshold"],
                    note=data.get("note", ""),
                    actor=request.user,
                )
                formset.new_objects.append(added)
            else:
                signposts.signpost_update(
                    signpost=inline_form.instance,
                    actor=request.user,
                    direction=data["direction"],
                    threshold=data["threshold"],
                    note=data.get("note", ""),
                )
                formset.changed_objects.append((inline_form.instance, inline_form.changed_data))

    @admin.action(description="Acknowledge flags (the scenario has been looked at)")
    def acknowledge_flags(self, request, queryset):
        done = 0
        for scenario in queryset:
            try:
                done += signposts.scenario_flags_acknowledge(scenario=scenario, actor=request.user)
            except PermissionDenied as error:
                self.message_user(request, f"{scenario.title}: {error}", level=messages.ERROR)
        self.message_user(request, f"Acknowledged {done} flag(s).", level=messages.SUCCESS)


@admin.register(ScenarioFlag)
class ScenarioFlagAdmin(admin.ModelAdmin):
    list_display = ("created_at", "scenario", "kind", "effect", "message", "acknowledged_at")
    list_filter = ("kind", "effect", ("acknowledged_at", admin.EmptyFieldListFilter), "scenario")
    list_select_related = ("scenario",)
    readonly_fields = [field.name for field in ScenarioFlag._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ScenarioFollow)
class ScenarioFollowAdmin(admin.ModelAdmin):
    list_display = ("scenario", "user", "created_at")
    list_select_related = ("scenario", "user")
    autocomplete_fields = ("user",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "publisher", "published_at", "language", "derived_count", "seeded")
    list_filter = ("language", "publisher")
    search_fields = ("title", "publisher", "url", "text")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(derived_count=Count("derived_questions"))

    @admin.display(ordering="derived_count", description="Questions derived")
    def derived_count(self, source):
        return source.derived_count

    def get_urls(self):
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name="tracker_source_import")]
        return extra + super().get_urls()

    def import_view(self, request):
        """Paste an article or upload a .txt/.html/.md file; its forecastable claims become suggestions."""
        form = ArticleImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                source, suggestions = curation.article_import(imported_by=request.user, **form.import_arguments())
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _error_text(error))
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


class OptionInline(admin.TabularInline):
    """Options are set when the question is created (one per line) and never edited in place afterwards."""

    model = Option
    extra = 0
    fields = ("position", "label")
    readonly_fields = ("position", "label")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.StackedInline):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = Evidence
    extra = 0
    fields = (("title", "stance", "option"), ("url", "source"), ("publisher", "published_at"), "quote", "summary")
    autocomplete_fields = ("source",)
    show_change_link = True


class TransitionInline(admin.TabularInline):
    model = QuestionTransition
    extra = 0
    fields = ("from_status", "to_status", "at", "actor", "note", "recorded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class QuestionAdminForm(forms.ModelForm):
    options_text = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Multiple choice only: one option per line, in order. Fixed once the question is created.",
    )
    tag_names = forms.CharField(label="Tags", required=False, help_text="Comma-separated.")

    class Meta:
        model = Question
        fields = (
            "title",
            "slug",
            "type",
            "scenario",
            "team",
            "visibility",
            "background",
            "resolution_criteria",
            "fine_print",
            "opens_at",
            "scheduled_close_at",
            "resolve_by",
            "origin_source",
            "origin_quote",
            "hide_crowd_until_forecast",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(tag.name for tag in self.instance.tags.all())
            self.fields["options_text"].disabled = True
            self.fields["options_text"].initial = "\n".join(o.label for o in self.instance.options.all())
            for name in ("type", "origin_source", "origin_quote"):
                self.fields[name].disabled = True

    @property
    def option_labels(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options_text", "").splitlines() if line.strip()]

    @property
    def tag_list(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("tag_names", "").split(",") if name.strip()]

    def _post_clean(self):
        # Model validation runs in the service; here only the service's own checks run, as form errors.
        pass

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            try:
                services.question_validate_new(
                    type=cleaned.get("type"),
                    options=self.option_labels,
                    opens_at=cleaned.get("opens_at"),
                    scheduled_close_at=cleaned.get("scheduled_close_at"),
                    resolve_by=cleaned.get("resolve_by"),
                    origin_source=cleaned.get("origin_source"),
                    origin_quote=cleaned.get("origin_quote", ""),
                    team=cleaned.get("team"),
                    visibility=cleaned.get("visibility"),
                )
            except ValidationError as error:
                self._update_errors(error)
            return cleaned
        editable = services.editable_fields(self.instance)
        for name in self.changed_data:
            if name in QuestionAdminForm.Meta.fields and name not in editable:
                self.add_error(name, f"This cannot be changed while the question is {self.instance.status}.")
        if "tag_names" in self.changed_data and not editable:
            self.add_error("tag_names", f"Tags cannot be changed while the question is {self.instance.status}.")
        try:
            services.question_validate_dates(
                opens_at=cleaned.get("opens_at"),
                scheduled_close_at=cleaned.get("scheduled_close_at"),
                resolve_by=cleaned.get("resolve_by"),
            )
        except ValidationError as error:
            self._update_errors(error)
        return cleaned


# Shown, never edited: only the lifecycle services change these.
LIFECYCLE_FIELDS = (
    "status",
    "opened_at",
    "closed_at",
    "resolution",
    "resolved_option",
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

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue for resolution"),
            ("resolve_7d", "Due for resolution within 7 days"),
            ("closing_48h", "Closing within 48 hours"),
        ]

    def queryset(self, request, queryset):
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

    def lookups(self, request, model_admin):
        return [("pending", "Has pending proposals")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            pending = ResolutionProposal.objects.filter(question=OuterRef("pk"), state=ResolutionProposal.State.PENDING)
            return queryset.filter(Exists(pending))
        return queryset


class TabularImportForm(forms.Form):
    file = forms.FileField(help_text="A .csv or .json file in the export's columns (UTF-8, ≤ 5 MB).")
    dry_run = forms.BooleanField(required=False, initial=True, help_text="Check every row and keep nothing.")


class BulkAnnulForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="Forecasters see it.")


class BulkScenarioForm(forms.Form):
    scenario = forms.ModelChoiceField(queryset=Scenario.objects.all(), required=False, help_text="Empty: none.")


class SuggestionAcceptForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), required=False, help_text="Empty: public questions; a team: visible to it only."
    )
    opens_at = forms.DateTimeField(required=False, help_text="UTC. Empty: now.")
    scheduled_close_at = forms.DateTimeField(required=False, help_text="UTC. Empty: each suggestion's deadline.")
    resolve_by = forms.DateTimeField(required=False, help_text="UTC. Empty: the close date.")


class BulkTagForm(forms.Form):
    tag = forms.CharField(max_length=60, help_text="Added to each selected question's tags.")


def _warn_about_similar(model_admin, request, question: Question) -> None:
    """After a question is made: the existing ones that look like it, so the curator links instead of duplicating."""
    if warning := curation.similar_questions_warning(question):
        model_admin.message_user(request, warning, level=messages.WARNING)


class TabularImportExport:
    """Import from and export to CSV or JSON for a model admin (questions, evidence): an "Import" page with a dry
    run that reports every row, and "Export selected as CSV/JSON" actions. The record module does the work."""

    records = None  # a module with COLUMNS, <noun>_export, <noun>_import, <noun>_to_csv, <noun>_from_file
    noun = ""
    import_intro = ""
    imported_message = "Imported {count} row(s)."

    def get_urls(self):
        name = f"{self.model._meta.app_label}_{self.model._meta.model_name}_import"
        extra = [path("import/", self.admin_site.admin_view(self.import_view), name=name)]
        return extra + super().get_urls()

    def _records(self, what: str):
        return getattr(self.records, f"{self.noun}_{what}")

    def import_view(self, request):
        """Upload records; a dry run reports each row; a real import keeps all rows or, on any error, none."""
        form = TabularImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > 5 * 1024 * 1024:
                    raise ValidationError({"file": "The file is larger than 5 MB."})
                try:
                    content = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise ValidationError({"file": "The file is not UTF-8 text."}) from None
                rows = self._records("from_file")(content, filename=upload.name)
                report = self._records("import")(rows=rows, actor=request.user, dry_run=form.cleaned_data["dry_run"])
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                if report.applied:
                    self.message_user(request, self.imported_message.format(count=len(report.rows)), messages.SUCCESS)
                elif report.errors:
                    self.message_user(
                        request, f"{report.errors} row(s) refused: nothing was imported.", level=messages.ERROR
                    )
                else:
                    self.message_user(request, f"Dry run: all {len(report.rows)} row(s) would import.", messages.INFO)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Import {self.model._meta.verbose_name_plural}",
            "intro": self.import_intro,
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        status = 400 if form.errors or (report is not None and report.errors) else 200
        return TemplateResponse(request, "admin/tracker/import.html", context, status=status)

    @admin.action(description="Export selected as CSV")
    def export_csv(self, request, queryset):
        rows = self._records("export")(queryset)
        response = HttpResponse(self._records("to_csv")(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.verbose_name_plural}.csv"'
        return response

    @admin.action(description="Export selected as JSON")
    def export_json(self, request, queryset):
        rows = self._records("export")(queryset)
        response = HttpResponse(json.dumps(rows, indent=1, ensure_ascii=False), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{self.model._meta.verbose_name_plural}.json"'
        return response


@admin.register(Question)
class QuestionAdmin(TabularImportExport, SimpleHistoryAdmin):
    records = question_io
    noun = "questions"
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
    readonly_fields = (*LIFECYCLE_FIELDS, "warnings")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "warnings",
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
        ("Criteria", {"fields": ("background", "resolution_criteria", "fine_print")}),
        ("Dates", {"fields": ("opens_at", "scheduled_close_at", "resolve_by")}),
        ("Origin", {"fields": ("origin_source", "origin_quote")}),
        ("Lifecycle and resolution", {"fields": LIFECYCLE_FIELDS}),
    )
    inlines = [OptionInline, EvidenceInline, TransitionInline]

    @admin.display(description="Coherence warnings")
    def warnings(self, question):
        return _warnings_html(question)

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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(evidence_count=Count("evidence"))

    @admin.display(ordering="evidence_count", description="Evidence")
    def evidence_count(self, question):
        return question.evidence_count

    @admin.display(description="Outcome")
    def outcome(self, question):
        return question.outcome_label or "—"

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in QuestionAdminForm.Meta.fields}
        if not change:
            created = services.question_create(
                **{k: v for k, v in data.items() if k != "slug"},
                slug=data.get("slug") or "",
                options=form.option_labels,
                tags=form.tag_list,
                created_by=request.user,
            )
            obj.pk = created.pk
            obj.refresh_from_db()
            _warn_about_similar(self, request, created)
            return
        changed = {name: data[name] for name in form.changed_data if name in QuestionAdminForm.Meta.fields}
        tags = form.tag_list if "tag_names" in form.changed_data else None
        if changed or tags is not None:
            services.question_update(question=obj, actor=request.user, tags=tags, **changed)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        evidence_items = formset.save(commit=False)
        for evidence in formset.deleted_objects:
            evidence.delete()
        for evidence in evidence_items:
            if evidence.pk is None:
                services.evidence_add(
                    question=form.instance,
                    title=evidence.title,
                    url=evidence.url,
                    source=evidence.source,
                    publisher=evidence.publisher,
                    published_at=evidence.published_at,
                    quote=evidence.quote,
                    summary=evidence.summary,
                    stance=evidence.stance,
                    option=evidence.option,
                    added_by=request.user,
                )
            else:
                evidence.save()

    def _run_transition(self, request, queryset, label, transition):
        done = 0
        for question in queryset:
            try:
                transition(question)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{question.title}: {_error_text(error)}", level=messages.ERROR)
        if done:
            self.message_user(request, f"{label}: {done} question(s).", level=messages.SUCCESS)

    @admin.action(description="Schedule selected drafts")
    def schedule(self, request, queryset):
        self._run_transition(
            request, queryset, "Scheduled", lambda q: services.question_schedule(question=q, actor=request.user)
        )

    @admin.action(description="Open selected questions now")
    def open_now(self, request, queryset):
        self._run_transition(
            request, queryset, "Opened", lambda q: services.question_open(question=q, actor=request.user)
        )

    @admin.action(description="Close selected questions now")
    def close_now(self, request, queryset):
        self._run_transition(
            request, queryset, "Closed", lambda q: services.question_close(question=q, actor=request.user)
        )

    @admin.action(description="Resolve selected binary questions YES")
    def resolve_yes(self, request, queryset):
        self._run_transition(
            request,
            queryset,
            "Resolved YES",
            lambda q: services.question_resolve(question=q, outcome="yes", resolved_by=request.user),
        )

    @admin.action(description="Resolve selected binary questions NO")
    def resolve_no(self, request, queryset):
        self._run_transition(
            request,
            queryset,
            "Resolved NO",
            lambda q: services.question_resolve(question=q, outcome="no", resolved_by=request.user),
        )

    def _with_form(self, request, queryset, form_class, title, label, change):
        """An action that asks for one more thing first (a reason, a scenario, a tag), then applies
        `change(question, answers)` to each selected question through the services."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run_transition(request, queryset, label, lambda question: change(question, form.cleaned_data))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": request.POST["action"],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/tracker/question/bulk_form.html", context)

    @admin.action(description="Annul selected questions (asks for a reason)")
    def annul(self, request, queryset):
        def change(question, answers):
            services.question_annul(question=question, annulled_by=request.user, reason=answers["reason"])

        return self._with_form(request, queryset, BulkAnnulForm, "Annul questions", "Annulled", change)

    @admin.action(description="Assign a scenario to selected questions")
    def assign_scenario(self, request, queryset):
        def change(question, answers):
            services.question_update(question=question, actor=request.user, scenario=answers["scenario"])

        return self._with_form(request, queryset, BulkScenarioForm, "Assign a scenario", "Scenario assigned", change)

    @admin.action(description="Add a tag to selected questions")
    def add_tag(self, request, queryset):
        def change(question, answers):
            names = [*question.tags.values_list("name", flat=True), answers["tag"]]
            services.question_update(question=question, actor=request.user, tags=names)

        return self._with_form(request, queryset, BulkTagForm, "Add a tag", "Tagged", change)


@admin.register(Evidence)
class EvidenceAdmin(TabularImportExport, SimpleHistoryAdmin):
    records = evidence_io
    noun = "evidence"
    imported_message = "Imported {count} evidence link(s)."
    import_intro = (
        "Upload a .csv or .json file with the columns of “Export selected as CSV/JSON” (question — its slug —, title "
        "and stance are required, and a url or a source slug; published_at in ISO-8601 with a zone). Each row is "
        "added to its question through the same checks as the evidence form, and only on questions you curate."
    )
    actions = ["export_csv", "export_json"]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "question", "stance", "publisher", "published_at", "added_by", "added_at")
    list_filter = ("stance", "publisher", "question__scenario")
    search_fields = ("title", "summary", "quote", "url", "question__title")
    date_hierarchy = "published_at"
    list_select_related = ("question", "added_by")
    autocomplete_fields = ("question", "source")
    readonly_fields = ("added_by", "added_at")


@admin.register(QuestionTransition)
class QuestionTransitionAdmin(ReadOnlyAdmin):
    list_display = ("question", "from_status", "to_status", "at", "actor", "recorded_at")
    list_filter = ("to_status",)
    search_fields = ("question__title", "note")
    list_select_related = ("question", "actor")

    def has_delete_permission(self, request, obj=None):
        return False


class QuestionLinkForm(forms.ModelForm):
    class Meta:
        model = QuestionLink
        fields = ("kind", "question", "related", "child")

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) for name in ("kind", "question", "related")):
            try:
                services.question_link_validate(
                    kind=cleaned["kind"],
                    question=cleaned["question"],
                    related=cleaned["related"],
                    child=cleaned.get("child"),
                )
            except ValidationError as error:
                self._update_errors(error)
        return cleaned


@admin.register(QuestionLink)
class QuestionLinkAdmin(admin.ModelAdmin):
    form = QuestionLinkForm
    list_display = ("question", "kind", "related", "child", "created_at")
    list_filter = ("kind",)
    search_fields = ("question__title", "related__title", "child__title")
    list_select_related = ("question", "related", "child")
    autocomplete_fields = ("question", "related", "child")

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.question_link_create(
            kind=obj.kind, question=obj.question, related=obj.related, child=obj.child, actor=request.user
        )
        obj.pk = created.pk


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "window", "created_at", "read_at", "email_state", "emailed_at")
    list_filter = ("kind", "email_state", "in_app")
    search_fields = ("title", "recipient__username", "subject")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "in_app", "email")
    list_filter = ("kind", "email", "in_app")
    search_fields = ("user__username",)


@admin.register(EmailDigest)
class EmailDigestAdmin(ReadOnlyAdmin):
    list_display = ("user", "day", "sent_at", "notification_count")
    date_hierarchy = "sent_at"


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "beat_at")


# --- webhooks ---------------------------------------------------------------------------------------------------


class WebhookForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https", label="URL")
    events = forms.MultipleChoiceField(
        choices=[(event, Webhook.Event(event).label) for event in webhooks.SUBSCRIBABLE_EVENTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to receive every event.",
    )

    class Meta:
        model = Webhook
        fields = ("team", "url", "description", "events")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("url"):
            try:
                webhooks.webhook_validate(url=cleaned["url"], events=list(cleaned.get("events") or []))
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ("url", "team", "is_active", "consecutive_failures", "last_success_at", "disabled_reason")
    list_filter = ("is_active", "team")
    search_fields = ("url", "description", "team__name")
    readonly_fields = (
        "secret",
        "previous_secret_expires_at",
        "is_active",
        "disabled_at",
        "disabled_reason",
        "consecutive_failures",
        "failing_since",
        "last_success_at",
        "created_by",
        "created_at",
        "recent_deliveries",
    )
    actions = ["send_test_event", "enable", "disable", "rotate_secret"]

    @admin.display(description="Recent deliveries")
    def recent_deliveries(self, obj):
        rows = obj.deliveries.order_by("-created_at", "-id")[:20]
        table = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:tracker_webhookdelivery_change", args=[row.pk]),
                    row.event,
                    row.get_state_display(),
                    row.attempts,
                    row.last_status_code or row.last_error or "—",
                    f"{row.created_at:%Y-%m-%d %H:%M:%S}",
                )
                for row in rows
            ),
        )
        everything = reverse("admin:tracker_webhookdelivery_changelist") + f"?webhook__id__exact={obj.pk}"
        return format_html(
            "<table><tr><th>Event</th><th>State</th><th>Attempts</th><th>Last response</th><th>Created</th></tr>{}"
            '</table><p><a href="{}">The whole delivery log</a></p>',
            table,
            everything,
        )

    def get_fields(self, request, obj=None):
        editable = ["team", "url", "description", "events"]
        return editable if obj is None else editable + list(self.readonly_fields)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Send a test event")
    def send_test_event(self, request, queryset):
        for webhook in queryset:
            webhooks.webhook_send_test(webhook=webhook, requested_by=request.user)
        self.message_user(
            request,
            f"Test event queued for {queryset.count()} webhook(s); see the delivery log for the response.",
            level=messages.SUCCESS,
        )

    @admin.action(description="Enable (resume deliveries)")
    def enable(self, request, queryset):
        for webhook in queryset:
            webhooks.webhook_enable(webhook=webhook)
        self.message_user(request, f"Enabled {queryset.count()} webhook(s).", level=messages.SUCCESS)

    @admin.action(description="Disable")
    def disable(self, request, queryset):
        for webhook in queryset:
            webhooks.webhook_disable(webhook=webhook, reason=f"Disabled by {request.user.get_username()}.")
        self.message_user(request, f"Disabled {queryset.count()} webhook(s).", level=messages.SUCCESS)

    @admin.action(description="Rotate secret (the old one signs too for 24 hours)")
    def rotate_secret(self, request, queryset):
        for webhook in queryset:
            webhooks.webhook_rotate_secret(webhook=webhook)
        self.message_user(request, f"New secrets for {queryset.count()} webhook(s).", level=messages.SUCCESS)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("number", "started_at", "status_code", "latency_ms", "succeeded", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("event", "webhook", "state", "attempts", "last_status_code", "created_at", "delivered_at")
    list_filter = ("state", "event", "webhook__team", "webhook")
    list_select_related = ("webhook__team",)
    search_fields = ("event_key", "delivery_id", "webhook__url")
    date_hierarchy = "created_at"
    readonly_fields = (
        "webhook",
        "event",
        "event_key",
        "event_id",
        "delivery_id",
        "state",
        "attempts",
        "next_attempt_at",
        "give_up_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
        "body",
    )
    inlines = [WebhookAttemptInline]
    actions = ["retry_now"]

    @admin.action(description="Retry now (with a fresh retry window)")
    def retry_now(self, request, queryset):
        done = 0
        for delivery in queryset:
            try:
                webhooks.webhook_delivery_retry(delivery=delivery)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{delivery}: {_error_text(error)}", level=messages.ERROR)
        if done:
            self.message_user(request, f"Queued {done} delivery(ies) again.", level=messages.SUCCESS)


@admin.register(ClaimSuggestion)
class ClaimSuggestionAdmin(admin.ModelAdmin):
    list_display = ("title", "source", "kind", "state", "confidence", "deadline", "question")
    list_filter = ("state", "kind", "source")
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
        "actors",
        "state",
        "question",
        "merged_into",
        "decided_by",
        "decided_at",
    )
    fields = (*readonly_fields, "title", "deadline", "criteria", "reason")
    actions = ["accept", "accept_with_settings", "reject", "merge"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Accept: create draft questions (public; open now, close at the deadline)")
    def accept(self, request, queryset):
        self._accept(request, queryset, {})

    @admin.action(description="Accept for a team or with other dates… (asks first)")
    def accept_with_settings(self, request, queryset):
        form = SuggestionAcceptForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._accept(request, queryset, {name: value for name, value in form.cleaned_data.items() if value})
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Accept suggestions",
            "form": form,
            "queryset": queryset,
            "action": request.POST["action"],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/tracker/question/bulk_form.html", context)

    def _accept(self, request, queryset, settings_chosen: dict):
        for suggestion in queryset:
            try:
                _, question = curation.suggestion_accept(suggestion=suggestion, actor=request.user, **settings_chosen)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{suggestion.title}: {_error_text(error)}", level=messages.ERROR)
                continue
            self.message_user(request, f"Draft created: {question.title}", level=messages.SUCCESS)
            _warn_about_similar(self, request, question)

    @admin.action(description="Reject (not proposed again on re-import)")
    def reject(self, request, queryset):
        done = 0
        for suggestion in queryset:
            try:
                curation.suggestion_reject(suggestion=suggestion, actor=request.user)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{suggestion.title}: {_error_text(error)}", level=messages.ERROR)
        if done:
            self.message_user(request, f"Rejected {done} suggestion(s).", level=messages.SUCCESS)

    @admin.action(description="Merge into the first selected")
    def merge(self, request, queryset):
        chosen = list(queryset.order_by("start"))
        if len(chosen) < 2:
            self.message_user(request, "Select at least two suggestions to merge.", level=messages.ERROR)
            return
        try:
            curation.suggestions_merge(into=chosen[0], others=chosen[1:], actor=request.user)
        except ValidationError as error:
            self.message_user(request, _error_text(error), level=messages.ERROR)
            return
        self.message_user(request, f"Merged {len(chosen) - 1} into “{chosen[0].title}”.", level=messages.SUCCESS)


# --- resolution workflow ----------------------------------------------------------------------------------------


@admin.register(ResolutionProposal)
class ResolutionProposalAdmin(SimpleHistoryAdmin):
    list_display = ("question", "outcome", "proposed_by", "state", "created_at", "decided_by")
    list_filter = ("state",)
    list_select_related = ("question", "proposed_by", "decided_by")
    search_fields = ("question__title", "note", "evidence_url")
    readonly_fields = (
        "question",
        "proposed_by",
        "outcome",
        "evidence_url",
        "note",
        "state",
        "decided_by",
        "decided_at",
    )
    fields = (*readonly_fields, "reason")
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False  # forecasters propose through the API or the web UI

    def save_model(self, request, obj, form, change):
        # Only the reason is editable here, and only while pending: it is what "Reject" sends to the proposer.
        if obj.state == ResolutionProposal.State.PENDING:
            obj.save(update_fields=["reason"])

    @admin.action(description="Approve: resolve the question with the proposed outcome")
    def approve(self, request, queryset):
        for proposal in queryset:
            try:
                resolution.proposal_approve(proposal=proposal, curator=request.user)
                self.message_user(request, f"Resolved {proposal.question}: {proposal.outcome}.", level=messages.SUCCESS)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{proposal}: {_error_text(error)}", level=messages.ERROR)

    @admin.action(description="Reject (write the reason on the proposal first)")
    def reject(self, request, queryset):
        for proposal in queryset:
            try:
                resolution.proposal_reject(proposal=proposal, curator=request.user, reason=proposal.reason)
                self.message_user(request, f"Rejected {proposal}.", level=messages.SUCCESS)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{proposal}: {_error_text(error)}", level=messages.ERROR)


class ClarificationForm(forms.ModelForm):
    class Meta:
        model = Clarification
        fields = ("question", "text")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("question") and self.request is not None:
            try:
                self.instance = resolution.clarification_add(
                    question=cleaned["question"], curator=self.request.user, text=cleaned.get("text", "")
                )
            except (ValidationError, PermissionDenied) as error:
                raise ValidationError(_error_text(error)) from None
        return cleaned


@admin.register(Clarification)
class ClarificationAdmin(SimpleHistoryAdmin):
    form = ClarificationForm
    list_display = ("question", "created_at", "created_by")
    list_select_related = ("question", "created_by")
    autocomplete_fields = ("question",)

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class WithRequest(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return WithRequest

    def get_readonly_fields(self, request, obj=None):
        return ("question", "text") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        pass  # clarification_add saved it (and notified the forecasters) when the form was validated
