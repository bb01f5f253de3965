"""Admin of evidence, through the evidence services (the rules and the `evidence.added` webhook are the same as in
the web UI and the API); CSV and JSON import and export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tracker.accounts.requests import account_of
from tracker.admin.base import URL_FIELDS_ASSUME_HTTPS, NamedValuesFilter, error_text
from tracker.admin.scoping import ADD, CHANGE, DELETE, VIEW, ScopedInline, TeamScopedAdmin
from tracker.admin.tabular import RecordFormat, TabularImportExport
from tracker.curation import evidence_io
from tracker.lib.forms import add_service_errors
from tracker.questions.models import Evidence
from tracker.questions.services.evidence import (
    EVIDENCE_EDITABLE,
    evidence_add,
    evidence_delete,
    evidence_update,
    evidence_validate,
    evidence_validate_update,
)

EVIDENCE_FIELDS = (
    "question",
    "title",
    "stance",
    "option",
    "url",
    "source",
    "publisher",
    "published_at",
    "quote",
    "summary",
)


class EvidenceAdminForm(forms.ModelForm):
    """New evidence is checked by `evidence_validate`; recorded evidence allows only the corrections
    `evidence_update` accepts (the other fields are shown but fixed)."""

    url = forms.URLField(max_length=1000, required=False, assume_scheme="https", label="URL")

    class Meta:
        model = Evidence
        fields = EVIDENCE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            for name, field in self.fields.items():
                if name not in EVIDENCE_EDITABLE:
                    field.disabled = True

    def _post_clean(self):
        # The model's own validation runs in the service; here the service's checks run, as form errors.
        pass

    def clean(self):
        cleaned = super().clean()
        question = cleaned.get("question") or getattr(self.instance, "question", None)
        try:
            if self.instance.pk is None:
                if question is not None and cleaned.get("stance"):
                    evidence_validate(
                        question=question,
                        stance=cleaned["stance"],
                        option=cleaned.get("option"),
                        url=cleaned.get("url") or "",
                        source=cleaned.get("source"),
                        published_at=cleaned.get("published_at"),
                    )
            else:
                changed = {name: cleaned[name] for name in self.changed_data if name in EVIDENCE_EDITABLE}
                evidence_validate_update(evidence=self.instance, fields=changed)
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned

    def service_arguments(self) -> dict:
        """What evidence_add takes, from the cleaned form."""
        data = self.cleaned_data
        return {name: data.get(name) or default for name, default in SERVICE_DEFAULTS.items()}

    def changed_corrections(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name in EVIDENCE_EDITABLE}


SERVICE_DEFAULTS = {
    "title": "",
    "stance": Evidence.Stance.CONTEXT,
    "option": None,
    "url": "",
    "source": None,
    "publisher": "",
    "published_at": None,
    "quote": "",
    "summary": "",
}


def save_evidence_form(request: HttpRequest, form: EvidenceAdminForm, *, question) -> Evidence:
    """Add or correct the form's evidence through the services; the form has already run their checks."""
    if form.instance.pk is None:
        return evidence_add(question=question, added_by=account_of(request), **form.service_arguments())
    return evidence_update(evidence=form.instance, actor=account_of(request), **form.changed_corrections())


class EvidenceInline(ScopedInline, admin.StackedInline):
    """A question's evidence inside the question's page: added and corrected through the services."""

    curator_may = frozenset({VIEW, ADD, CHANGE, DELETE})

    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    model = Evidence
    form = EvidenceAdminForm
    extra = 0
    fields = (("title", "stance", "option"), ("url", "source"), ("publisher", "published_at"), "quote", "summary")
    autocomplete_fields = ("source",)
    show_change_link = True


def save_evidence_formset(request: HttpRequest, formset, *, question) -> None:
    """The question page's evidence inline, saved through the services (the admin's change message reads the three
    lists it fills)."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.forms:
        if form in formset.deleted_forms:
            if form.instance.pk is not None:
                evidence_delete(evidence=form.instance, actor=account_of(request))
                formset.deleted_objects.append(form.instance)
            continue
        if not form.has_changed():
            continue
        saved = save_evidence_form(request, form, question=question)
        if form.instance.pk is None or saved.pk != form.instance.pk:
            formset.new_objects.append(saved)
        else:
            formset.changed_objects.append((saved, form.changed_data))


@admin.register(Evidence)
class EvidenceAdmin(TeamScopedAdmin, TabularImportExport, SimpleHistoryAdmin):
    team_path = "question__team"
    curator_may = frozenset({VIEW, ADD, CHANGE, DELETE})
    records = RecordFormat(
        export=evidence_io.evidence_export,
        import_rows=evidence_io.evidence_import,
        to_csv=evidence_io.evidence_to_csv,
        from_file=evidence_io.evidence_from_file,
    )
    imported_message = "Imported {count} evidence link(s)."
    import_intro = (
        "Upload a .csv or .json file with the columns of “Export selected as CSV/JSON” (question — its slug —, title "
        "and stance are required, and a url or a source slug; published_at in ISO-8601 with a zone). Each row is "
        "added to its question through the same checks as the evidence form, and only on questions you curate."
    )
    actions = ["export_csv", "export_json"]
    form = EvidenceAdminForm
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ("title", "question", "stance", "publisher", "published_at", "added_by", "added_at")
    list_filter = ("stance", ("publisher", NamedValuesFilter), "question__scenario")
    search_fields = ("title", "summary", "quote", "url", "question__title")
    date_hierarchy = "published_at"
    list_select_related = ("question", "added_by")
    autocomplete_fields = ("question", "source")
    readonly_fields = ("added_by", "added_at")

    def save_model(self, request: HttpRequest, obj, form, change):
        saved = save_evidence_form(request, form, question=form.cleaned_data.get("question") or obj.question)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj):
        evidence_delete(evidence=obj, actor=account_of(request))

    def delete_queryset(self, request: HttpRequest, queryset):
        for evidence in queryset.select_related("question"):
            try:
                evidence_delete(evidence=evidence, actor=account_of(request))
            except PermissionDenied as error:
                self.message_user(request, f"{evidence.title}: {error_text(error)}", level=messages.ERROR)
