"""What every tracker admin page shares: read-only admins for system records, refusal messages, and the form
that asks one more thing before a bulk action."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.template.response import TemplateResponse

from tracker.curation.similar import similar_questions_warning
from tracker.lib.errors import refusal_text as error_text
from tracker.questions.models import Question

# A URL typed without a scheme is taken as https (Django 6.0's default, adopted now).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written only by the system (logs, derived data): shown, never added or edited here."""

    def has_add_permission(self, request: HttpRequest):
        return False

    def has_change_permission(self, request: HttpRequest, obj=None):
        return False


class NamedValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by a field's values, with the empty value named: as an empty link it had no text at all
    (axe-core: a link without a name)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if not str(choice["display"]).strip():
                choice = {**choice, "display": "(none given)"}
            yield choice


def warn_about_similar(model_admin, request: HttpRequest, question: Question) -> None:
    """After a question is made: the existing ones that look like it, so the curator links instead of duplicating."""
    if warning := similar_questions_warning(question):
        model_admin.message_user(request, warning, level=messages.WARNING)


def apply_each(model_admin, request: HttpRequest, objects, label: str, change) -> int:
    """Apply `change(obj)` (a service call) to each object: a refusal is reported for that object and the others go
    on; returns how many were changed."""
    done = 0
    for obj in objects:
        try:
            change(obj)
            done += 1
        except (ValidationError, PermissionDenied) as error:
            model_admin.message_user(request, f"{obj}: {error_text(error)}", level=messages.ERROR)
    if done:
        noun = model_admin.model._meta.verbose_name
        model_admin.message_user(request, f"{label}: {done} {noun}(s).", level=messages.SUCCESS)
    return done


def ask_first(model_admin, request: HttpRequest, queryset, form_class, title: str, apply, *, choices=None):
    """A bulk action that asks one more thing first (a reason, a scenario, a tag, a team): the form is shown, and
    once it is valid `apply(answers)` runs. `choices` narrows a field's rows (name → queryset; a curator's form
    offers only their teams' rows). Returns the page to show, or None when done."""
    form = form_class(request.POST if "apply" in request.POST else None)
    for name, rows in (choices or {}).items():
        if rows is not None:
            form.fields[name].queryset = rows
    if form.is_bound and form.is_valid():
        apply(form.cleaned_data)
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": request.POST["action"],
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/tracker/bulk_form.html", context)
