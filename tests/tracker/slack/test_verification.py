"""Every request to /integrations/slack/… must carry Slack's signature over its body, made within five minutes."""

import time

import pytest

from tests.forecasts.slack.helpers import command
from tests.slack_standin import signed_post
from tracker.slack.models import SlackRequest

pytestmark = pytest.mark.django_db
PATHS = ["/integrations/slack/commands/", "/integrations/slack/interactions/", "/integrations/slack/events/"]


def test_the_url_verification_challenge_is_answered(client, slack):
    response = signed_post(
        client, "/integrations/slack/events/", body={"type": "url_verification", "challenge": "c-123"}
    )
    assert response.json() == {"challenge": "c-123"}


@pytest.mark.parametrize("path", PATHS)
def test_unsigned_badly_signed_and_replayed_requests_are_refused(client, slack, path):
    form = command(slack, "mine")
    assert client.post(path, form).status_code == 401
    assert signed_post(client, path, form=form, secret="another-secret").status_code == 401
    assert signed_post(client, path, form=form, at=time.time() - 6 * 60).status_code == 401  # replayed later
    assert signed_post(client, path, form=form, at=time.time() + 6 * 60).status_code == 401
    assert not SlackRequest.objects.exists()


def test_a_request_within_the_window_is_accepted(client, slack):
    response = signed_post(client, PATHS[0], form=command(slack, "mine"), at=time.time() - 4 * 60)
    assert response.status_code == 200
    assert SlackRequest.objects.count() == 1


def test_without_the_app_configured_the_addresses_are_not_there(client, settings):
    settings.SIGNPOST_SLACK_SIGNING_SECRET = ""
    for path in PATHS:
        assert client.post(path, {}).status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [("/integrations/slack/events/", b"not json"), ("/integrations/slack/interactions/", b"payload=%7Bbroken")],
)
def test_a_signed_but_malformed_body_is_a_400_not_a_500(client, slack, path, body):
    from tests.slack_standin import signature

    now = int(time.time())
    response = client.generic(
        "POST",
        path,
        body,
        content_type="application/x-www-form-urlencoded" if b"=" in body else "application/json",
        HTTP_X_SLACK_REQUEST_TIMESTAMP=str(now),
        HTTP_X_SLACK_SIGNATURE=signature(body, now),
    )
    assert response.status_code == 400
