"""/signpost from Slack, end to end against the stand-in: signed requests answered at once with the work queued, a
member forecasting (binary, multiple choice, numeric) and asking a quick question, `mine`, linking an account, and
the refusals. Replies reach Slack through the response_url, once, whatever retries happen."""

import json
import time

import pytest

from forecasts.models import Forecast
from forecasts.slack.incoming import slack_request_handle
from tests.factories import make_question, member
from tests.forecasts.slack.helpers import command, installed_team, linked
from tests.slack_standin import signed_post
from tracker.models import Question
from tracker.slack.models import SlackMessage, SlackRequest, SlackUserLink

pytestmark = pytest.mark.django_db


def run(client, django_capture_on_commit_callbacks, standin, text, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_post(client, "/integrations/slack/commands/", form=command(standin, text, **kwargs))
    assert response.status_code == 200
    return response


def replies(standin) -> list[dict]:
    return [call.arguments for call in standin.calls_to("/hooks/reply")]


def test_a_linked_member_forecasts_with_a_slash_command(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, _ = installed_team()
    forecaster = member(team)
    linked(forecaster, "U1")
    question = make_question(team=team)
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {question.slug} 30%")
    forecast = Forecast.objects.get(user=forecaster, question=question)
    assert forecast.probability == pytest.approx(0.3)
    (reply,) = replies(slack)
    assert reply["response_type"] == "ephemeral"
    assert "Forecast saved" in json.dumps(reply["blocks"])
    assert "Community 30% (1 forecaster)" in json.dumps(reply["blocks"])


def test_a_question_link_as_slack_wraps_it_works_too(client, slack, celery_eager, django_capture_on_commit_callbacks):
    team, _, _ = installed_team()
    linked(member(team), "U1")
    question = make_question(team=team)
    link = f"<http://127.0.0.1:8000/questions/{question.slug}/|the question>"
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {link} 0.72")
    assert Forecast.objects.get(question=question).probability == pytest.approx(0.72)


def test_handling_a_request_twice_forecasts_and_answers_once(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, _ = installed_team()
    linked(member(team), "U1")
    question = make_question(team=team)
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {question.slug} 30%")
    request = SlackRequest.objects.get()
    assert request.state == SlackRequest.State.DONE
    SlackRequest.objects.filter(pk=request.pk).update(state=SlackRequest.State.PENDING)  # a retried task
    with django_capture_on_commit_callbacks(execute=True):
        slack_request_handle(request_id=request.pk)
    assert Forecast.objects.filter(question=question).count() == 2  # the handler ran again: a new submission…
    assert len(replies(slack)) == 1  # …but the reply is keyed by the request: Slack hears once
    # Slack itself retrying the same command (same trigger id) stores nothing new.
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {question.slug} 30%")
    assert SlackRequest.objects.count() == 1


def test_multiple_choice_by_option_and_numeric_by_three_values(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, _ = installed_team()
    forecaster = member(team)
    linked(forecaster, "U1")
    choice = make_question(team=team, type=Question.Type.MULTIPLE_CHOICE, options=["Low", "Medium", "High"])
    numeric = make_question(team=team, type=Question.Type.NUMERIC, title="How many troops will be sent?")
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {choice.slug} medium 50%", trigger="t1")
    values = Forecast.objects.get(question=choice).probabilities
    assert values == pytest.approx([0.25, 0.5, 0.25])
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {choice.slug} high 40%", trigger="t2")
    # the others keep their proportions (0.25 : 0.5) within what is left
    latest = Forecast.objects.filter(question=choice).order_by("-created_at", "-id").first()
    assert latest.probabilities == pytest.approx([0.2, 0.4, 0.4])
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {numeric.slug} 2000 3000 4500", trigger="t3")
    assert len(Forecast.objects.get(question=numeric).probabilities) == 201


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("forecast {slug} 130%", "between 0% and 100%"),
        ("forecast {slug} lots", "is not a probability"),
        ("forecast no-such-question 30%", "No question"),
        ("forecast {slug} 0.01%", "between 0.001 and 0.999"),
    ],
)
def test_a_bad_forecast_is_answered_with_the_reason_and_saves_nothing(
    client, slack, celery_eager, django_capture_on_commit_callbacks, text, reason
):
    team, _, _ = installed_team()
    linked(member(team), "U1")
    question = make_question(team=team)
    run(client, django_capture_on_commit_callbacks, slack, text.format(slug=question.slug))
    assert not Forecast.objects.exists()
    (reply,) = replies(slack)
    assert reason in reply["text"]


def test_another_teams_private_question_is_not_found(client, slack, celery_eager, django_capture_on_commit_callbacks):
    team, _, _ = installed_team()
    linked(member(team), "U1")
    from tests.factories import TeamFactory

    secret = make_question(team=TeamFactory(), visibility=Question.Visibility.TEAM, title="Will the secret hold?")
    run(client, django_capture_on_commit_callbacks, slack, f"forecast {secret.slug} 30%")
    assert not Forecast.objects.exists()
    (reply,) = replies(slack)
    assert "No question" in reply["text"]
    assert "secret" not in reply["text"].replace(secret.slug, "")


def test_an_unlinked_slack_user_gets_a_one_time_link_that_links_a_member(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, _ = installed_team()
    forecaster = member(team)
    run(client, django_capture_on_commit_callbacks, slack, "mine", user_id="U9")
    (reply,) = replies(slack)
    link = reply["text"].split("<", 1)[1].split("|", 1)[0]
    path = link.removeprefix("http://127.0.0.1:8000")
    client.force_login(forecaster)
    assert client.get(path).status_code == 200  # a confirmation: nothing is linked by a GET
    assert not SlackUserLink.objects.exists()
    assert client.post(path).status_code == 302
    assert SlackUserLink.objects.get().user == forecaster
    again = client.post(path)
    assert again.status_code == 400  # works once
    assert "already used" in again.content.decode()


def test_a_link_code_does_not_link_someone_outside_the_team(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    from tests.factories import TeamFactory

    installed_team()
    outsider = member(TeamFactory())
    run(client, django_capture_on_commit_callbacks, slack, "link", user_id="U9")
    link = replies(slack)[0]["text"].split("<", 1)[1].split("|", 1)[0].removeprefix("http://127.0.0.1:8000")
    client.force_login(outsider)
    response = client.post(link)
    assert response.status_code == 400
    assert "Only members" in response.content.decode()
    assert not SlackUserLink.objects.exists()


def test_a_member_asks_a_quick_question_that_the_channel_hears_of(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    team, _, _ = installed_team()
    asker = member(team)
    asker.time_zone = "Asia/Seoul"
    asker.save()
    linked(asker, "U1")
    run(client, django_capture_on_commit_callbacks, slack, "ask Will Seoul send observers to Ukraine by 30 June 2027")
    question = Question.objects.get()
    assert question.title == "Will Seoul send observers to Ukraine?"
    assert question.quick
    assert question.team == team
    assert question.visibility == Question.Visibility.TEAM
    assert question.status == Question.Status.OPEN
    assert question.created_by == asker
    # the end of 30 June in the asker's zone (KST, UTC+9)
    assert question.scheduled_close_at.isoformat() == "2027-06-30T14:59:00+00:00"
    (reply,) = replies(slack)
    assert reply["response_type"] == "in_channel"
    (posted,) = slack.calls_to("chat.postMessage")
    assert posted.arguments["channel"] == "C0CHANNEL"
    assert "New quick question" in posted.arguments["text"]
    assert posted.token == "xoxb-T0TEAM"


def test_mine_lists_my_open_questions_closing_soonest_first(
    client, slack, celery_eager, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from forecasts.services.forecasting import forecast_submit

    team, _, _ = installed_team()
    forecaster = member(team)
    linked(forecaster, "U1")
    later = make_question(team=team, title="Will the later one happen?", closes_in=timedelta(days=40))
    sooner = make_question(team=team, title="Will the sooner one happen?", closes_in=timedelta(days=5))
    make_question(team=team, title="Will the unforecast one happen?")
    for question in (later, sooner):
        forecast_submit(user=forecaster, question=question, probability=0.4)
    run(client, django_capture_on_commit_callbacks, slack, "mine")
    text = json.dumps(replies(slack)[0]["blocks"])
    assert text.index("sooner one") < text.index("later one")
    assert "unforecast" not in text
    assert "yours 40%" in text


def test_help_is_answered_in_the_request_itself(client, slack):
    response = signed_post(client, "/integrations/slack/commands/", form=command(slack, "help"))
    assert response.status_code == 200
    assert "/signpost forecast" in response.json()["text"]
    assert slack.calls == []


def test_the_answer_never_waits_for_slack(client, slack, django_capture_on_commit_callbacks):
    """The work is queued: even with Slack hanging, the command's answer is immediate and calls nobody."""
    team, _, _ = installed_team()
    linked(member(team), "U1")
    slack.misbehave["/hooks/reply"] = ("", 5.0)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = signed_post(client, "/integrations/slack/commands/", form=command(slack, "mine"))
    assert response.status_code == 200
    assert response.content == b""
    assert time.monotonic() - started < 2
    assert slack.calls == []
    assert len(queued) == 1
    assert SlackRequest.objects.get().state == SlackRequest.State.PENDING
    assert not SlackMessage.objects.exists()
