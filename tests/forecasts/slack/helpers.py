"""A team with the Slack app installed against the stand-in, and Slack users linked to members."""

from django.utils import timezone

from tests.factories import TeamFactory, member
from tests.slack_standin import WORKSPACE
from tracker.accounts.models import Membership
from tracker.slack.models import SlackInstallation, SlackUserLink
from tracker.slack.secrets import token_encrypt


def installed_team(*, channel: str = "C0CHANNEL"):
    team = TeamFactory()
    admin = member(team, Membership.Role.ADMIN)
    installation = SlackInstallation.objects.create(
        team=team,
        workspace_id=WORKSPACE["id"],
        workspace_name=WORKSPACE["name"],
        bot_token_encrypted=token_encrypt("xoxb-" + WORKSPACE["id"]),
        channel_id=channel,
        channel_name="forecasting",
        message_kinds=list(SlackInstallation.MessageKind.values),
        installed_by=admin,
        installed_at=timezone.now(),
    )
    return team, admin, installation


def linked(user, slack_user_id: str) -> None:
    SlackUserLink.objects.create(user=user, workspace_id=WORKSPACE["id"], slack_user_id=slack_user_id)


def command(standin, text: str, *, user_id: str = "U1", trigger: str = "trig-1") -> dict:
    return {
        "team_id": WORKSPACE["id"],
        "user_id": user_id,
        "command": "/signpost",
        "text": text,
        "response_url": standin.response_url,
        "trigger_id": trigger,
    }
