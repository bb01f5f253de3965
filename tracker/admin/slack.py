"""Admin of the Slack app: each team's installation and its outgoing messages, read-only (installing, settings and
removal happen on /settings/slack/ through the services, where Slack's OAuth flow runs); the token never shows."""

from django.contrib import admin

from tracker.admin.base import ReadOnlyAdmin
from tracker.admin.scoping import TeamScopedAdmin
from tracker.slack.models import SlackInstallation, SlackMessage


@admin.register(SlackInstallation)
class SlackInstallationAdmin(TeamScopedAdmin, ReadOnlyAdmin):
    admins_only = True  # a team's integrations are its admins' to see
    list_display = ("team", "workspace_name", "workspace_id", "channel_name", "installed_at", "uninstalled_at")
    list_filter = ("team",)
    exclude = ("bot_token_encrypted",)


@admin.register(SlackMessage)
class SlackMessageAdmin(TeamScopedAdmin, ReadOnlyAdmin):
    team_path = "installation__team"
    admins_only = True
    list_display = ("key", "method", "installation", "state", "attempts", "error", "created_at", "sent_at")
    list_filter = ("state", "method")
    exclude = ("arguments",)  # a direct message's text is its recipient's
