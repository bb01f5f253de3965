"""Article page: predictions highlighted and linked to their questions; curators import articles in the web UI and
accept (for a team, with a close date) or reject the proposed claims there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory, member
from tracker.curation.article_text import highlight_segments
from tracker.curation.services import source_create
from tracker.models import ClaimSuggestion, Membership, Question, Source
from tracker.monitor.reading import read_feed
from tracker.questions.services.lifecycle import question_open, question_schedule
from tracker.questions.services.questions import question_create

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Seoul weighs its options.\n"
    "Analysts expect that South Korea will send artillery shells to Ukraine by June 2030. "
    "The weather was mild.\n"
    "Pyongyang could deploy more troops in the coming months."
)


def test_highlight_segments_cover_the_text_once_and_skip_overlaps():
    text = "abcdefghij"
    segments = highlight_segments(text, [(2, 5, "A"), (3, 4, "B"), (7, 10, "C"), (8, 12, "out of range")])
    assert segments == [("ab", None), ("cde", "A"), ("fg", None), ("hij", "C")]
    assert "".join(piece for piece, _ in segments) == text
    assert highlight_segments(text, []) == [(text, None)]


def test_a_curator_imports_accepts_for_a_team_and_rejects_in_the_web_ui(client):
    team = TeamFactory(name="Korea desk")
    curator = member(team, Membership.Role.CURATOR)
    client.force_login(curator)
    assert client.get("/articles/import/").status_code == 200
    refused = client.post("/articles/import/", {"title": "Empty"})
    assert refused.status_code == 400
    assert "Paste the article or upload a file." in refused.content.decode()
    no_team = client.post("/articles/import/", {"title": "Seoul weighs", "text": ARTICLE, "team": ""})
    assert no_team.status_code == 400
    assert "This field is required." in no_team.content.decode()
    other_team = TeamFactory(name="Someone else's desk")
    refused_team = client.post("/articles/import/", {"title": "Seoul weighs", "text": ARTICLE, "team": other_team.pk})
    assert refused_team.status_code == 400
    assert not Source.objects.exists()
    response = client.post("/articles/import/", {"title": "Seoul weighs", "text": ARTICLE, "team": team.pk})
    assert response.status_code == 302
    assert Source.objects.get().team == team  # the article belongs to the curator's team (its admin scope)
    page = client.get(response["Location"]).content.decode()
    first, second = ClaimSuggestion.objects.order_by("start")
    assert f'href="#suggestion-{first.pk}"' in page
    assert "Create a question" in page
    assert "Korea desk" in page

    close = (timezone.now() + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M")
    accepted = client.post(
        f"/suggestions/{first.pk}/decide/",
        {"decision": "accept", "team": team.pk, "scheduled_close_at": close},
        follow=True,
    )
    assert "Draft created" in accepted.content.decode()
    question = Question.objects.get()
    assert question.team == team
    assert question.visibility == "team"
    assert question.status == "draft"
    assert question.origin_quote == first.quote
    rejected = client.post(f"/suggestions/{second.pk}/decide/", {"decision": "reject", "reason": "Vague"}, follow=True)
    assert "Rejected" in rejected.content.decode()
    second.refresh_from_db()
    assert second.state == "rejected"
    assert second.reason == "Vague"
    again = client.post(f"/suggestions/{second.pk}/decide/", {"decision": "accept", "team": team.pk}, follow=True)
    assert "already rejected" in again.content.decode()
    # The accepted claim is now a highlight linked to its question (a draft: its curators see it).
    page = client.get(f"/articles/{question.origin_source.slug}/").content.decode()
    assert f'href="/questions/{question.slug}/"' in page
    assert 'class="claim claim-question"' in page


def test_readers_see_highlights_but_not_suggestions_and_cannot_import(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    source = source_create(title="Seoul weighs", text=ARTICLE)
    now = timezone.now()
    question = question_create(
        title="Will South Korea send shells?",
        resolution_criteria="YES if confirmed.",
        opens_at=now - timedelta(days=1),
        scheduled_close_at=now + timedelta(days=30),
        resolve_by=now + timedelta(days=60),
        origin_source=source,
        origin_quote="Analysts expect that South Korea will send artillery shells to Ukraine by June 2030.",
        created_by=staff,
    )
    question_schedule(question=question)
    question_open(question=question, at=now - timedelta(days=1))
    ClaimSuggestion.objects.create(
        source=source,
        start=0,
        end=25,
        quote=ARTICLE[:25],
        quote_key="k",
        title="T?",
        deadline=now.date(),
        criteria="c",
        confidence=0.5,
    )
    page = client.get(f"/articles/{source.slug}/").content.decode()
    assert f'<a class="claim claim-question" href="/questions/{question.slug}/"' in page
    assert 'claim-suggestion" href' not in page
    assert "Create a question" not in page
    assert client.get("/articles/import/").status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get("/articles/import/").status_code == 403
    assert (
        client.post(f"/suggestions/{ClaimSuggestion.objects.get().pk}/decide/", {"decision": "reject"}).status_code
        == 404
    )


def test_the_article_page_does_a_constant_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    client.post("/articles/import/", {"title": "Seoul weighs", "text": ARTICLE * 6})
    source = ClaimSuggestion.objects.first().source
    url = f"/articles/{source.slug}/"
    suggestions = list(ClaimSuggestion.objects.order_by("start")[:5])
    client.post(
        f"/suggestions/{suggestions[0].pk}/decide/", {"decision": "accept", "scheduled_close_at": "2030-01-01T00:00"}
    )
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for suggestion in suggestions[1:]:
        client.post(
            f"/suggestions/{suggestion.pk}/decide/", {"decision": "accept", "scheduled_close_at": "2030-01-01T00:00"}
        )
    assert Question.objects.count() == 5
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count('class="claim claim-question"') >= 1
    assert len(many) == len(few)


def test_another_teams_curator_neither_sees_nor_decides_its_article_claims(client):
    from django.test import Client

    from tracker.curation.services import article_import

    team, other = TeamFactory(name="Korea desk"), TeamFactory(name="Other desk")
    curator = member(team, Membership.Role.CURATOR)
    source, suggestions = article_import(title="Seoul weighs", content=ARTICLE, imported_by=curator, team=team)
    outsider = Client()
    outsider.force_login(member(other, Membership.Role.CURATOR))
    page = outsider.get(f"/articles/{source.slug}/").content.decode()
    assert "Create a question" not in page
    assert suggestions[0].title not in page
    response = outsider.post(f"/suggestions/{suggestions[0].pk}/decide/", {"decision": "reject", "reason": "Mine now"})
    assert response.status_code == 404
    suggestions[0].refresh_from_db()
    assert suggestions[0].state == ClaimSuggestion.State.PROPOSED


def test_the_public_article_feed_lists_what_anyone_may_read_and_nothing_else(
    client, settings, django_assert_num_queries
):
    settings.SITE_URL = "https://signpost.example"
    team = TeamFactory(name="Korea desk")
    shared = source_create(title="Shared with every team", text=ARTICLE, published_at=timezone.now())
    seeded = source_create(title="From the seed", text=ARTICLE, team=team, seeded=True)
    source_create(title="The desk's own", text=ARTICLE, team=team)

    with django_assert_num_queries(1):
        response = client.get("/articles/feed.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = read_feed(response.content, base_url="https://signpost.example/articles/feed.xml")
    assert [entry.url for entry in feed.entries] == [
        f"https://signpost.example/articles/{article.slug}/" for article in (shared, seeded)
    ]
    assert "The desk's own" not in response.content.decode()
    for article in (shared, seeded):
        assert client.get(f"/articles/{article.slug}/").status_code == 200  # each entry opens for anyone
