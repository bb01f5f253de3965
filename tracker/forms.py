"""Forms of the server-rendered pages. They parse and label input; the services decide what is allowed."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from tracker.models import ApiToken, Membership, Notification, NotificationPreference, Question, Team, User, Webhook


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: each message on its field, or on the whole form when the form has
    no such field (or the refusal names none)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


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


class ArticleImportForm(forms.Form):
    title = forms.CharField(max_length=400)
    publisher = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=1000, required=False, assume_scheme="https", label="URL")
    published_at = forms.DateTimeField(required=False, label="Published (UTC)", help_text="e.g. 2024-10-28 09:00")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), required=False, help_text="Paste the article…")
    file = forms.FileField(required=False, help_text="… or upload a .txt, .html or .md file (UTF-8, ≤ 2 MB).")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if not upload.name.lower().endswith((".txt", ".html", ".htm", ".md", ".markdown")):
                self.add_error("file", "Upload a .txt, .html or .md file.")
            elif upload.size > 2 * 1024 * 1024:
                self.add_error("file", "The file is larger than 2 MB.")
            else:
                try:
                    cleaned["content"] = upload.read().decode("utf-8")
                except UnicodeDecodeError:
                    self.add_error("file", "The file is not UTF-8 text.")
        elif cleaned.get("text", "").strip():
            cleaned["content"] = cleaned["text"]
        else:
            self.add_error("text", "Paste the article or upload a file.")
        return cleaned

    def import_arguments(self) -> dict:
        data = self.cleaned_data
        upload = data.get("file")
        return {
            "title": data["title"],
            "content": data["content"],
            "filename": upload.name if upload is not None else "",
            "publisher": data["publisher"],
            "url": data["url"],
            "published_at": data["published_at"],
        }


class SuggestionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="Public")
    scheduled_close_at = forms.DateTimeField(required=False, label="Closes (UTC)")
    reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [Membership.Role.CURATOR, Membership.Role.ADMIN]
        teams = (
            Team.objects.all()
            if user.is_staff
            else Team.objects.filter(memberships__user=user, memberships__role__in=roles)
        )
        self.fields["team"].queryset = teams.distinct()

    def accept_arguments(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("team", "scheduled_close_at") if data.get(name)}


class SignupForm(UserCreationForm):
    email = forms.EmailField(help_text="For reminders and password resets; never shown to others.")

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “nightly export script”.")
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ, help_text="Write also submits forecasts."
    )


class WebhookForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    url = forms.URLField(max_length=500, assume_scheme="https", label="URL", help_text="Events are POSTed here.")
    events = forms.MultipleChoiceField(
        choices=[(event.value, event.label) for event in Webhook.Event if event != Webhook.Event.WEBHOOK_TEST],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None ticked: every event.",
    )
    description = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(pk__in=[team.pk for team in teams])
