"""Following a story in the browser (issue #30): the seed team's curator adds a feed of a local news site on the
sources page; its first poll brings the articles in; the inbox shows the evidence proposals and a resolution hint,
and the keyboard accepts one into evidence. At 1280 and 390 px, axe-core and a quiet console on every page."""

import pytest
from django.utils import timezone

from tests.e2e.conftest import DESKTOP, PHONE, accessible, log_in, new_page, screenshot
from tests.tracker.monitor.news_site import news_site, page
from tracker.models import Evidence
from tracker.monitor import fetching
from tracker.monitor.models import EvidenceProposal, NewsSource

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EU = (
    "European Union member states formally adopted a new package of sanctions against Russia on Tuesday, the "
    "Council said, targeting banks and shipping that finance the war. Diplomats said the package had been agreed "
    "after weeks of talks and would take effect on publication in the Official Journal."
)
OFF_TOPIC = (
    "The city council approved a new cycling lane along the river on Tuesday after a long debate about parking. "
    "Residents said the lane would make commuting safer, while shop owners worried about deliveries."
)


def quiet(page_) -> None:
    accessible(page_)
    assert page_.console.errors == [], (page_.url, page_.console.errors)
    assert page_.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, page_.url


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_curator_follows_a_feed_and_works_the_inbox(browser, live_server, story, viewport):
    story.SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    story.SIGNPOST_FETCH_TIMEOUT = 5.0
    fetching.robots_forget()
    with news_site() as site:
        today = timezone.now().isoformat()  # inside the seed question's window
        site.pages["/eu"] = (
            200,
            "text/html",
            page("EU adopts new sanctions package against Russia", EU, published=today),
        )
        site.pages["/city"] = (200, "text/html", page("Council approves river cycling lane", OFF_TOPIC))
        site.feed(["/eu", "/city"])
        curator = new_page(browser, live_server, viewport)
        log_in(curator, "demo-curator")
        assert curator.goto("/settings/sources/").status == 200
        quiet(curator)
        curator.get_by_label("URL").fill(f"{site.url}/feed.xml")
        curator.get_by_role("button", name="Add source").click()  # the first poll runs in-process (eager tasks)
        curator.get_by_text("Added: its first poll is queued.").wait_for()
        source = NewsSource.objects.get(url=f"{site.url}/feed.xml")  # the seed team follows its own feed too
        assert source.article_count == 2
        assert "2 new article(s)" in curator.content()
        quiet(curator)
        if viewport == DESKTOP:
            screenshot(curator, "news-sources")

        if viewport == DESKTOP:
            curator.get_by_role("link", name="Inbox").click()  # in the header (a phone folds it into the menu)
        else:
            curator.goto("/inbox/")
        curator.get_by_role("heading", name="Evidence proposals").wait_for()
        quiet(curator)
        proposal = EvidenceProposal.objects.exclude(article__seeded=True).get()  # the seed's wait below it
        assert "sanctions against Russia" in proposal.question.title
        assert "adopted a new package" in curator.content()
        assert "The news may settle these (1)" in curator.content()
        assert "cycling" not in proposal.quote
        if viewport == DESKTOP:
            screenshot(curator, "inbox")
        curator.keyboard.press("j")
        curator.keyboard.press("a")
        curator.get_by_text("Accepted 1 proposal(s).").wait_for()
        quiet(curator)
    proposal.refresh_from_db()
    assert proposal.state == EvidenceProposal.State.ACCEPTED
    assert Evidence.objects.filter(question=proposal.question, source=proposal.article).exists()
