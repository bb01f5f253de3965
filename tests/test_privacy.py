"""An outsider learns nothing about a team's private numbers, not even indirectly.

A team forecasts on a team-only question, on a public question that hides its crowd (a signpost of a public
scenario the outsiders follow) and on public questions linked to the private one. Every page, endpoint, export and
notification an outsider can read is captured; then the team forecasts more, the hidden crowd moves past the
signpost's threshold, and the private question resolves and is scored. Captured again, everything an outsider sees
is byte for byte the same: anonymous readers, a forecaster and a curator of another team, and a staff account.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from forecasts.selectors.coherence import coherence_violations
from forecasts.services.catch_up import engine_catch_up
from forecasts.services.forecasting import forecast_submit
from tests.factories import SourceFactory, TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, Notification, Question, ScenarioFlag, WebhookDelivery
from tracker.questions.services.lifecycle import question_resolve
from tracker.questions.services.questions import question_link_create
from tracker.scenarios.services.scenarios import scenario_create
from tracker.scenarios.services.signposts import scenario_follow, signpost_add
from tracker.webhooks.services.webhooks import webhook_create

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


def world():
    team, elsewhere = TeamFactory(slug="desk"), TeamFactory(slug="elsewhere")
    curator = member(team, Membership.Role.CURATOR, username="cora")
    insiders = [member(team, username=f"insider{n}") for n in range(4)]
    outsiders = {
        "anonymous": None,
        "other forecaster": member(elsewhere, username="olive"),
        "other curator": member(elsewhere, Membership.Role.CURATOR, username="oscar"),
        "staff": UserFactory(username="sam", is_staff=True),
    }
    webhook_create(team=elsewhere, url="https://hooks.example.org/elsewhere")
    public_scenario = scenario_create(title="Escalation", tags=["korea"])
    private = make_question(team=team, visibility="team", title="Will the private matter happen?", scenario=None)
    settled = make_question(team=team, visibility="team", title="Will the private one settle?")
    later = make_question(team=team, title="Will the public twin happen?", closes_in=timedelta(days=40))
    question_link_create(kind="later_deadline", question=private, related=later)
    hidden = make_question(team=team, title="Will the hidden crowd move?", scenario=public_scenario)
    Question.objects.filter(pk=hidden.pk).update(hide_crowd_until_forecast=True)
    hidden.refresh_from_db()
    resolved = make_question(team=team, title="Was the public one yes?", closes_in=timedelta(days=2))
    for user in insiders:
        for question in (private, settled, hidden, resolved):
            forecast_submit(user=user, question=question, probability=0.3, rationale="Insider view.")
        forecast_submit(user=user, question=later, probability=0.5)
    question_resolve(question=resolved, outcome="yes", resolved_by=curator)
    signpost_add(scenario=public_scenario, question=hidden, direction="yes_more_likely", actor=None, threshold=0.1)
    engine_catch_up()
    for user in outsiders.values():
        if user is not None:
            scenario_follow(scenario=public_scenario, user=user)
    SourceFactory(slug="article")
    return {
        "team": team,
        "curator": curator,
        "insiders": insiders,
        "outsiders": outsiders,
        "private": private,
        "settled": settled,
        "later": later,
        "hidden": hidden,
        "resolved": resolved,
        "scenario": public_scenario,
    }


def urls(w) -> list[str]:
    later, hidden, resolved, insider = w["later"], w["hidden"], w["resolved"], w["insiders"][0].username
    pages = [
        "/",
        "/scenarios/",
        f"/scenarios/{w['scenario'].slug}/",
        "/questions/",
        "/questions/?status=resolved",
        f"/questions/{later.slug}/",
        f"/questions/{hidden.slug}/",
        f"/questions/{resolved.slug}/",
        "/leaderboard/",
        "/leaderboard/?rule=global",
        "/leaderboard/?rule=relative_brier",
        "/track-record/",
        "/notifications/",
        "/articles/article/",
    ]
    api = [
        "/api/v1/scenarios/",
        "/api/v1/questions/",
        f"/api/v1/questions/{later.pk}/",
        f"/api/v1/questions/{hidden.pk}/",
        f"/api/v1/questions/{later.pk}/community/",
        f"/api/v1/questions/{hidden.pk}/community/",
        f"/api/v1/questions/{later.pk}/forecasts/",
        f"/api/v1/questions/{hidden.pk}/forecasts/",
        f"/api/v1/questions/{resolved.pk}/forecasts/",
        "/api/v1/forecasts/mine/",
        "/api/v1/scores/",
        f"/api/v1/scores/?user={insider}",
        "/api/v1/leaderboards/",
        "/api/v1/leaderboards/?rule=relative_brier",
        f"/api/v1/calibration/?user={insider}",
        "/api/v1/calibration/?for_team=desk",
        "/api/v1/export/",
        "/api/v1/export/?format=csv",
        "/api/v1/notifications/",
    ]
    return pages + api


VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
    re.compile(r'csrftoken[^;"]*'),
    re.compile(r'"X-CSRFToken": "[^"]+"'),
]


def capture(w) -> dict:
    seen = {}
    for role, user in w["outsiders"].items():
        web, api = APIClient(), APIClient()
        if user is not None:
            web.force_login(user)
            api.force_authenticate(user)
        for url in urls(w):
            response = (api if url.startswith("/api/") else web).get(url)
            body = response.content.decode()
            for pattern in VOLATILE:
                body = pattern.sub("", body)
            seen[(role, url)] = (response.status_code, body)
        seen[(role, "notifications")] = (
            sorted(Notification.objects.filter(recipient=user).values_list("kind", "title", "body")) if user else []
        )
    seen["elsewhere webhooks"] = sorted(
        WebhookDelivery.objects.filter(webhook__team__slug="elsewhere").values_list("event", "body")
    )
    return seen


def test_an_outsider_sees_exactly_the_same_before_and_after_a_team_s_private_activity(settings):
    with time_machine.travel(NOW, tick=False):
        w = world()
        before = capture(w)
    # Private activity, an hour later: the hidden crowd moves past the signpost threshold, the private question moves
    # above its public twin (a coherence violation), and another private question resolves and is scored.
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        for user in w["insiders"]:
            forecast_submit(user=user, question=w["hidden"], probability=0.9, rationale="Moved.")
            forecast_submit(user=user, question=w["private"], probability=0.95, rationale="Sure now.")
            forecast_submit(user=user, question=w["settled"], probability=0.8)
        question_resolve(question=w["settled"], outcome="yes", resolved_by=w["curator"])
        engine_catch_up()
        # There was something to leak: a flag, a coherence violation, scores.
        assert ScenarioFlag.objects.filter(signpost__question=w["hidden"], kind="moved").exists()
        assert any(w["private"].pk in v.question_ids for v in coherence_violations())
        assert Question.objects.get(pk=w["settled"].pk).scores.exists()
    with time_machine.travel(NOW, tick=False):  # the same clock for the pages, so relative times read the same
        after = capture(w)
    changed = sorted(str(key) for key in before if before[key] != after[key])
    assert changed == [], changed
