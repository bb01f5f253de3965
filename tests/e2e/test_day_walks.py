"""A curator's and a team admin's working day, walked in the browser at 1280 px and at 390 px with the browser set
to Asia/Seoul (issue #28): every page on the way, the admin's included, passes axe-core with no serious or critical
finding and logs no console error; every time typed is stored as the Seoul time it was; the destructive steps ask
first. The newcomer's day (every way into a team) is walked in test_onboarding.py."""

import re
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core import mail

from tests.e2e.conftest import DESKTOP, PHONE, accessible, log_in, new_page
from tracker.curation.models import Source
from tracker.models import Evidence, Membership, Question, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SEOUL = "Asia/Seoul"
WIDTHS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
ARTICLE = """Seoul weighs air-defence aid as Pyongyang's troops fight for Russia

SEOUL — South Korea's defence ministry is reviewing whether to send air-defence systems to Ukraine.
Officials said the government will decide on sending Cheongung interceptors to Ukraine by the end of 2027.
Analysts expect the debate to intensify after the next round of North Korean troop deployments."""


def checked(page, path: str | None = None) -> None:
    """Open `path` (or stay), then hold the page to the checks: axe-core, a quiet console, nothing wider than the
    screen."""
    if path is not None:
        assert page.goto(path).status == 200, path
    accessible(page)
    assert page.console.errors == [], (page.url, page.console.errors)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, (page.url, overflow)


def unfold(page, name: str) -> None:
    """Open a section a phone shows folded (a no-op where it is open)."""
    box = page.locator(f"details[data-fold={name}]")
    if not box.evaluate("box => box.open"):
        box.locator("summary").first.click()


def in_seoul(username: str) -> None:
    User.objects.filter(username=username).update(time_zone=SEOUL)


@WIDTHS
def test_a_curators_day(browser, live_server, story, viewport):
    in_seoul("demo-curator")
    curator = new_page(browser, live_server, viewport, time_zone=SEOUL)
    log_in(curator, "demo-curator")
    checked(curator)  # the dashboard: what is due, closing, new

    # Import an article published at 09:00 in Seoul: stored as 00:00 UTC.
    checked(curator, "/articles/import/")
    curator.get_by_label("Title").fill("Seoul weighs air-defence aid")
    published = curator.get_by_label(re.compile(r"^Published \(Asia/Seoul\)"))
    published.fill("2026-12-01 09:00")
    curator.get_by_label("Text").fill(ARTICLE)
    curator.get_by_role("button", name="Import and propose claims").click()
    curator.wait_for_url("**/articles/*/")
    checked(curator)
    article = Source.objects.get(title="Seoul weighs air-defence aid")
    assert article.published_at == datetime(2026, 12, 1, 0, 0, tzinfo=UTC)

    # Draft a question from the claim, fix its wording, and open it in one step: the edit is kept.
    curator.locator("section.suggestion", has_text="Cheongung").first.get_by_role(
        "button", name="Create a question"
    ).click()
    curator.wait_for_url("**/questions/*/edit/")
    checked(curator)
    title = "Will South Korea decide to send Cheongung interceptors to Ukraine by 31 December 2027?"
    curator.get_by_label("Title").fill(title)
    curator.get_by_role("button", name="Save and open now").click()
    curator.get_by_text("Saved. Open: forecasters can forecast now.").wait_for()
    checked(curator)
    question = Question.objects.get(title=title)
    assert question.status == Question.Status.OPEN

    # Add evidence from the question page (folded on a phone): it comes back in place, in the list.
    curator.goto(f"/questions/{question.slug}/")
    unfold(curator, "evidence")
    curator.locator("summary", has_text="Add evidence").click()
    curator.locator("#evidence-title").fill("Seoul rules out lethal aid for now")
    curator.locator("#evidence-url").fill("https://example.org/seoul-rules-out")
    curator.get_by_role("button", name="Add evidence").click()
    curator.locator("#evidence").get_by_text("Seoul rules out lethal aid for now").first.wait_for()
    checked(curator)
    assert Evidence.objects.filter(question=question, title="Seoul rules out lethal aid for now").exists()

    # Resolve it with a retroactive close typed in Seoul time: stored in UTC, shown with its zone. (The question is
    # made a week old first: a retroactive close must fall between its opening and now.)
    Question.objects.filter(pk=question.pk).update(
        opens_at=datetime(2026, 11, 28, tzinfo=UTC), opened_at=datetime(2026, 11, 28, tzinfo=UTC)
    )
    curator.get_by_role("link", name="Resolve").click()
    curator.wait_for_url("**/resolve/")
    checked(curator)
    form = curator.locator("form.resolve-form")
    form.get_by_label("No", exact=True).check()
    form.get_by_label(re.compile(r"^Retroactive close \(Asia/Seoul\)")).fill("2026-12-02 09:00")
    form.get_by_role("button", name="Resolve").click()
    curator.wait_for_url(f"**/questions/{question.slug}/")
    question.refresh_from_db()
    assert question.status == Question.Status.RESOLVED
    assert question.effective_close_at == datetime(2026, 12, 2, 0, 0, tzinfo=UTC)
    happened = curator.locator("dl.dates").inner_text()
    assert "2026-12-02 09:00" in happened, happened
    assert "KST" in happened, happened
    checked(curator)

    # The admin, scoped to the team: the list, the question, the evidence list.
    checked(curator, "/admin/tracker/question/")
    assert title[:40] in curator.locator("#result_list").inner_text()
    checked(curator, f"/admin/tracker/question/{question.pk}/change/")
    checked(curator, "/admin/tracker/evidence/")
    curator.context.close()


