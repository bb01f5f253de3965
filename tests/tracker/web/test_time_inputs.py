"""Every time a person types is read in their time zone, and its label says which (issue #28, 1): three fields
labelled "UTC" read the user's zone, so 23:00 typed became 14:00 UTC under a label promising 23:00 UTC. Each test
types a time as a curator in Asia/Seoul (UTC+9) and checks the label and what is stored."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.curation.services import article_import
from tracker.models import ClaimSuggestion, Membership, Question, Source
from tracker.resolution.services.proposals import proposal_create

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
ARTICLE = (
    "Seoul weighs its options.\nAnalysts expect that South Korea will send artillery shells to Ukraine by June 2030."
)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def seoul(client):
    team = TeamFactory(name="Korea desk")
    curator = member(team, Membership.Role.CURATOR, username="seoul-curator", time_zone="Asia/Seoul")
    client.force_login(curator)
    return curator, team


def _label(page: str, field_id: str) -> str:
    return re.search(rf'<label for="{field_id}">([^<]*?):?</label>', page).group(1)


def test_a_claims_close_date_on_the_article_page(client, seoul):
    curator, team = seoul
    source, _ = article_import(title="Seoul weighs", content=ARTICLE, team=team, imported_by=curator)
    suggestion = ClaimSuggestion.objects.get(source=source)
    page = client.get(f"/articles/{source.slug}/").content.decode()
    assert "Closes (Asia/Seoul, optional)" in page
    assert "(UTC" not in page
    client.post(
        f"/suggestions/{suggestion.pk}/decide/",
        {"decision": "accept", "team": team.pk, "scheduled_close_at": "2027-06-01T23:00"},
    )
    question = Question.objects.get(origin_source=source)
    assert question.scheduled_close_at == datetime(2027, 6, 1, 14, 0, tzinfo=UTC)


def test_an_articles_publication_time_on_import(client, seoul):
    _, team = seoul
    page = client.get("/articles/import/").content.decode()
    assert _label(page, "id_published_at") == "Published (Asia/Seoul)"
    client.post(
        "/articles/import/",
        {"title": "Seoul weighs", "text": ARTICLE, "team": team.pk, "published_at": "2024-10-28 09:00"},
    )
    assert Source.objects.get().published_at == datetime(2024, 10, 28, 0, 0, tzinfo=UTC)


def test_a_retroactive_close_on_the_resolve_page_and_how_the_question_then_shows_it(client, seoul):
    _, team = seoul
    question = make_question(team=team, opens_in=timedelta(days=-30), closes_in=timedelta(days=30))
    forecast_submit(user=UserFactory(), question=question, probability=0.6)
    page = client.get(reverse("question-resolve", args=[question.slug])).content.decode()
    assert _label(page, "id_effective_close_at") == "Retroactive close (Asia/Seoul)"
    response = client.post(
        reverse("question-resolve", args=[question.slug]),
        {"action": "resolve", "outcome": "yes", "effective_close_at": "2027-02-20 09:00"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.effective_close_at == datetime(2027, 2, 20, 0, 0, tzinfo=UTC)
    shown = client.get(f"/questions/{question.slug}/").content.decode()
    assert re.search(r"<dt>Event happened</dt><dd><time [^>]*>2027-02-20 09:00 KST</time>", shown)


def test_a_retroactive_close_when_approving_a_proposal(client, seoul):
    _, team = seoul
    question = make_question(team=team, opens_in=timedelta(days=-30), closes_in=timedelta(days=30))
    proposal = proposal_create(
        question=question, proposed_by=member(team), outcome="yes", evidence_url="https://example.org/news"
    )
    page = client.get(reverse("question-resolve", args=[question.slug])).content.decode()
    assert f'<label for="close-{proposal.pk}">Retroactive close (Asia/Seoul, optional)</label>' in page
    client.post(
        reverse("question-resolve", args=[question.slug]),
        {
            "action": "decide",
            "proposal-proposal": proposal.pk,
            "proposal-decision": "approve",
            "proposal-effective_close_at": "2027-02-20T09:00",
        },
    )
    question.refresh_from_db()
    assert question.effective_close_at == datetime(2027, 2, 20, 0, 0, tzinfo=UTC)


def test_the_question_editor_names_the_zone_and_shows_the_utc_time(client, seoul):
    _, team = seoul
    question = make_question(team=team, status="draft")
    page = client.get(f"/questions/{question.slug}/edit/").content.decode()
    assert _label(page, "id_opens_at") == "Opens (Asia/Seoul)"
    assert _label(page, "id_scheduled_close_at") == "Closes (Asia/Seoul)"
    utc_close = question.scheduled_close_at.astimezone(UTC)
    assert f"Typed in Asia/Seoul. Stored in UTC: {utc_close:%Y-%m-%d %H:%M} UTC." in page


def test_admin_time_fields_say_which_zone_they_are_typed_in(client, seoul):
    _, team = seoul
    question = make_question(team=team)
    page = client.get(reverse("admin:tracker_question_change", args=[question.pk])).content.decode()
    assert "Typed in Asia/Seoul; stored in UTC." in page
