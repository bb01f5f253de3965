"""The question admin's form: every field a curator edits, checked by the services' own rules (as form errors),
with a numeric or date question's range typed as numbers or dates."""

from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError

from tracker.lib.forms import comma_list, lines_of
from tracker.questions.models import Question
from tracker.questions.services.clarifications import question_edit_needs_clarification
from tracker.questions.services.questions import editable_fields, question_validate_dates, question_validate_new
from tracker.questions.services.ranges import RANGE_FIELDS


class QuestionAdminForm(forms.ModelForm):
    options_text = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Multiple choice only: one option per line, in order. Fixed once the question is created.",
    )
    tag_names = forms.CharField(label="Tags", required=False, help_text="Comma-separated.")
    # The range as a curator types it: numbers, or a date question's ends as dates (stored as Unix seconds).
    range_min = forms.CharField(
        required=False,
        label="Range: lowest value",
        help_text="Numeric and date questions only: a number, or for a date question a date (YYYY-MM-DD, UTC).",
    )
    range_max = forms.CharField(required=False, label="Range: highest value")
    zero_point = forms.CharField(
        required=False,
        label="Logarithmic scale from",
        help_text="Optional, numeric only: the value a logarithmic scale counts from (usually 0), below the range.",
    )
    clarification = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when an open or closed question's wording or dates change: what changed (forecasters are "
        "notified).",
    )

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
            *RANGE_FIELDS,
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        for name in ("range_min", "range_max", "zero_point"):
            value = getattr(self.instance, name)
            if value is not None:
                is_date = self.instance.type == Question.Type.DATE
                self.initial[name] = (
                    datetime.fromtimestamp(value, tz=UTC).date().isoformat() if is_date else f"{value:g}"
                )
        if self.instance.pk:
            self.fields["tag_names"].initial = ", ".join(tag.name for tag in self.instance.tags.all())
            self.fields["options_text"].disabled = True
            self.fields["options_text"].initial = "\n".join(o.label for o in self.instance.options.all())
            for name in ("type", "origin_source", "origin_quote"):
                self.fields[name].disabled = True

    @property
    def option_labels(self) -> list[str]:
        return lines_of(self.cleaned_data.get("options_text", ""))

    @property
    def tag_list(self) -> list[str]:
        return comma_list(self.cleaned_data.get("tag_names", ""))

    def _post_clean(self):
        # Model validation runs in the service; here only the service's own checks run, as form errors.
        pass

    def clean(self):
        cleaned = super().clean() or {}
        if self.instance.pk is None:
            try:
                question_validate_new(
                    type=cleaned.get("type"),
                    options=self.option_labels,
                    opens_at=cleaned.get("opens_at"),
                    scheduled_close_at=cleaned.get("scheduled_close_at"),
                    resolve_by=cleaned.get("resolve_by"),
                    origin_source=cleaned.get("origin_source"),
                    origin_quote=cleaned.get("origin_quote", ""),
                    team=cleaned.get("team"),
                    visibility=cleaned.get("visibility"),
                    scenario=cleaned.get("scenario"),
                    range_fields={name: cleaned.get(name) for name in RANGE_FIELDS},
                )
            except ValidationError as error:
                self.add_error(None, error)
            return cleaned
        editable = editable_fields(self.instance)
        for name in self.changed_data:
            if name in QuestionAdminForm.Meta.fields and name not in editable:
                self.add_error(name, f"This cannot be changed while the question is {self.instance.status}.")
        if "tag_names" in self.changed_data and not editable:
            self.add_error("tag_names", f"Tags cannot be changed while the question is {self.instance.status}.")
        try:
            question_validate_dates(
                opens_at=cleaned.get("opens_at"),
                scheduled_close_at=cleaned.get("scheduled_close_at"),
                resolve_by=cleaned.get("resolve_by"),
            )
            question_edit_needs_clarification(
                question=self.instance, fields=self.changed_fields(), clarification=cleaned.get("clarification", "")
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned

    def changed_fields(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in self.changed_data
            if name in QuestionAdminForm.Meta.fields and name != "slug"
        }
