"""Installing the Slack app for a team through Slack's OAuth v2 flow (against the stand-in), its settings, and its
removal, by Signpost's admin or from Slack's side; the bot token is only ever stored encrypted."""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import TeamFactory, member
from tests.forecasts.slack.helpers import installed_team
from tests.slack_standin import CLIENT_ID, CLIENT_SECRET, WORKSPACE, signed_post
from tracker.accounts.models import Membership
from tracker.slack.models import SlackInstallation, SlackMessage
from tracker.slack.secrets import token_decrypt

pytestmark = pytest.mark.django_db


def start_install(client, team):
    response = client.post(f"/settings/slack/install/{team.slug}/")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    return response["Location"], query


def test_a_team_admin_installs_the_app(client, slack):
    team = TeamFactory()
    admin = member(team, Membership.Role.ADMIN)
    client.force_login(admin)
    location, query = start_install(client, team)
    assert location.startswith("https://slack.example.com/oauth/v2/authorize?")
    assert query["client_id"] == [CLIENT_ID]
    assert {"commands", "chat:write", "links:read", "links:write", "incoming-webhook"} <= set(
        query["scope"][0].split(",")
    )
    slack.grant("code-1")
    response = client.get("/settings/slack/callback/", {"code": "code-1", "state": query["state"][0]})
    assert response.status_code == 302
    installation = SlackInstallation.objects.get(team=team)
    assert (installation.workspace_id, installation.channel_id, installation.channel_name) == (
        WORKSPACE["id"],
        "C0CHANNEL",
        "forecasting",
    )
    assert "xoxb" not in installation.bot_token_encrypted  # encrypted at rest
    assert token_decrypt(installation.bot_token_encrypted) == "xoxb-T0TEAM"
    (exchange,) = slack.calls_to("oauth.v2.access")
    assert base64.b64decode(exchange.token.removeprefix("Basic ")).decode() == f"{CLIENT_ID}:{CLIENT_SECRET}"
    assert exchange.arguments["code"] == "code-1"
    page = client.get("/settings/slack/").content.decode()
    assert "Connected" in page
    assert "#forecasting" in page


def test_only_a_team_admin_may_install_and_the_state_is_bound_to_them(client, slack):
    team = TeamFactory()
    client.force_login(member(team, Membership.Role.CURATOR))
    assert client.post(f"/settings/slack/install/{team.slug}/").status_code == 403
    admin, other_admin = member(team, Membership.Role.ADMIN), member(team, Membership.Role.ADMIN)
    client.force_login(admin)
    _, query = start_install(client, team)
    slack.grant("code-2")
    client.force_login(other_admin)  # another person (and browser session) brings the state back
    response = client.get("/settings/slack/callback/", {"code": "code-2", "state": query["state"][0]}, follow=True)
    assert "started by someone else" in response.content.decode()
    assert not SlackInstallation.objects.exists()
    assert slack.calls == []  # the code was never exchanged


def test_slack_refusing_the_code_or_a_workspace_taken_by_another_team_is_a_message(client, slack):
    installed_team()  # the workspace already serves a team
    team = TeamFactory()
    client.force_login(member(team, Membership.Role.ADMIN))
    _, query = start_install(client, team)
    response = client.get("/settings/slack/callback/", {"code": "unknown", "state": query["state"][0]}, follow=True)
    assert "Slack refused the install: invalid_code" in response.content.decode()
    _, query = start_install(client, team)
    slack.grant("code-3")
    response = client.get("/settings/slack/callback/", {"code": "code-3", "state": query["state"][0]}, follow=True)
    assert "already connected to another Signpost team" in response.content.decode()
    assert SlackInstallation.objects.count() == 1


def test_settings_choose_the_channel_and_kinds_and_reject_a_bad_channel(client, slack):
    team, admin, installation = installed_team()
    client.force_login(admin)
    client.post("/settings/slack/", {"team": team.pk, "channel_id": "C0OTHER", "message_kinds": ["resolutions"]})
    installation.refresh_from_db()
    assert (installation.channel_id, installation.message_kinds) == ("C0OTHER", ["resolutions"])
    response = client.post("/settings/slack/", {"team": team.pk, "channel_id": "#general"}, follow=True)
    assert "starts with C or G" in response.content.decode()
    installation.refresh_from_db()
    assert installation.channel_id == "C0OTHER"
    outsider = member(TeamFactory(), Membership.Role.ADMIN)
    client.force_login(outsider)
    assert client.post("/settings/slack/", {"team": team.pk, "channel_id": "C0X"}).status_code == 404


def test_removing_the_app_revokes_the_token_through_the_outbox(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, admin, installation = installed_team()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/settings/slack/", {"team": team.pk, "action": "uninstall"})
    installation.refresh_from_db()
    assert installation.uninstalled_at is not None
    assert installation.bot_token_encrypted == ""
    (revoke,) = slack.calls_to("auth.revoke")
    assert revoke.token == "xoxb-T0TEAM"
    assert SlackMessage.objects.get().state == SlackMessage.State.SENT


def test_slack_saying_the_app_was_removed_forgets_the_token(client, slack):
    _, _, installation = installed_team()
    body = {
        "type": "event_callback",
        "team_id": WORKSPACE["id"],
        "event_id": "Ev5",
        "event": {"type": "app_uninstalled"},
    }
    assert signed_post(client, "/integrations/slack/events/", body=body).status_code == 200
    installation.refresh_from_db()
    assert installation.bot_token_encrypted == ""
    assert not installation.is_active


def test_a_mangled_form_is_refused_without_an_error_page(client, slack):
    _, admin, installation = installed_team()
    client.force_login(admin)
    assert client.post("/settings/slack/", {"team": "not-a-number", "channel_id": "C0X"}).status_code == 404
    assert client.post("/settings/slack/", {"unlink": "'; drop"}, follow=True).status_code == 200
    installation.refresh_from_db()
    assert installation.channel_id == "C0CHANNEL"


def test_slack_not_answering_the_install_is_a_message_and_installs_nothing(client, slack):
    team = TeamFactory()
    client.force_login(member(team, Membership.Role.ADMIN))
    _, query = start_install(client, team)
    slack.grant("code-slow")
    slack.misbehave["oauth.v2.access"] = ("", 3.0)  # longer than SIGNPOST_SLACK_TIMEOUT
    response = client.get("/settings/slack/callback/", {"code": "code-slow", "state": query["state"][0]}, follow=True)
    assert response.status_code == 200
    assert "Slack could not be reached" in response.content.decode()
    assert not SlackInstallation.objects.exists()
