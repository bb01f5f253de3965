"""Every list page and endpoint runs a pinned number of queries, the same for a small world and a world four times
larger: an N+1 added anywhere fails here (and a deliberate change of the count is a one-line edit below)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from forecasts.services.community import community_forecast_update
from forecasts.services.discussion import comment_create
from forecasts.services.forecasting import forecast_submit
from forecasts.services.scores import question_score
from tests.factories import SourceFactory, TeamFactory, make_question, member
from tracker.accounts.tokens import api_token_create
from tracker.curation.services import suggestions_refresh
from tracker.models import Membership, Notification, Source
from tracker.monitor.models import ArticleAddress, EvidenceProposal, NewsSource
from tracker.notifications.services.notifications import notification_send
from tracker.questions.services.clarifications import clarification_add
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.lifecycle import question_resolve
from tracker.resolution.services.proposals import proposal_create, proposal_hint
from tracker.scenarios.services.scenarios import scenario_create
from tracker.webhooks.services.events import webhook_event_emit
from tracker.webhooks.services.webhooks import webhook_create

pytestmark = pytest.mark.django_db

ARTICLE = " ".join(f"Analysts expect the council to adopt sanctions package {n} by March 2027." for n in range(40))


@override_settings(SIGNPOST_COMMENT_RATE_COUNT=10_000)  # the reader replies size² times in a moment
def build(size: int) -> dict:
    """A team with a reader (its admin, who also forecasts), `size` of everything a list shows."""
    team = TeamFactory(slug="desk")
    reader = member(team, Membership.Role.ADMIN, username="reader")
    others = [member(team, username=f"other{n}") for n in range(size)]
    scenario = scenario_create(title="Escalation", tags=["korea"])
    webhook = webhook_create(team=team, url="https://hooks.example.org/signpost")
    questions = []
    for n in range(size):
        question = make_question(
            team=team,
            scenario=scenario,
            tags=["korea", f"tag-{n}"],
            title=f"Will package {n} pass?",
            visibility="team" if n % 2 else "public",
            hide_crowd_until_forecast=n % 3 == 0,
            type="multiple_choice" if n % 4 == 1 else "binary",
        )
        values = {"probabilities": [0.2, 0.3, 0.5]} if question.type == "multiple_choice" else {"probability": 0.4}
        for user in (reader, *others[:3]):
            forecast_submit(user=user, question=question, rationale=f"Because {n}.", **values)
        report = evidence_add(question=question, title=f"Report {n}", url=f"https://example.org/{n}", added_by=reader)
        community_forecast_update(question_id=question.pk)
        proposal_create(
            question=question,
            proposed_by=others[0],
            outcome="yes" if question.type == "binary" else "Low",
            evidence_url="https://example.org/p",
        )
        clarification_add(question=question, curator=reader, text=f"Clarified {n}.")
        for k in range(size):  # a discussion as long as everything else: threads with a reply, citing evidence
            thread = comment_create(
                author=others[k], question=question, body=f"Comment {k} on @reader's {n}.", evidence_ids=[report.pk]
            )
            comment_create(author=reader, question=question, body=f"Reply {k}.", parent=thread, audience="team")
        notification_send(
            recipient=reader,
            kind=Notification.Kind.CLOSING_SOON,
            subject=f"question:{question.pk}",
            window="closing",
            title=f"Closing {n}",
            body="Soon.",
            question=question,
        )
        webhook_event_emit(team_id=team.pk, event="question.opened", key=f"opened:{n}", data=lambda: {"n": 1})
        api_token_create(user=reader, name=f"bot {n}")
        questions.append(question)
    resolved = make_question(team=team, scenario=scenario, title="Resolved one", closes_in=timedelta(days=5))
    for user in (reader, *others):
        forecast_submit(user=user, question=resolved, probability=0.7)
    question_resolve(question=resolved, outcome="yes", resolved_by=reader)
    question_score(question_id=resolved.pk)
    source = SourceFactory(slug="article", text=ARTICLE[: 75 * size])
    suggestions_refresh(source=source)
    for n in range(size):  # what the story monitor brought: a source, its article, a proposal and a hint each
        news = NewsSource.objects.create(team=team, url=f"https://news.example.org/{n}.xml", added_by=reader)
        article = Source.objects.create(team=team, slug=f"news-{n}", title=f"News {n}", text=ARTICLE[:300])
        ArticleAddress.objects.create(
            article=article, team=team, url=f"https://news.example.org/a/{n}", news_source=news
        )
        for state in ("pending", "accepted"):
            EvidenceProposal.objects.create(
                team=team, question=questions[n] if state == "pending" else resolved, article=article, quote="Q.",
                confidence=0.7, reason="shares", state=state, decided_by=reader if state == "accepted" else None,
            )  # fmt: skip
        if questions[n].type == "binary":
            proposal_hint(
                question=questions[n], article_id=article.pk, url=f"https://news.example.org/a/{n}", quote="Q."
            )
    return {"reader": reader, "question": questions[0], "scenario": scenario, "webhook": webhook, "source": source}


def pages(world) -> dict[str, str]:
    question, scenario = world["question"], world["scenario"]
    return {
        "dashboard": "/",
        "scenarios": "/scenarios/",
        "scenario": f"/scenarios/{scenario.slug}/",
        "questions": "/questions/",
        "question": f"/questions/{question.slug}/",
        "leaderboard": "/leaderboard/",
        "track record": "/track-record/",
        "notifications": "/notifications/",
        "article": f"/articles/{world['source'].slug}/",
        "tokens": "/settings/tokens/",
        "webhooks": "/settings/webhooks/",
        "news sources": "/settings/sources/",
        "inbox": "/inbox/",
    }


def endpoints(world) -> dict[str, str]:
    q = world["question"].pk
    return {
        "api scenarios": "/api/v1/scenarios/",
        "api questions": "/api/v1/questions/",
        "api question": f"/api/v1/questions/{q}/",
        "api evidence": f"/api/v1/questions/{q}/evidence/",
        "api comments": f"/api/v1/questions/{q}/comments/",
        "api forecasts": f"/api/v1/questions/{q}/forecasts/",
        "api proposals": f"/api/v1/questions/{q}/proposals/",
        "api clarifications": f"/api/v1/questions/{q}/clarifications/",
        "api community": f"/api/v1/questions/{q}/community/",
        "api my forecasts": "/api/v1/forecasts/mine/",
        "api scores": "/api/v1/scores/",
        "api leaderboards": "/api/v1/leaderboards/",
        "api calibration": "/api/v1/calibration/",
        "api export": "/api/v1/export/",
        "api notifications": "/api/v1/notifications/",
        "api preferences": "/api/v1/notifications/preferences/",
        "api webhooks": "/api/v1/webhooks/",
        "api deliveries": f"/api/v1/webhooks/{world['webhook'].pk}/deliveries/",
        "api tokens": "/api/v1/tokens/",
        "api news sources": "/api/v1/sources/",
        "api evidence proposals": "/api/v1/evidence-proposals/",
        "api decided proposals": "/api/v1/evidence-proposals/?state=accepted",
        "api articles": "/api/v1/articles/",
    }


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def measure(client, size: int) -> dict[str, int]:
    world = build(size)
    client.force_login(world["reader"])
    return {name: count(client, url) for name, url in {**pages(world), **endpoints(world)}.items()}


# Signed in as a team admin who forecasts (the reader who sees the most: team questions, curation, settings).
PINNED = {
    "dashboard": 14,
    "scenarios": 7,
    "scenario": 16,
    "questions": 13,
    "question": 26,
    "leaderboard": 10,
    "track record": 8,
    "notifications": 5,
    "article": 8,
    "tokens": 4,
    "webhooks": 7,
    "api scenarios": 6,
    "api questions": 8,
    "api question": 10,
    "api evidence": 7,
    "api comments": 10,
    "api forecasts": 7,
    "api proposals": 7,
    "api clarifications": 7,
    "api community": 9,
    "api my forecasts": 4,
    "api scores": 4,
    "api leaderboards": 5,
    "api calibration": 5,
    "api export": 6,
    "api notifications": 5,
    "api preferences": 3,
    "api webhooks": 4,
    "api deliveries": 6,
    "api tokens": 4,
    "news sources": 7,
    "inbox": 7,
    "api news sources": 4,
    "api evidence proposals": 4,
    "api decided proposals": 4,
    "api articles": 5,
}


@pytest.mark.parametrize("size", [2, 8])
def test_every_list_page_and_endpoint_runs_its_pinned_number_of_queries(client, size):
    measured = measure(client, size)
    assert measured.keys() == PINNED.keys()
    different = {name: (measured[name], PINNED[name]) for name in PINNED if measured[name] != PINNED[name]}
    assert different == {}, f"(measured, pinned) at size {size}: {different}"
