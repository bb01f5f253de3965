"""Forms of the web UI. They parse and label input; the services decide what is allowed."""

from django import forms

from tracker.lib.forms import TimeField
from tracker.models import Evidence, Question


class EvidenceForm(forms.Form):
    title = forms.CharField(max_length=400)
    url = forms.URLField(max_length=1000, assume_scheme="https", label="URL")
    stance = forms.ChoiceField()
    option = forms.ChoiceField(required=False, label="Option it supports")
    publisher = forms.CharField(max_length=200, required=False)
    quote = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Quote (verbatim)")

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question.type == Question.Type.BINARY:
            stances = [Evidence.Stance.SUPPORTS_YES, Evidence.Stance.SUPPORTS_NO, Evidence.Stance.CONTEXT]
            del self.fields["option"]
        else:
            stances = [Evidence.Stance.SUPPORTS_OPTION, Evidence.Stance.CONTEXT]
            self.fields["option"].choices = [("", "—")] + [(o.label, o.label) for o in question.options.all()]
        self.fields["stance"].choices = [(stance.value, stance.label) for stance in stances]

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "url": data["url"],
            "stance": data["stance"],
            "option": data.get("option") or None,
            "publisher": data.get("publisher", ""),
            "quote": data.get("quote", ""),
        }


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Outcome")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Resolution notes",
        help_text="What happened and where it is reported; forecasters see this with their scores.",
    )
    effective_close_at = TimeField(
        required=False,
        label="Retroactive close (UTC, optional)",
        help_text="When the answer became known, if before the close, e.g. 2026-03-14 09:00.",
    )

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        if question.is_binary:
            self.fields["outcome"].choices = Question.BinaryOutcome.choices
        else:
            self.fields["outcome"].choices = [(str(option.pk), option.label) for option in question.options.all()]
        self.question = question

    def outcome_value(self):
        value = self.cleaned_data["outcome"]
        return value if self.question.is_binary else self.question.options.get(pk=int(value))
