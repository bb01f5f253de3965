"""Reminders as Slack direct messages, beside in-app and email: to a linked member, per-kind preferences (the
reminders on by default), exactly once whatever the sweeps do."""

import pytest

from tests.factories import make_question, member
from tests.forecasts.slack.helpers import installed_team, linked
from tracker.models import Notification
from tracker.notifications.services.notifications import notification_preference_set, notification_send
from tracker.slack.models import SlackMessage
from tracker.slack.services.directs import slack_direct_messages_queue
from tracker.slack.tasks import sweep

pytestmark = pytest.mark.django_db


def quiet_team():
    """A team with the app installed and every team-channel message off: only direct messages are posted."""
    team, _, installation = installed_team()
    installation.message_kinds = []
    installation.save()
    return team


def remind(user, question, kind=Notification.Kind.CLOSING_SOON, window="48h"):
    notification, _ = notification_send(
        recipient=user,
        kind=kind,
        subject=f"question:{question.pk}",
        window=window,
        title=f"Closing soon: {question.title}",
        body="It closes in two days; your forecast is a month old.",
        url=question.get_absolute_url(),
        question=question,
    )
    return notification


def test_a_linked_member_gets_the_reminder_as_a_direct_message_once(
    slack, celery_eager, django_capture_on_commit_callbacks
):
    team = quiet_team()
    forecaster = member(team)
    linked(forecaster, "U7")
    question = make_question(team=team)
    with django_capture_on_commit_callbacks(execute=True):
        notification = remind(forecaster, question)
    (dm,) = slack.calls_to("chat.postMessage")
    assert dm.arguments["channel"] == "U7"
    assert "Closing soon" in dm.arguments["text"]
    assert dm.arguments["blocks"][1]["elements"][0]["url"].endswith(question.get_absolute_url())
    notification.refresh_from_db()
    assert notification.slack_state == Notification.SlackState.QUEUED
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
        sweep()
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_unlinked_people_and_kinds_turned_off_get_no_direct_message(
    slack, celery_eager, django_capture_on_commit_callbacks
):
    team = quiet_team()
    unlinked, quiet = member(team), member(team)
    linked(quiet, "U8")
    notification_preference_set(user=quiet, kind=Notification.Kind.CLOSING_SOON, slack=False)
    question = make_question(team=team)
    with django_capture_on_commit_callbacks(execute=True):
        first, second = remind(unlinked, question), remind(quiet, question)
        comment = remind(quiet, question, kind=Notification.Kind.COMMENT, window="c1")  # off by default
    assert slack.calls_to("chat.postMessage") == []
    states = {n.pk: n.slack_state for n in Notification.objects.all()}
    assert states == {
        first.pk: Notification.SlackState.SKIPPED,  # no linked Slack account: found by the sweep
        second.pk: Notification.SlackState.SKIPPED,  # turned off: never pending
        comment.pk: Notification.SlackState.SKIPPED,
    }
    assert slack_direct_messages_queue() == 0
    assert not SlackMessage.objects.exists()


def test_without_the_slack_app_nothing_waits_for_slack(settings):
    settings.SIGNPOST_SLACK_CLIENT_ID = ""
    team, _, _ = installed_team()
    notification = remind(member(team), make_question(team=team))
    assert notification.slack_state == Notification.SlackState.SKIPPED


def test_the_settings_page_and_the_api_set_the_slack_preference(client, slack):
    user = member(installed_team()[0])
    client.force_login(user)
    page = client.get("/notifications/settings/")
    assert "Slack direct message" in page.content.decode()
    api = client.put(
        "/api/v1/notifications/preferences/",
        [{"kind": "closing_soon", "in_app": True, "email": "digest", "slack": False}],
        content_type="application/json",
    )
    assert api.status_code == 200
    row = next(row for row in api.json() if row["kind"] == "closing_soon")
    assert row["slack"] is False
    assert next(row for row in api.json() if row["kind"] == "due_for_resolution")["slack"] is True