@WIDTHS
def test_a_team_admins_day(browser, live_server, story, viewport):
    in_seoul("demo-lead")
    lead = new_page(browser, live_server, viewport, time_zone=SEOUL)
    log_in(lead, "demo-lead")
    checked(lead, "/teams/korea-desk/")

    # Invite someone: the email's link starts with the address the app is served at (SIGNPOST_SITE_URL).
    address = f"new.{viewport['width']}@example.org"
    lead.get_by_role("textbox", name="Email").fill(address)
    lead.get_by_role("button", name="Send invitation").click()
    lead.get_by_text(f"Invitation emailed to {address}").wait_for()
    checked(lead)
    [message] = [m for m in mail.outbox if m.to == [address]]
    assert settings.SITE_URL + "/teams/invitations/" in message.body

    # Change a member's role, then remove them: removing asks first, and nothing changes until confirmed.
    member = Membership.objects.filter(team__slug="korea-desk", role=Membership.Role.FORECASTER).first()
    name = str(member.user)  # as the team page names people
    lead.get_by_label(f"Role of {name}").select_option("curator")
    lead.get_by_label(f"Role of {name}").locator("xpath=..").get_by_role("button", name="Set role").click()
    lead.wait_for_load_state()
    checked(lead)
    member.refresh_from_db()
    assert member.role == Membership.Role.CURATOR
    row = lead.locator("tr", has_text=name).first
    row.get_by_role("button", name="Remove…").click()
    lead.wait_for_load_state()
    checked(lead)  # the confirmation step
    assert Membership.objects.filter(pk=member.pk).exists()
    lead.locator("form", has=lead.locator("input[name=action][value=remove]")).locator("button.button-danger").click()
    lead.wait_for_load_state()
    checked(lead)
    assert not Membership.objects.filter(pk=member.pk).exists()

    # A join link for the team's channel, then the pages an admin keeps: webhooks, notifications, every admin list
    # the team admin is offered.
    lead.get_by_role("button", name="Create a join link").click()
    lead.wait_for_load_state()
    checked(lead)
    assert "/teams/join/" in lead.locator("main").inner_text()
    checked(lead, "/settings/webhooks/")
    checked(lead, "/notifications/settings/")
    checked(lead, "/admin/")
    lists = lead.locator("#content-main th[scope=row] a").evaluate_all("links => links.map(link => link.pathname)")
    assert lists, "the admin offers a team admin nothing"
    for path in lists:
        checked(lead, path)
    lead.context.close()
