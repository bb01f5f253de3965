"""The Slack app's records: one installation per team, the link between a Slack user and a Signpost account, the
one-time codes that make that link, the requests Slack sent (handled by a worker, never in the request) and the
messages Signpost sends (the outbox: claimed, sent and marked one at a time)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SlackInstallation(models.Model):
    """The app installed in one Slack workspace for one team (OAuth v2). The bot token is stored encrypted
    (tracker.slack.secrets); an uninstalled app keeps its row, without the token, so its history stays readable."""

    class MessageKind(models.TextChoices):
        NEW_QUESTIONS = "new_questions", "New questions"
        RESOLUTIONS = "resolutions", "Resolutions, with the team's best scores"
        CROWD_MOVES = "crowd_moves", "Big moves of the community forecast"
        PROPOSALS = "proposals", "New evidence proposals (for curators)"

    team = models.OneToOneField("tracker.Team", on_delete=models.CASCADE, related_name="slack_installation")
    workspace_id = models.CharField(max_length=32, help_text="Slack's team id (T…).")
    workspace_name = models.CharField(max_length=200, blank=True)
    bot_user_id = models.CharField(max_length=32, blank=True)
    bot_token_encrypted = models.TextField(blank=True, editable=False)
    scopes = models.CharField(max_length=1000, blank=True)
    channel_id = models.CharField(max_length=32, blank=True, help_text="Where team messages go (C…).")
    channel_name = models.CharField(max_length=200, blank=True)
    message_kinds = models.JSONField(default=list, blank=True, help_text="Which kinds of team message are sent.")
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    installed_at = models.DateTimeField(default=timezone.now)
    uninstalled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One Signpost team per workspace: a slash command from a workspace must name one team.
            models.UniqueConstraint(
                fields=["workspace_id"], condition=Q(uninstalled_at__isnull=True), name="slack_workspace_one_team"
            ),
        ]

    def __str__(self) -> str:
        return f"Slack {self.workspace_name or self.workspace_id} for {self.team_id}"

    @property
    def is_active(self) -> bool:
        return self.uninstalled_at is None and bool(self.bot_token_encrypted)

    def sends(self, kind: str) -> bool:
        return self.is_active and bool(self.channel_id) and kind in self.message_kinds


class SlackUserLink(models.Model):
    """A Slack user of a workspace is this Signpost account (made by a one-time link the user opened signed in)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slack_links")
    workspace_id = models.CharField(max_length=32)
    slack_user_id = models.CharField(max_length=32)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace_id", "slack_user_id"], name="slack_user_once"),
            models.UniqueConstraint(fields=["workspace_id", "user"], name="slack_account_once_per_workspace"),
        ]

    def __str__(self) -> str:
        return f"{self.slack_user_id}@{self.workspace_id} → {self.user_id}"


class SlackLinkCode(models.Model):
    """A one-time code that links a Slack user to whoever opens it signed in; only its hash is stored."""

    code_hash = models.CharField(max_length=64, unique=True)
    workspace_id = models.CharField(max_length=32)
    slack_user_id = models.CharField(max_length=32)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"link code for {self.slack_user_id}@{self.workspace_id}"


class SlackRequest(models.Model):
    """A verified request from Slack (a slash command, an interaction, an event), stored so that a worker does the
    work after Slack got its answer within 3 seconds; `key` makes Slack's retries of one event one row."""

    class Kind(models.TextChoices):
        COMMAND = "command", "Slash command"
        INTERACTION = "interaction", "Interaction"
        EVENT = "event", "Event"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a worker"
        DONE = "done", "Handled"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=100, unique=True)
    workspace_id = models.CharField(max_length=32)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    error = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "received_at"], name="slack_request_queue")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class SlackMessage(models.Model):
    """One message to post (a channel message, a direct message, an unfurl, a reply to a command): created once per
    key in the transaction that caused it, then claimed, sent and marked on its own."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent (refused, or retries ran out)"

    class Method(models.TextChoices):
        POST = "chat.postMessage", "Post a message"
        UNFURL = "chat.unfurl", "Unfurl links"
        RESPOND = "response_url", "Reply to a command"
        REVOKE = "auth.revoke", "Revoke the bot token (the app was removed)"

    installation = models.ForeignKey(SlackInstallation, on_delete=models.CASCADE, related_name="messages")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.POST)
    arguments = models.JSONField(help_text="The Web API call's arguments (channel, text, blocks…).")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, help_text="Also the lease of a claimed send.")
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["installation", "key"], name="slack_message_once")]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="slack_message_due")]

    def __str__(self) -> str:
        return f"{self.method} {self.key}"
