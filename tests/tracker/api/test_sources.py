"""The news sources API: a team's curators add feeds and pages (bad input is a 400 naming the field, nothing
written); members list their team's sources with their health; an outsider, another team's admin too, sees none."""

import pytest

from tests.api_world import client_for
from tracker.monitor.models import NewsSource

URL = "/api/v1/sources/"


@pytest.fixture(autouse=True)
def no_polling(monkeypatch):
    """The first poll is queued after commit; these tests look at the API, not at the fetching."""
    monkeypatch.setattr("tracker.monitor.services.enqueue_after_commit", lambda *args: None)


def test_a_curator_adds_a_feed_and_members_see_its_health(world):
    response = client_for(world.curator).post(
        URL, {"team": "analysts", "url": "https://news.example.org/rss.xml", "kind": "feed"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["team"] == "analysts"
    assert body["state"] == "active"
    assert body["poll_minutes"] == 30
    listed = client_for(world.forecaster).get(URL).json()["results"]
    assert [row["url"] for row in listed] == ["https://news.example.org/rss.xml"]
    assert "last_outcome" in listed[0]
    assert client_for(world.outsider).get(URL).json()["results"] == []
    assert client_for(world.outsider).get(URL, {"team": "analysts"}).json()["results"] == []
    assert client_for(None).get(URL).status_code in (401, 403)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://news.example.org/feed", "kind": "feed"}, "url"),
        ({"url": "http://127.0.0.1/feed", "kind": "feed"}, "url"),
        ({"url": "https://news.example.org/feed", "kind": "podcast"}, "kind"),
        ({"url": "https://news.example.org/feed", "kind": "feed", "poll_minutes": 1}, "poll_minutes"),
        ({"url": "https://news.example.org/feed", "kind": "feed", "team": "elsewhere"}, "team"),
    ],
)
def test_bad_sources_are_400s_naming_the_field_and_nothing_is_written(world, body, field):
    response = client_for(world.curator).post(URL, {"team": "analysts", **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in str(response.json())
    assert NewsSource.objects.count() == 0


def test_the_same_address_twice_is_refused_and_forecasters_cannot_add(world):
    body = {"team": "analysts", "url": "https://news.example.org/rss.xml", "kind": "feed"}
    assert client_for(world.curator).post(URL, body, format="json").status_code == 201
    again = client_for(world.curator).post(URL, body, format="json")
    assert again.status_code == 400
    assert "already follows" in str(again.json())
    assert (
        client_for(world.forecaster).post(URL, {**body, "url": "https://x.example.org/"}, format="json").status_code
        == 403
    )
    assert NewsSource.objects.count() == 1
