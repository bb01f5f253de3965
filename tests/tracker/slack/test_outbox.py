"""Messages to Slack are claimed, sent and marked one at a time: a message Slack refuses for good fails alone, a
Slack that does not answer costs its deadline and a later retry, a message is never posted twice, and a reply only
ever goes to Slack's own address."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.forecasts.slack.helpers import installed_team
from tracker.slack.models import SlackMessage
from tracker.slack.services.outbox import MAX_ATTEMPTS, slack_message_queue, slack_message_send, slack_messages_due

pytestmark = pytest.mark.django_db


def queue(installation, key, channel="C0CHANNEL"):
    return slack_message_queue(installation=installation, key=key, arguments={"channel": channel, "text": key})


def test_a_refused_message_fails_alone_and_the_next_is_sent(slack):
    _, _, installation = installed_team()
    bad, good = queue(installation, "bad", channel="C0GONE"), queue(installation, "good")
    slack.misbehave["chat.postMessage"] = ("channel_not_found", 0.0)
    assert slack_message_send(message_id=bad.pk) == SlackMessage.State.FAILED
    slack.misbehave.clear()
    assert slack_message_send(message_id=good.pk) == SlackMessage.State.SENT
    bad.refresh_from_db()
    assert bad.error == "Slack answered channel_not_found"
    assert bad.attempts == 1
    assert slack_messages_due() == []  # a permanent refusal is not retried


def test_a_slack_that_hangs_costs_the_deadline_then_a_retry(slack):
    _, _, installation = installed_team()
    message = queue(installation, "slow")
    slack.misbehave["chat.postMessage"] = ("", 3.0)
    started = time.monotonic()
    assert slack_message_send(message_id=message.pk) == SlackMessage.State.PENDING
    assert time.monotonic() - started < 2.5  # SIGNPOST_SLACK_TIMEOUT is 1 s in tests
    message.refresh_from_db()
    assert "1" in message.error
    assert message.next_attempt_at > timezone.now()
    assert slack_message_send(message_id=message.pk) is None  # not due yet
    slack.misbehave.clear()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert slack_messages_due() == [message.pk]
        assert slack_message_send(message_id=message.pk) == SlackMessage.State.SENT


def test_a_message_is_posted_once_and_its_key_makes_it_once(slack):
    _, _, installation = installed_team()
    message = queue(installation, "once")
    assert queue(installation, "once").pk == message.pk
    assert slack_message_send(message_id=message.pk) == SlackMessage.State.SENT
    assert slack_message_send(message_id=message.pk) is None
    assert len(slack.calls_to("chat.postMessage")) == 1


def test_retries_run_out(slack):
    _, _, installation = installed_team()
    message = queue(installation, "flaky")
    slack.misbehave["chat.postMessage"] = ("ratelimited", 0.0)
    now = timezone.now()
    states = []
    for attempt in range(MAX_ATTEMPTS):
        with time_machine.travel(now + timedelta(hours=attempt)):
            states.append(slack_message_send(message_id=message.pk))
    assert states == [SlackMessage.State.PENDING] * (MAX_ATTEMPTS - 1) + [SlackMessage.State.FAILED]


def test_a_reply_address_that_is_not_slacks_is_refused(slack):
    _, _, installation = installed_team()
    refused = slack_message_queue(
        installation=installation,
        key="reply:x",
        method=SlackMessage.Method.RESPOND,
        arguments={"response_url": "http://169.254.169.254/latest", "payload": {}},
    )
    assert refused is None
    assert not SlackMessage.objects.exists()


def test_health_reports_slack_work_no_worker_took_and_not_slacks_own_trouble(slack):
    from tracker.slack.health import undelivered_slack

    _, _, installation = installed_team()
    message = queue(installation, "waiting")
    now = timezone.now()
    assert undelivered_slack(now)["ok"] is True  # just queued
    late = now + timedelta(minutes=20)  # past SIGNPOST_UNDELIVERED_MAX_AGE (15 min): no worker is sending
    report = undelivered_slack(late)
    assert report["ok"] is False
    assert report["oldest_due_age_seconds"] >= 20 * 60
    slack.misbehave["chat.postMessage"] = ("ratelimited", 0.0)
    slack_message_send(message_id=message.pk)  # tried and backing off: Slack's trouble, not a stuck queue
    report = undelivered_slack(timezone.now() + timedelta(seconds=30))
    assert report["ok"] is True
    assert report["retrying"] == 1
    # …until its retry is due and nobody takes it for longer than allowed.
    assert undelivered_slack(timezone.now() + timedelta(minutes=20))["ok"] is False
