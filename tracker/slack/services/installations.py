"""Installing the Slack app for a team (OAuth v2), choosing what it posts where, and removing it."""

from collections.abc import Sequence

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from slack_sdk.oauth import AuthorizeUrlGenerator

from tracker.accounts.models import Team, User
from tracker.accounts.permissions import user_can_admin_team
from tracker.slack.client import SlackApiError, SlackCallError, slack_oauth_access
from tracker.slack.models import SlackInstallation, SlackMessage
from tracker.slack.secrets import token_encrypt
from tracker.slack.services.outbox import slack_message_queue

# What the bot may do: answer /signpost, post to the chosen channel (incoming-webhook lets the installer pick it) and
# to people directly, and read and unfurl links to Signpost.
BOT_SCOPES = ("commands", "chat:write", "im:write", "links:read", "links:write", "incoming-webhook")
STATE_SALT = "signpost.slack.install"
STATE_MAX_AGE = 600  # seconds from "Add to Slack" to Slack's redirect back


def slack_redirect_uri() -> str:
    return f"{settings.SITE_URL}{reverse('slack-oauth-callback')}"


def slack_install_start(*, team: Team, user: User, nonce: str) -> str:
    """The address of Slack's consent page for installing the app for `team`; the state names the team and the
    admin and carries `nonce`, which the browser's session must hold when Slack sends it back."""
    if not user_can_admin_team(user=user, team=team):
        raise PermissionDenied("Only the team's admins can install the Slack app.")
    state = signing.dumps({"team": team.pk, "user": user.pk, "nonce": nonce}, salt=STATE_SALT)
    generator = AuthorizeUrlGenerator(
        client_id=settings.SIGNPOST_SLACK_CLIENT_ID,
        scopes=list(BOT_SCOPES),
        redirect_uri=slack_redirect_uri(),
        authorization_url=settings.SIGNPOST_SLACK_AUTHORIZE_URL,
    )
    return generator.generate(state)


def slack_install_state(*, state: str, user: User, nonce: str) -> Team:
    """The team an install's state names, when it is fresh, was made for this user and this browser."""
    try:
        data = signing.loads(state, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except signing.BadSignature:
        raise ValidationError("The Slack sign-in took too long or did not come from this page; start again.") from None
    if data.get("user") != user.pk or not nonce or data.get("nonce") != nonce:
        raise ValidationError("This Slack install was started by someone else or in another browser; start again.")
    team = Team.objects.filter(pk=data.get("team")).first()
    if team is None or not user_can_admin_team(user=user, team=team):
        raise PermissionDenied("Only the team's admins can install the Slack app.")
    return team


def slack_install_complete(*, team: Team, user: User, code: str) -> SlackInstallation:
    """Exchange Slack's code for the bot token (oauth.v2.access) and record the installation: its token encrypted,
    the channel the installer chose for team messages, every kind of team message on."""
    if not user_can_admin_team(user=user, team=team):
        raise PermissionDenied("Only the team's admins can install the Slack app.")
    try:
        answer = slack_oauth_access(code=code, redirect_uri=slack_redirect_uri())
    except SlackApiError as error:
        raise ValidationError(f"Slack refused the install: {error.response.get('error', 'unknown error')}.") from None
    except SlackCallError as error:
        raise ValidationError(f"Slack could not be reached ({error}); try again.") from None
    workspace = answer.get("team") or {}
    token = answer.get("access_token") or ""
    if not workspace.get("id") or not token:
        raise ValidationError("Slack's answer had no workspace or token; try again.")
    channel = answer.get("incoming_webhook") or {}
    fields = {
        "workspace_id": workspace["id"],
        "workspace_name": workspace.get("name", "")[:200],
        "bot_user_id": answer.get("bot_user_id", ""),
        "bot_token_encrypted": token_encrypt(token),
        "scopes": answer.get("scope", "")[:1000],
        "channel_id": channel.get("channel_id", ""),
        "channel_name": (channel.get("channel") or "")[:200],
        "message_kinds": list(SlackInstallation.MessageKind.values),
        "installed_by": user,
        "installed_at": timezone.now(),
        "uninstalled_at": None,
    }
    try:
        with transaction.atomic():
            installation, _ = SlackInstallation.objects.update_or_create(team=team, defaults=fields)
    except IntegrityError:
        raise ValidationError(
            f"The Slack workspace {fields['workspace_name'] or fields['workspace_id']} is already connected to "
            "another Signpost team; one workspace serves one team."
        ) from None
    return installation


def slack_installation_update(
    *,
    installation: SlackInstallation,
    actor: User,
    channel_id: str | None = None,
    message_kinds: Sequence[str] | None = None,
) -> SlackInstallation:
    if not user_can_admin_team(user=actor, team=installation.team):
        raise PermissionDenied("Only the team's admins can change the Slack app's settings.")
    changed = []
    if channel_id is not None:
        channel_id = channel_id.strip()
        if channel_id and not (channel_id[:1] in "CG" and channel_id[1:].isalnum() and len(channel_id) <= 32):
            raise ValidationError({"channel_id": "A Slack channel id starts with C or G (copy it from the channel)."})
        if channel_id != installation.channel_id:
            installation.channel_id, installation.channel_name = channel_id, ""
            changed += ["channel_id", "channel_name"]
    if message_kinds is not None:
        unknown = sorted(set(message_kinds) - set(SlackInstallation.MessageKind.values))
        if unknown:
            raise ValidationError({"message_kinds": f"Unknown kind(s) {', '.join(unknown)}."})
        installation.message_kinds = [k for k in SlackInstallation.MessageKind.values if k in message_kinds]
        changed.append("message_kinds")
    if changed:
        installation.save(update_fields=changed)
    return installation


def slack_uninstall(*, installation: SlackInstallation, actor: User) -> None:
    """Disconnect: nothing more is posted or answered; the token is revoked at Slack by the outbox (not on the
    admin's request) and then erased."""
    if not user_can_admin_team(user=actor, team=installation.team):
        raise PermissionDenied("Only the team's admins can remove the Slack app.")
    with transaction.atomic():
        installation.uninstalled_at = timezone.now()
        installation.save(update_fields=["uninstalled_at"])
        slack_message_queue(
            installation=installation,
            key=f"revoke:{installation.installed_at:%Y%m%dT%H%M%S%f}",
            method=SlackMessage.Method.REVOKE,
            arguments={},
        )


def slack_uninstalled_by_slack(*, workspace_id: str) -> int:
    """Slack says the app was removed or its tokens revoked (app_uninstalled, tokens_revoked): forget the token."""
    return SlackInstallation.objects.filter(workspace_id=workspace_id, uninstalled_at__isnull=True).update(
        uninstalled_at=timezone.now(), bot_token_encrypted=""
    )


def slack_installation_for_workspace(workspace_id: str) -> SlackInstallation | None:
    return (
        SlackInstallation.objects.filter(workspace_id=workspace_id, uninstalled_at__isnull=True)
        .exclude(bot_token_encrypted="")
        .select_related("team")
        .first()
    )
