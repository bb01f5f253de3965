"""The story monitor against a local news site: one poll turns a feed into articles (boilerplate left out, wire
copies merged, claims proposed), refuses what it must, and a second poll adds nothing; failing sources back off and
park; polls of one source never overlap."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import TeamFactory, member
from tests.tracker.monitor.news_site import AID, OFF_TOPIC, news_site, page
from tracker.curation.models import ClaimSuggestion, Source
from tracker.curation.services import source_create
from tracker.lib import outbound
from tracker.models import Membership
from tracker.monitor import fetching
from tracker.monitor.models import ArticleAddress, NewsSource
from tracker.monitor.services import news_source_add, news_source_poll, news_source_resume, news_sources_due
from tracker.seeding import SeedReport, seed_news_source

COPY = AID.replace("officials in Seoul said on Wednesday", "officials said on Wednesday, according to a wire report")


@pytest.fixture(autouse=True)
def local_fetching(settings):
    settings.SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.SIGNPOST_FETCH_TIMEOUT = 2.0
    settings.SIGNPOST_FETCH_MAX_BYTES = 100_000
    fetching.robots_forget()
    yield
    fetching.robots_forget()


@pytest.fixture
def desk(db):
    team = TeamFactory(slug="korea-desk")
    return team, member(team, Membership.Role.CURATOR, username="cora")


@pytest.fixture
def site():
    with news_site() as running:
        running.pages["/a/1"] = (200, "text/html; charset=utf-8", page("Seoul weighs lethal aid to Ukraine", AID))
        running.pages["/a/2"] = (200, "text/html", page("South Korea may send shells to Kyiv", COPY))
        running.pages["/a/3"] = (200, "text/html", page("Council approves river cycling lane", OFF_TOPIC))
        running.pages["/private/x"] = (200, "text/html", page("Hidden", OFF_TOPIC))
        running.pages["/huge"] = (200, "text/html", page("Huge", OFF_TOPIC + " More." * 40_000))
        running.pages["/image"] = (200, "image/png", b"\x89PNG" + bytes(500))
        running.pages["/slow"] = (200, "text/html", page("Slow", OFF_TOPIC))
        running.trickle.add("/slow")
        running.redirects["/internal"] = "http://10.0.0.1/admin"
        running.redirects["/moved"] = "/a/3"
        running.feed(["/a/1", "/a/2", "/a/3", "/moved", "/private/x", "/internal", "/huge", "/image", "/slow"])
        yield running


def test_one_poll_reads_the_feed_and_a_second_adds_nothing(desk, site):
    team, curator = desk
    source = news_source_add(team=team, url=f"{site.url}/feed.xml", kind="feed", added_by=curator)

    report = news_source_poll(source_id=source.pk)

    assert report.error == ""
    assert len(report.new_articles) == 2  # /a/1 and /a/3 (also reached through /moved)
    assert report.copies == 1  # /a/2 is /a/1 under another address
    assert len(report.failed_entries) == 5
    failures = " ".join(report.failed_entries)
    assert "robots.txt" in failures
    assert outbound.NOT_PUBLIC in failures  # the redirect into a private network
    assert "Larger than 100,000 bytes" in failures
    assert "got image/png" in failures
    assert "No response within 2 s" in failures
    aid = Source.objects.get(url=f"{site.url}/a/1")
    assert aid.team == team
    assert aid.title == "Seoul weighs lethal aid to Ukraine"
    assert "artillery shells" in aid.text
    assert "Most read" not in aid.text
    assert "Football results" not in aid.text
    assert aid.published_at.date().isoformat() == "2026-11-18"
    copy = ArticleAddress.objects.get(team=team, url=f"{site.url}/a/2")
    assert copy.article == aid
    assert copy.is_copy
    assert ClaimSuggestion.objects.filter(source=aid).exists()  # claim extraction ran on the new article
    assert ArticleAddress.objects.get(team=team, url=f"{site.url}/moved").article.url == f"{site.url}/a/3"
    source.refresh_from_db()
    assert source.title == "Example World"
    assert source.article_count == 2
    assert source.etag == ""  # entries failed: the next poll reads the whole feed again, not a 304

    articles = Source.objects.count()
    again = news_source_poll(source_id=source.pk)
    assert again.new_articles == []
    assert again.copies == 0
    assert again.skipped == 4  # /a/1, /a/2, /a/3 and /moved: read before
    site.feed(["/a/1", "/a/2", "/a/3"])  # the broken entries leave the feed
    news_source_poll(source_id=source.pk)
    source.refresh_from_db()
    assert source.etag == '"v1"'  # every entry read: now an unchanged feed costs a 304
    fourth = news_source_poll(source_id=source.pk)
    assert fourth.unchanged
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'
    assert Source.objects.count() == articles


def test_a_long_feed_is_read_over_several_polls(desk, site, monkeypatch):
    monkeypatch.setattr("tracker.monitor.services.MOST_ENTRIES_A_POLL", 1)
    team, curator = desk
    site.feed(["/a/1", "/a/3"])
    source = news_source_add(team=team, url=f"{site.url}/feed.xml", kind="feed", added_by=curator)
    first = news_source_poll(source_id=source.pk)
    assert len(first.new_articles) == 1
    assert first.left_for_later
    source.refresh_from_db()
    assert source.etag == ""
    second = news_source_poll(source_id=source.pk)  # the known entry costs nothing; the next one is read
    assert len(second.new_articles) == 1
    assert second.skipped == 1
    assert second.left_for_later is False
    source.refresh_from_db()
    assert source.etag == '"v1"'
    assert Source.objects.filter(team=team).count() == 2


def test_a_failing_source_backs_off_then_parks_until_resumed(desk, site, settings):
    settings.SIGNPOST_SOURCE_PARK_AFTER_FAILURES = 3
    team, curator = desk
    site.pages["/feed.xml"] = (500, "text/plain", b"down")
    source = news_source_add(team=team, url=f"{site.url}/feed.xml", kind="feed", added_by=curator, poll_minutes=10)
    waits = []
    for _ in range(3):
        now = timezone.now()
        report = news_source_poll(source_id=source.pk, now=now)
        assert "answered 500" in report.error
        source.refresh_from_db()
        waits.append(source.next_poll_at - now)
    assert waits[:2] == [timedelta(minutes=20), timedelta(minutes=40)]
    assert source.state == NewsSource.State.PARKED
    assert "answered 500" in source.last_outcome
    assert news_sources_due(now=timezone.now() + timedelta(days=2)) == []
    site.feed(["/a/1"])
    news_source_resume(source=source, actor=curator)
    assert news_sources_due() == [source.pk]
    assert news_source_poll(source_id=source.pk).new_articles != []
    source.refresh_from_db()
    assert source.consecutive_failures == 0


def test_polls_of_one_source_never_overlap(desk, site):
    team, curator = desk
    source = news_source_add(team=team, url=f"{site.url}/feed.xml", kind="feed", added_by=curator)
    NewsSource.objects.filter(pk=source.pk).update(polling_until=timezone.now() + timedelta(minutes=5))
    assert news_source_poll(source_id=source.pk).polled is False
    assert site.hits("/feed.xml") == 0
    assert news_sources_due() == []


def test_a_page_source_is_read_once_and_a_bad_encoding_still_reads(desk, site):
    team, curator = desk
    site.pages["/latin"] = (
        200,
        "text/html; charset=utf-8",
        page("Seoul et Kyiv", AID).replace(b"Seoul", "Séoul".encode("latin-1")),
    )
    source = news_source_add(team=team, url=f"{site.url}/latin", kind="page", added_by=curator)
    report = news_source_poll(source_id=source.pk)
    assert len(report.new_articles) == 1
    source.refresh_from_db()
    assert source.state == NewsSource.State.DONE
    assert "artillery shells" in Source.objects.get(pk=report.new_articles[0]).text


def test_a_redirect_is_checked_hop_by_hop():
    with news_site() as running:
        running.redirects["/go"] = "http://169.254.169.254/latest/meta-data/"
        with pytest.raises(outbound.OutboundError):
            outbound.get(f"{running.url}/go", {}, timeout=2, allow_loopback=True, max_bytes=1000)
        with pytest.raises(outbound.OutboundError):  # loopback itself only when asked for
            outbound.get(f"{running.url}/robots.txt", {}, timeout=2, allow_loopback=False, max_bytes=1000)


def test_poll_sources_polls_what_is_due_and_says_what_it_found(desk, site, capsys):
    team, curator = desk
    with pytest.raises(CommandError, match="--once"):
        call_command("poll_sources")
    news_source_add(team=team, url=f"{site.url}/a/1", kind="page", added_by=curator)
    call_command("poll_sources", "--once")
    assert "1 new article(s)" in capsys.readouterr().out


def test_health_counts_parked_and_overdue_sources_without_naming_them(desk, client):
    team, curator = desk
    source = news_source_add(team=team, url="https://news.example.org/feed.xml", kind="feed", added_by=curator)
    NewsSource.objects.filter(pk=source.pk).update(next_poll_at=timezone.now() - timedelta(hours=1))
    check = client.get("/health/").json()["checks"]["news_sources"]
    assert check == {"ok": False, "overdue": 1, "parked": 0}
    NewsSource.objects.filter(pk=source.pk).update(state=NewsSource.State.PARKED)
    check = client.get("/health/").json()["checks"]["news_sources"]
    assert check == {"ok": True, "overdue": 0, "parked": 1}
    assert "example.org" not in client.get("/health/").content.decode()


def test_the_sources_page_adds_shows_health_and_resumes(desk, client, monkeypatch):
    monkeypatch.setattr("tracker.monitor.services.enqueue_after_commit", lambda *args: None)
    team, curator = desk
    client.force_login(curator)
    page_url = "/settings/sources/"
    refused = client.post(
        page_url, {"team": team.pk, "url": "https://news.example.org/rss", "kind": "feed", "poll_minutes": 2}
    )
    assert refused.status_code == 400
    assert "Ensure this value is greater than or equal to 5" in refused.content.decode()
    assert NewsSource.objects.count() == 0
    added = client.post(
        page_url, {"team": team.pk, "url": "https://news.example.org/rss", "kind": "feed", "poll_minutes": 30}
    )
    assert added.status_code == 302
    source = NewsSource.objects.get()
    NewsSource.objects.filter(pk=source.pk).update(
        state=NewsSource.State.PARKED,
        consecutive_failures=6,
        last_outcome="The server answered 500.",
        last_polled_at=timezone.now(),
    )
    shown = client.get(page_url).content.decode()
    assert "The server answered 500." in shown
    assert "6 failures in a row" in shown
    client.post(page_url, {"source": source.pk, "action": "resume"})
    source.refresh_from_db()
    assert source.state == NewsSource.State.ACTIVE
    forecaster = member(team, Membership.Role.FORECASTER, username="finn")
    client.force_login(forecaster)
    assert client.get(page_url).status_code == 403


def test_the_admin_adds_a_source_through_the_service_and_shows_its_refusals(desk, client, monkeypatch):
    monkeypatch.setattr("tracker.monitor.services.enqueue_after_commit", lambda *args: None)
    team, curator = desk
    client.force_login(curator)
    form = {"team": team.pk, "url": "ftp://news.example.org/feed", "kind": "feed", "poll_minutes": 30}
    refused = client.post("/admin/tracker/newssource/add/", form)
    assert refused.status_code == 200
    assert "Only http and https URLs are allowed" in refused.content.decode()
    assert NewsSource.objects.count() == 0
    added = client.post("/admin/tracker/newssource/add/", {**form, "url": "https://news.example.org/feed"})
    assert added.status_code == 302
    assert NewsSource.objects.get().added_by == curator


@pytest.mark.django_db(transaction=True)
def test_the_seeds_news_source_follows_this_instance_and_finds_its_articles_read(live_server, settings):
    # The demo team follows the instance's own public article feed (its server answers here), whose entries the
    # seed imported: a poll reads the feed and finds every entry already read.
    settings.SITE_URL = live_server.url
    team = TeamFactory(slug="demo-desk")
    article = source_create(
        slug="seeded-aid", title="Seoul weighs lethal aid", text=AID, team=team, seeded=True, published_at=None
    )
    private = source_create(slug="desk-only", title="Desk only", text=OFF_TOPIC, team=team)
    seed_news_source(team, {article.slug: article, private.slug: private}, SeedReport())
    source = NewsSource.objects.get(team=team)
    assert source.url == f"{live_server.url}/articles/feed.xml"
    assert source.article_count == 1  # the seed's own articles; the team's private one is not in a public feed
    assert source.next_poll_at > timezone.now()  # `make run` seeds before its server is up

    report = news_source_poll(source_id=source.pk)

    assert report.error == ""
    assert (report.skipped, report.new_articles, report.failed_entries) == (1, [], [])
    assert Source.objects.count() == 2
