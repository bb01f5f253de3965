"""Forms of the server-rendered pages. They parse and label input; the services decide what is allowed."""

from django import forms

from tracker.models import Notification, NotificationPreference, Question


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


class NotificationPreferencesForm(forms.Form):
    """One row per kind of notification: shown in the app or not, and how it is emailed."""

    def __init__(self, *args, current: dict[str, tuple[bool, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, label in Notification.Kind.choices:
            in_app, email = current[kind]
            self.fields[f"{kind}__in_app"] = forms.BooleanField(
                required=False, initial=in_app, label=f"{label}: show in the app"
            )
            self.fields[f"{kind}__email"] = forms.ChoiceField(
                choices=NotificationPreference.Email.choices, initial=email, label=f"{label}: email"
            )
            self.rows.append((kind, label, self[f"{kind}__in_app"], self[f"{kind}__email"]))

    def preferences(self) -> dict[str, tuple[bool, str]]:
        return {
            kind: (self.cleaned_data[f"{kind}__in_app"], self.cleaned_data[f"{kind}__email"])
            for kind in Notification.Kind.values
        }
