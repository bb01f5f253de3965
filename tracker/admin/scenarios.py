"""Admin of scenarios, their signposts (through the services), flags and followers."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest

from tracker.accounts.requests import account_of
from tracker.admin.scoping import ADD, CHANGE, DELETE, VIEW, ScopedInline, TeamScopedAdmin
from tracker.lib.forms import add_service_errors
from tracker.scenarios.models import Scenario, ScenarioFlag, ScenarioFollow, Signpost
from tracker.scenarios.services.signposts import (
    scenario_flags_acknowledge,
    signpost_add,
    signpost_remove,
    signpost_update,
    signpost_validate,
)


class SignpostInlineForm(forms.ModelForm):
    class Meta:
        model = Signpost
        fields = ("question", "direction", "threshold", "note")

    def clean(self):
        cleaned = super().clean()
        scenario = self.instance.scenario if self.instance.scenario_id else getattr(self, "parent_scenario", None)
        if scenario is not None and cleaned.get("question") and cleaned.get("direction"):
            try:
                signpost_validate(
                    scenario=scenario,
                    question=cleaned["question"],
                    direction=cleaned["direction"],
                    threshold=cleaned.get("threshold") or 0,
                )
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


class SignpostInline(ScopedInline, admin.TabularInline):
    curator_may = frozenset({VIEW, ADD, CHANGE, DELETE})
    model = Signpost
    form = SignpostInlineForm
    extra = 0
    autocomplete_fields = ("question",)
    readonly_fields = ("baseline_probability", "baseline_at")
    fields = ("question", "direction", "threshold", "note", "baseline_probability", "baseline_at")

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.parent_scenario = obj
        return formset


class ScenarioFlagInline(ScopedInline, admin.TabularInline):
    model = ScenarioFlag
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "effect", "message", "acknowledged_at", "acknowledged_by")
    readonly_fields = fields
    verbose_name_plural = "Flags (signposts that moved or resolved)"

    def has_add_permission(self, request: HttpRequest, obj=None):
        return False


@admin.register(Scenario)
class ScenarioAdmin(TeamScopedAdmin, admin.ModelAdmin):
    curator_may = frozenset({VIEW, ADD, CHANGE})
    shared_choices = True  # a public scenario gathers any team's questions
    list_display = ("title", "status", "team", "question_count", "open_flags", "seeded")
    list_filter = ("status", "team", "tags")
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("tags",)
    fields = ("title", "slug", "summary", "tags", "team", "status")
    inlines = [SignpostInline, ScenarioFlagInline]
    actions = ["acknowledge_flags"]

    def get_queryset(self, request: HttpRequest):
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

    def save_formset(self, request: HttpRequest, form, formset, change):
        if formset.model is not Signpost:
            return super().save_formset(request, form, formset, change)
        # Signposts go through the services (permission and rules); the form has already validated them. The
        # three lists are what the admin's change message reads.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk is not None:
                signpost_remove(signpost=deleted.instance, actor=account_of(request))
                formset.deleted_objects.append(deleted.instance)
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            data = inline_form.cleaned_data
            if inline_form.instance.pk is None:
                added = signpost_add(
                    scenario=form.instance,
                    question=data["question"],
                    direction=data["direction"],
                    threshold=data["threshold"],
                    note=data.get("note", ""),
                    actor=account_of(request),
                )
                formset.new_objects.append(added)
            else:
                signpost_update(
                    signpost=inline_form.instance,
                    actor=account_of(request),
                    direction=data["direction"],
                    threshold=data["threshold"],
                    note=data.get("note", ""),
                )
                formset.changed_objects.append((inline_form.instance, inline_form.changed_data))

    @admin.action(description="Acknowledge flags (the scenario has been looked at)")
    def acknowledge_flags(self, request: HttpRequest, queryset):
        done = 0
        for scenario in queryset:
            try:
                done += scenario_flags_acknowledge(scenario=scenario, actor=account_of(request))
            except PermissionDenied as error:
                self.message_user(request, f"{scenario.title}: {error}", level=messages.ERROR)
        self.message_user(request, f"Acknowledged {done} flag(s).", level=messages.SUCCESS)


@admin.register(ScenarioFlag)
class ScenarioFlagAdmin(TeamScopedAdmin, admin.ModelAdmin):
    team_path = "scenario__team"
    list_display = ("created_at", "scenario", "kind", "effect", "message", "acknowledged_at")
    list_filter = ("kind", "effect", ("acknowledged_at", admin.EmptyFieldListFilter), "scenario")
    list_select_related = ("scenario",)
    readonly_fields = [field.name for field in ScenarioFlag._meta.fields]

    def has_add_permission(self, request: HttpRequest):
        return False

    def has_change_permission(self, request: HttpRequest, obj=None):
        return False


@admin.register(ScenarioFollow)
class ScenarioFollowAdmin(admin.ModelAdmin):
    list_display = ("scenario", "user", "created_at")
    list_select_related = ("scenario", "user")
    autocomplete_fields = ("user",)
