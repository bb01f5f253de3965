"""Forms of the server-rendered pages. They parse and label input; the services decide what is allowed."""

from django import forms

from tracker.models import Question


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(widget=forms.RadioSelect, label="Outcome")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Resolution notes",
        help_text="What happened and where it is reported; forecasters see this with their scores.",
    )
    effective_close_at = forms.DateTimeField(
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
