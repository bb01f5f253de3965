"""End to end in a real browser, as the team's curator (not a superuser) and its team admin would work:

- demo-curator imports an article, accepts a claim, edits the draft in the web editor and opens it; a forecaster
  forecasts and proposes the outcome; the curator resolves it from the resolve page by approving the proposal; then
  enters /admin/, sees only the team's questions, and another team's question is a 404 there.
- demo-lead invites a new person by email; the test reads the email; the person signs up through the link and
  lands in the team as a forecaster.
Screenshots of each page go to test-artifacts/screenshots/ (README)."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import ARTIFACTS, log_in, new_page, screenshot
from tests.factories import TeamFactory, make_question
from tracker.models import Membership, Question, ResolutionProposal, User
from tracker.questions.services.evidence import evidence_add
from tracker.resolution.services.proposals import proposal_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTICLE = """Seoul weighs air-defence aid as Pyongyang's troops fight for Russia

SEOUL — South Korea's defence ministry is reviewing whether to send air-defence systems to Ukraine.
Officials said the government will decide on sending Cheongung interceptors to Ukraine by the end of 2027.
Analysts expect the debate to intensify after the next round of North Korean troop deployments."""


def test_a_curator_drafts_opens_and_resolves_a_question_without_being_a_superuser(browser, live_server, story):
    other_team = TeamFactory(slug="other-desk", name="Other desk")
    foreign = make_question(team=other_team, title="Will the other desk's matter stay theirs?")
    curator = new_page(browser, live_server)
    log_in(curator, "demo-curator")

    curator.goto("/articles/import/")
    curator.get_by_label("Title").fill("Seoul weighs air-defence aid")
    curator.get_by_label("Text").fill(ARTICLE)
    curator.get_by_role("button", name="Import and propose claims").click()
    curator.wait_for_url("**/articles/*/")
    suggestion = curator.locator("section.suggestion", has_text="Cheongung").first
    suggestion.get_by_role("button", name="Create a question").click()
    curator.wait_for_url("**/questions/*/edit/")
    assert "Draft created" in curator.content()
    screenshot(curator, "question-editor")

    title = "Will South Korea decide to send Cheongung interceptors to Ukraine by 31 December 2027?"
    # Typed and opened in one step: the edit is saved with it, not thrown away (issue #28, 3).
    curator.get_by_label("Title").fill(title)
    curator.get_by_role("button", name="Save and open now").click()
    curator.get_by_text("Saved. Open: forecasters can forecast now.").wait_for()
    question = Question.objects.get(title=title)
    assert question.status == Question.Status.OPEN
    assert question.team.slug == "korea-desk"

    forecaster = new_page(browser, live_server)
    log_in(forecaster, "demo-alex")
    forecaster.goto(f"/questions/{question.slug}/")
    forecaster.get_by_label("Your probability of yes (%)").fill("35")
    forecaster.get_by_role("button", name="Save forecast").click()
    forecaster.locator("#forecast-panel").get_by_text("Forecast saved.").wait_for()
    alex = User.objects.get(username="demo-alex")
    proposal_create(
        question=question, proposed_by=alex, outcome="no", evidence_url="https://example.org/seoul-declines"
    )

    evidence_add(
        question=question,
        title="Seoul rules out lethal aid for now",
        url="https://example.org/seoul-rules-out",
        stance="supports_no",
        publisher="Yonhap",
    )
    curator.goto(f"/questions/{question.slug}/")
    curator.get_by_role("link", name="Resolve").click()
    curator.wait_for_url("**/resolve/")
    assert "https://example.org/seoul-declines" in curator.content()
    assert "Seoul rules out" in curator.content()
    screenshot(curator, "resolve-page")
    curator.get_by_role("button", name="Approve: resolve no").click()
    curator.wait_for_url(f"**/questions/{question.slug}/")
    question.refresh_from_db()
    assert question.status == Question.Status.RESOLVED
    assert question.resolution == "no"
    assert ResolutionProposal.objects.get(question=question).state == "approved"

    curator.goto("/admin/tracker/question/")
    listed = curator.locator("#result_list").inner_text()
    assert title[:40] in listed
    assert "other desk" not in listed.lower()
    # Django's own admin pages: a picture for the README, without our pages' text-size and axe checks.
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    curator.screenshot(path=str(ARTIFACTS / "screenshots" / "admin-curator-desktop.png"), full_page=True)
    before = len(curator.console.errors)
    response = curator.goto(f"/admin/tracker/question/{foreign.pk}/change/")
    assert response.status == 404
    curator.goto("/admin/")  # Chromium reports the 404 to the console late; leaving the page flushes it
    # The browser logs the 404 it was asked to load; that one is expected, nothing else is.
    assert all("404 (Not Found)" in error for error in curator.console.errors[before:])
    del curator.console.errors[before:]
    for name, page in (("curator", curator), ("forecaster", forecaster)):
        assert page.console.errors == [], name
        page.context.close()


def test_a_team_admin_invites_a_new_person_who_signs_up_and_joins(browser, live_server, story):
    lead = new_page(browser, live_server)
    log_in(lead, "demo-lead")
    lead.goto("/teams/korea-desk/")
    lead.get_by_role("textbox", name="Email").fill("sam.newcomer@example.org")
    lead.get_by_role("button", name="Send invitation").click()
    lead.get_by_text("Invitation emailed to sam.newcomer@example.org").wait_for()
    screenshot(lead, "team-page-admin")

    [message] = [m for m in mail.outbox if m.to == ["sam.newcomer@example.org"]]
    path = re.search(r"https?://[^/\s]+(/teams/invitations/\S+/)", message.body).group(1)
    newcomer = new_page(browser, live_server)
    newcomer.goto(path)
    newcomer.get_by_role("link", name="Create an account and join").click()
    newcomer.wait_for_url("**/accounts/signup/")
    assert newcomer.get_by_label("Email").input_value() == "sam.newcomer@example.org"
    newcomer.get_by_label("Username").fill("sam")
    newcomer.get_by_label("Password", exact=True).fill("a-long-pass-phrase-1")
    newcomer.get_by_label("Password confirmation").fill("a-long-pass-phrase-1")
    newcomer.get_by_role("button", name="Create account and join").click()
    newcomer.wait_for_url("**/teams/korea-desk/")
    assert "You are a forecaster of this team." in newcomer.locator("main").inner_text()
    sam = User.objects.get(username="sam")
    assert Membership.objects.get(team__slug="korea-desk", user=sam).role == Membership.Role.FORECASTER
    newcomer.goto("/welcome/")
    screenshot(newcomer, "welcome")

    reused = new_page(browser, live_server)
    response = reused.goto(path)
    assert response.status == 410
    assert "already used" in reused.content()
    reused.wait_for_load_state("networkidle")
    assert all("410 (Gone)" in error for error in reused.console.errors)
    reused.console.errors.clear()
    for page in (lead, newcomer, reused):
        assert page.console.errors == []
        page.context.close()
