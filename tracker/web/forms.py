"""Forms of tracker's pages. They parse and label input; the services decide what is allowed."""

from django import forms
from django.contrib.auth.forms import UserCreationForm

from tracker.accounts.models import ApiToken, Membership, Team, User
from tracker.accounts.permissions import teams_curated
from tracker.lib.forms import TimeField
from tracker.monitor.models import NewsSource
from tracker.notifications.models import Notification, NotificationPreference
from tracker.webhooks.models import Webhook


class NotificationPreferencesForm(forms.Form):
    """One row per kind of notification: shown in the app or not, and how it is emailed."""

    def __init__(self, *args, current: dict[str, tuple[bool, str]], slack: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, label in Notification.Kind.choices:
            in_app, email = current[kind]
            self.fields[f"{kind}__slack"] = forms.BooleanField(
                required=False, initial=slack[kind], label=f"{label}: Slack direct message"
            )
            self.fields[f"{kind}__in_app"] = forms.BooleanField(
                required=False, initial=in_app, label=f"{label}: show in the app"
            )
            self.fields[f"{kind}__email"] = forms.ChoiceField(
                choices=NotificationPreference.Email.choices, initial=email, label=f"{label}: email"
            )
            self.rows.append((kind, label, self[f"{kind}__in_app"], self[f"{kind}__email"], self[f"{kind}__slack"]))

    def preferences(self) -> dict[str, tuple[bool, str]]:
        return {
            kind: (self.cleaned_data[f"{kind}__in_app"], self.cleaned_data[f"{kind}__email"])
            for kind in Notification.Kind.values
        }

    def slack(self) -> dict[str, bool]:
        return {kind: self.cleaned_data[f"{kind}__slack"] for kind in Notification.Kind.values}


class SuggestionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("reject", "Reject")])
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False, empty_label="Public")
    scheduled_close_at = TimeField(required=False, label="Closes")
    ask_as = forms.ChoiceField(
        choices=[("binary", "Yes or no"), ("numeric", "A number"), ("date", "A date")], required=False
    )
    reason = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams_curated(user).order_by("name")

    def accept_arguments(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("team", "scheduled_close_at", "ask_as") if data.get(name)}


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


class NewsSourceForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    url = forms.URLField(max_length=1000, assume_scheme="https", label="URL", help_text="A feed, or one article.")
    kind = forms.ChoiceField(choices=NewsSource.Kind.choices, initial=NewsSource.Kind.FEED)
    poll_minutes = forms.IntegerField(min_value=5, max_value=1440, initial=30, help_text="Minutes between polls.")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"] = forms.ModelChoiceField(
            queryset=Team.objects.filter(pk__in=[team.pk for team in teams]),
            initial=teams[0].pk if len(teams) == 1 else None,  # one team: nothing to choose
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(help_text="The invitation link is emailed here; it works once, for a week.")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.FORECASTER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Optional: who you are."
    )


class JoinRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    reason = forms.CharField(max_length=500, required=False, help_text="Needed to decline; the person sees it.")
