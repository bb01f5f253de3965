"""From a poll to the curator's inbox: a new article on a team's open question becomes an evidence proposal (and,
when it reports the event inside the window, a resolution hint), accepted or rejected in the inbox, the API and
the admin; nothing crosses to another team; a second poll proposes nothing new."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api_world import client_for
from tests.factories import TeamFactory, make_question, member
from tests.tracker.monitor.news_site import news_site, page
from tracker.curation.models import Source
from tracker.models import Evidence, Membership, Notification, ResolutionProposal
from tracker.monitor import fetching
from tracker.monitor.models import EvidenceProposal
from tracker.monitor.services import article_match, news_source_add, news_source_poll

EU_ADOPTS = (
    "European Union foreign ministers adopted a new package of sanctions on North Korea on Monday over the "
    "deployment of its troops to Russia. The measures freeze the assets of eleven officials and ban the export of "
    "dual-use goods, diplomats in Brussels said after the meeting ended late in the evening."
)
SEOUL_WEIGHS = (
    "South Korea is considering sending artillery shells directly to Ukraine after North Korean troops were "
    "deployed to the Kursk region, officials in Seoul said on Wednesday. The defence ministry said a decision on "
    "lethal aid could come before the end of the year, and that it would consult its allies first."
)


@pytest.fixture(autouse=True)
def local_fetching(settings):
    settings.SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.SIGNPOST_FETCH_TIMEOUT = 2.0
    fetching.robots_forget()


@pytest.fixture
def desk(db):
    team = TeamFactory(slug="korea-desk")
    curator = member(team, Membership.Role.CURATOR, username="cora")
    forecaster = member(team, Membership.Role.FORECASTER, username="finn")
    sanctions = make_question(
        team=team, title="Will the EU adopt new sanctions on North Korea over its troops in Russia by 30 June 2027?"
    )
    weapons = make_question(
        team=team, title="Will South Korea send lethal weapons directly to Ukraine by 31 March 2027?"
    )
    other = TeamFactory(slug="elsewhere")
    outsider = member(other, Membership.Role.ADMIN, username="otto")
    return {"team": team, "curator": curator, "forecaster": forecaster, "outsider": outsider,
            "sanctions": sanctions, "weapons": weapons, "other": other}  # fmt: skip


def poll_two_stories(desk):
    now = timezone.now().isoformat()
    with news_site() as site:
        site.pages["/eu"] = (200, "text/html", page("EU agrees fresh sanctions on Pyongyang", EU_ADOPTS, published=now))
        site.pages["/seoul"] = (200, "text/html", page("Seoul weighs lethal aid", SEOUL_WEIGHS, published=now))
        site.feed(["/eu", "/seoul"])
        source = news_source_add(team=desk["team"], url=f"{site.url}/feed.xml", kind="feed", added_by=desk["curator"])
        first = news_source_poll(source_id=source.pk)
        site.etag = '"v2"'
        second = news_source_poll(source_id=source.pk)
    return first, second


def test_a_poll_proposes_evidence_and_a_hint_and_a_second_poll_nothing(desk):
    first, second = poll_two_stories(desk)
    assert first.evidence_proposals == 2
    assert first.hints == 1
    assert second.evidence_proposals == 0
    proposals = {p.question_id: p for p in EvidenceProposal.objects.all()}
    assert set(proposals) == {desk["sanctions"].pk, desk["weapons"].pk}
    assert proposals[desk["weapons"].pk].stance == "supports_yes"
    assert "artillery shells" in proposals[desk["weapons"].pk].quote
    hint = ResolutionProposal.objects.get()
    assert hint.question == desk["sanctions"]
    assert hint.proposed_by is None
    assert hint.state == ResolutionProposal.State.PENDING
    assert "adopted a new package" in hint.quote
    assert desk["sanctions"].status == "open"  # never applied without a curator
    told = Notification.objects.filter(recipient=desk["curator"], kind=Notification.Kind.PROPOSAL)
    assert told.count() == 1
    article = Source.objects.get(title="EU agrees fresh sanctions on Pyongyang")
    assert article_match(article=article) == ([], [])  # again: nothing new


def test_an_article_outside_the_question_s_window_hints_nothing(desk):
    article = Source.objects.create(
        team=desk["team"], slug="late", title="EU agrees fresh sanctions on Pyongyang", text=EU_ADOPTS,
        url="https://news.example.org/late", published_at=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    proposals, hints = article_match(article=article)
    assert [p.question_id for p in proposals] == [desk["sanctions"].pk]
    assert hints == []  # published before the question opened


def test_the_inbox_accepts_into_evidence_and_rejects(desk, client):
    poll_two_stories(desk)
    client.force_login(desk["curator"])
    shown = client.get("/inbox/").content.decode()
    assert desk["sanctions"].title in shown
    assert "The news may settle these (1)" in shown
    weapons = EvidenceProposal.objects.get(question=desk["weapons"])
    sanctions = EvidenceProposal.objects.get(question=desk["sanctions"])
    client.post("/inbox/", {"decide": f"accept-{weapons.pk}"})
    weapons.refresh_from_db()
    assert weapons.state == EvidenceProposal.State.ACCEPTED
    evidence = Evidence.objects.get(question=desk["weapons"])
    assert evidence.source == weapons.article
    assert evidence.stance == "supports_yes"
    assert evidence.quote == weapons.quote
    client.post("/inbox/", {"action": "reject", "proposal": [sanctions.pk]})
    sanctions.refresh_from_db()
    assert sanctions.state == EvidenceProposal.State.REJECTED
    assert Evidence.objects.filter(question=desk["sanctions"]).count() == 0
    client.force_login(desk["forecaster"])
    assert client.get("/inbox/").status_code == 403


def test_the_api_lists_accepts_and_rejects_within_the_team(desk, monkeypatch):
    poll_two_stories(desk)
    listed = client_for(desk["curator"]).get("/api/v1/evidence-proposals/").json()["results"]
    assert len(listed) == 2
    assert {row["team"] for row in listed} == {"korea-desk"}
    assert client_for(desk["outsider"]).get("/api/v1/evidence-proposals/").json()["results"] == []
    chosen = listed[0]["id"]
    assert client_for(desk["outsider"]).post(f"/api/v1/evidence-proposals/{chosen}/accept/").status_code == 404
    assert client_for(desk["forecaster"]).post(f"/api/v1/evidence-proposals/{chosen}/accept/").status_code == 403
    bad = client_for(desk["curator"]).post(
        f"/api/v1/evidence-proposals/{chosen}/accept/", {"stance": "maybe"}, format="json"
    )
    assert bad.status_code == 400
    assert "stance" in str(bad.json())
    accepted = client_for(desk["curator"]).post(
        f"/api/v1/evidence-proposals/{chosen}/accept/", {"stance": "context"}, format="json"
    )
    assert accepted.status_code == 200
    assert accepted.json()["state"] == "accepted"
    again = client_for(desk["curator"]).post(f"/api/v1/evidence-proposals/{chosen}/reject/")
    assert again.status_code == 400
    articles = client_for(desk["curator"]).get("/api/v1/articles/", {"team": "korea-desk"}).json()["results"]
    assert len(articles) == 2
    assert all(row["addresses"] for row in articles)
    assert client_for(desk["outsider"]).get("/api/v1/articles/", {"team": "korea-desk"}).json()["results"] == []


def test_new_articles_and_proposals_reach_the_team_s_webhooks_once(desk):
    from tracker.webhooks.models import Webhook, WebhookDelivery

    Webhook.objects.create(
        team=desk["team"], url="https://hooks.example.org/in", events=["article.imported", "evidence.proposed"]
    )
    Webhook.objects.create(team=desk["other"], url="https://hooks.example.org/other")
    poll_two_stories(desk)
    events = sorted(WebhookDelivery.objects.values_list("event", flat=True))
    assert events == ["article.imported", "article.imported", "evidence.proposed", "evidence.proposed"]
    body = WebhookDelivery.objects.filter(event="evidence.proposed").first().body
    assert '"quote"' in body
    assert '"stance"' in body


def test_a_drafted_claim_a_team_question_already_asks_is_linked_not_offered(desk):
    from tracker.curation.models import ClaimSuggestion
    from tracker.monitor.services import drafts_link_duplicates

    elsewhere = make_question(team=desk["other"], title="Will Japan hold a snap election by 31 March 2027?")
    article = Source.objects.create(team=desk["team"], slug="drafts", title="Drafts", text=EU_ADOPTS)

    def draft(title: str) -> ClaimSuggestion:
        start = ClaimSuggestion.objects.count() * 20  # each draft its own span of the article
        return ClaimSuggestion.objects.create(
            source=article, start=start, end=start + 10, quote=title, quote_key=f"draft-{start}", title=title,
            deadline=timezone.now().date(), criteria="YES if it happens.", confidence=0.8,
        )  # fmt: skip

    asked = draft("Will the EU adopt new sanctions on North Korea over its troops in Russia by 30 June 2027?")
    new = draft("Will Japan hold a snap election by 31 March 2027?")  # only another team asks this
    assert drafts_link_duplicates(article=article, drafts=[asked, new]) == 1
    asked.refresh_from_db()
    new.refresh_from_db()
    assert (asked.state, asked.question_id) == ("accepted", desk["sanctions"].pk)
    assert (new.state, new.question_id) == ("proposed", None)
    assert elsewhere.pk != new.question_id
