"""What Slack shows of a question: unfurls (only what the person who shared the link may see, and never a number
the channel may not see), the forecast field and buttons of a message, and the team channel's messages
(resolutions with the team's best scores, big crowd moves, evidence proposals), each switchable."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from forecasts.models import Forecast
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, make_question, member
from tests.forecasts.slack.helpers import installed_team, linked
from tests.slack_standin import WORKSPACE, signed_post
from tracker.models import Question
from tracker.questions.services.lifecycle import question_close, question_resolve
from tracker.slack.models import SlackInstallation

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"


def share(client, capture, links, *, user="U1", event_id="Ev1"):
    body = {
        "type": "event_callback",
        "team_id": WORKSPACE["id"],
        "event_id": event_id,
        "event": {
            "type": "link_shared",
            "channel": "C0CHANNEL",
            "user": user,
            "message_ts": "1700000000.000100",
            "links": [{"domain": "127.0.0.1", "url": url} for url in links],
        },
    }
    with capture(execute=True):
        assert signed_post(client, "/integrations/slack/events/", body=body).status_code == 200


def unfurled(standin) -> dict:
    calls = standin.calls_to("chat.unfurl")
    return calls[0].arguments["unfurls"] if calls else {}


def url(question) -> str:
    return SITE + question.get_absolute_url()


def test_an_unfurl_shows_what_the_sharer_may_see_and_no_more(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, _ = installed_team()
    sharer = member(team)
    linked(sharer, "U1")
    other_team = TeamFactory()
    both = member(other_team)
    team_question = make_question(team=team, visibility=Question.Visibility.TEAM, title="Will the team's own hold?")
    elsewhere = make_question(team=other_team, visibility=Question.Visibility.TEAM, title="Will the other team's hold?")
    public = make_question(title="Will the public one hold?")
    forecast_submit(user=member(team), question=public, probability=0.62)
    forecast_submit(user=member(team), question=team_question, probability=0.2)
    share(client, django_capture_on_commit_callbacks, [url(team_question), url(elsewhere), url(public)])
    shown = unfurled(slack)
    assert set(shown) == {url(team_question), url(public)}
    assert "Community 62% (1 forecaster)" in json.dumps(shown[url(public)])
    assert "Community 20%" in json.dumps(shown[url(team_question)])
    # A member of both teams shares the other team's private question in this team's workspace: nothing shows.
    from tracker.accounts.services import membership_set

    membership_set(team=team, user=both, role="forecaster")
    linked(both, "U2")
    slack.calls.clear()
    share(client, django_capture_on_commit_callbacks, [url(elsewhere)], user="U2", event_id="Ev2")
    assert unfurled(slack) == {}


def test_an_unlinked_person_unfurls_public_facts_only(client, slack, celery_eager, django_capture_on_commit_callbacks):
    team, _, _ = installed_team()
    team_question = make_question(team=team, visibility=Question.Visibility.TEAM)
    public = make_question(title="Will the public one hold?")
    share(client, django_capture_on_commit_callbacks, [url(team_question), url(public)], user="U-nobody")
    assert set(unfurled(slack)) == {url(public)}


def test_a_crowd_hidden_until_one_forecasts_is_never_in_an_unfurl(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, _ = installed_team()
    sharer = member(team)
    linked(sharer, "U1")
    hidden = make_question(team=team, hide_crowd_until_forecast=True)
    forecast_submit(user=sharer, question=hidden, probability=0.81)  # the sharer may see it; the channel may not
    share(client, django_capture_on_commit_callbacks, [url(hidden)])
    text = json.dumps(unfurled(slack)[url(hidden)])
    assert "81%" not in text
    assert "hidden until you forecast" in text


def test_links_to_other_sites_and_retried_events_unfurl_nothing_twice(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    installed_team()
    public = make_question()
    share(client, django_capture_on_commit_callbacks, ["https://elsewhere.example.com" + public.get_absolute_url()])
    assert slack.calls_to("chat.unfurl") == []
    share(client, django_capture_on_commit_callbacks, [url(public)], event_id="Ev9")
    share(client, django_capture_on_commit_callbacks, [url(public)], event_id="Ev9")  # Slack's retry
    assert len(slack.calls_to("chat.unfurl")) == 1


def interaction(question, action_id, value, *, block_prefix="forecast"):
    return {
        "payload": json.dumps(
            {
                "type": "block_actions",
                "team": {"id": WORKSPACE["id"]},
                "user": {"id": "U1"},
                "trigger_id": f"trigger-{action_id}-{value}",
                "response_url": "",
                "actions": [{"action_id": action_id, "block_id": f"{block_prefix}:{question.pk}", "value": value}],
            }
        )
    }


def test_forecasting_from_a_message_field_or_button(client, slack, celery_eager, django_capture_on_commit_callbacks):
    team, _, _ = installed_team()
    forecaster = member(team)
    linked(forecaster, "U1")
    question = make_question(team=team)
    for action_id, value, prefix in (("forecast_input", "35%", "forecast"), ("forecast_input_75", "75%", "quick")):
        form = interaction(question, action_id, value, block_prefix=prefix)
        payload = json.loads(form["payload"])
        payload["response_url"] = slack.response_url
        form["payload"] = json.dumps(payload)
        with django_capture_on_commit_callbacks(execute=True):
            assert signed_post(client, "/integrations/slack/interactions/", form=form).status_code == 200
    values = list(
        Forecast.objects.filter(question=question).order_by("created_at", "id").values_list("probability", flat=True)
    )
    assert values == pytest.approx([0.35, 0.75])
    assert len(slack.calls_to("/hooks/reply")) == 2


def test_a_new_question_message_offers_the_field_and_buttons(slack, celery_eager, django_capture_on_commit_callbacks):
    team, _, _ = installed_team()
    with django_capture_on_commit_callbacks(execute=True):
        question = make_question(team=team)
    (posted,) = slack.calls_to("chat.postMessage")
    blocks = posted.arguments["blocks"]
    assert any(block.get("block_id") == f"forecast:{question.pk}" and block["dispatch_action"] for block in blocks)
    assert [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]] == [
        "10%",
        "25%",
        "50%",
        "75%",
        "90%",
    ]


def test_the_channel_gets_the_resolution_with_the_teams_best_scores(
    slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, installation = installed_team()
    installation.message_kinds = [SlackInstallation.MessageKind.RESOLUTIONS]
    installation.save()
    start = timezone.now()
    question = make_question(team=team, opens_in=timedelta(days=-10), closes_in=timedelta(days=2))
    sharp, blunt = member(team, username="sharp"), member(team, username="blunt")
    outsider = member(TeamFactory(), username="outsider")
    with time_machine.travel(start - timedelta(days=9)):
        forecast_submit(user=sharp, question=question, probability=0.9)
        forecast_submit(user=blunt, question=question, probability=0.3)
    assert slack.calls == []  # new questions and forecasts are switched off for this team
    with django_capture_on_commit_callbacks(execute=True):
        question_close(question=question)
        question_resolve(question=Question.objects.get(pk=question.pk), outcome="yes", resolved_by=None)
    (posted,) = slack.calls_to("chat.postMessage")
    text = json.dumps(posted.arguments["blocks"])
    assert "Resolved Yes" in text
    assert text.index("sharp") < text.index("blunt")
    assert "outsider" not in text
    assert outsider  # a forecaster outside the team is never in the team's message


def test_a_big_move_of_the_crowd_is_posted_once_a_day(slack, celery_eager, django_capture_on_commit_callbacks):
    team, _, installation = installed_team()
    installation.message_kinds = [SlackInstallation.MessageKind.CROWD_MOVES]
    installation.save()
    question = make_question(team=team, opens_in=timedelta(days=-10))
    with time_machine.travel(timezone.now() - timedelta(days=3)):
        forecast_submit(user=member(team), question=question, probability=0.3)
    with django_capture_on_commit_callbacks(execute=True):
        forecast_submit(user=member(team), question=question, probability=0.32)  # a small move: nothing
        assert slack.calls == []
        for _ in range(3):
            forecast_submit(user=member(team), question=question, probability=0.9)
    (posted,) = slack.calls_to("chat.postMessage")
    assert "The community moved 30% →" in posted.arguments["text"]


def test_an_evidence_proposal_reaches_the_channel_for_curators(slack, celery_eager, django_capture_on_commit_callbacks):
    from tests.factories import SourceFactory
    from tracker.models import EvidenceProposal
    from tracker.webhooks.services.events import webhook_event_emit

    team, _, installation = installed_team()
    installation.message_kinds = [SlackInstallation.MessageKind.PROPOSALS]
    installation.save()
    question = make_question(team=team, title="Will Seoul send observers?")
    article = SourceFactory(team=team, title="Seoul weighs sending observers")
    proposal = EvidenceProposal.objects.create(
        team=team, question=question, article=article, quote="Seoul may send observers", confidence=0.8, reason="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # the monitor's event, emitted twice (a retried poll): one message
            webhook_event_emit(
                team_id=team.pk, event="evidence.proposed", key=f"evidence.proposed:proposal:{proposal.pk}", data=dict
            )
    (posted,) = slack.calls_to("chat.postMessage")
    text = json.dumps(posted.arguments["blocks"])
    assert "Seoul may send observers" in text
    assert "/inbox/" in text
