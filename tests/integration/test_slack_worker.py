"""The Slack app with real processes: a signed slash command is stored by the web request, handled by a real worker
(the forecast saved), and its reply reaches the (stand-in) Slack through the outbound queue, once, even when the
task is queued again."""

import pytest

from forecasts.models import Forecast
from tests.factories import make_question, member
from tests.forecasts.slack.helpers import command, installed_team, linked
from tests.integration.conftest import new_queue, routed_to, start_worker, stop_worker, wait_for, wait_until_answering
from tests.slack_standin import CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET, signed_post, start_standin
from tracker.ops.jobs import enqueue
from tracker.slack.models import SlackRequest

pytestmark = pytest.mark.integration


def test_a_real_worker_handles_a_slash_command_and_answers_once(transactional_db, tmp_path, settings, client):
    standin, server = start_standin()
    slack_settings = {
        "SIGNPOST_SLACK_CLIENT_ID": CLIENT_ID,
        "SIGNPOST_SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SIGNPOST_SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SIGNPOST_SLACK_API_URL": standin.api_url,
        "SIGNPOST_SLACK_TIMEOUT": "5",
    }
    for name, value in slack_settings.items():
        setattr(settings, name, float(value) if name.endswith("TIMEOUT") else value)
    queue, log = new_queue(), tmp_path / "worker.log"
    try:
        with routed_to(queue):
            worker = start_worker(queue=queue, log_path=log, **slack_settings)
            try:
                wait_until_answering(log)
                team, _, _ = installed_team()
                forecaster = member(team)
                linked(forecaster, "U1")
                question = make_question(team=team)
                form = command(standin, f"forecast {question.slug} 30%")
                assert signed_post(client, "/integrations/slack/commands/", form=form).status_code == 200
                replied = lambda: standin.calls_to("/hooks/reply")  # noqa: E731
                assert wait_for(replied, timeout=60), log.read_text()[-3000:]
                assert Forecast.objects.get(user=forecaster, question=question).probability == pytest.approx(0.3)
                request = SlackRequest.objects.get()
                enqueue("forecasts.slack_handle_request", request.pk)  # a retried task
                assert wait_for(lambda: log.read_text().count("slack_handle_request[") >= 4, timeout=30)
            finally:
                stop_worker(worker)
    finally:
        server.shutdown()
    assert len(standin.calls_to("/hooks/reply")) == 1
    assert Forecast.objects.filter(question=question).count() == 1
    assert "Forecast saved" in str(standin.calls_to("/hooks/reply")[0].arguments)
