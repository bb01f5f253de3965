"""End to end in a real browser: two forecasters of one team discuss a public question (a team-only comment, and a
public reply with a mention), a member of another team sees only the public part, the mention notifies, the team
panel shows a teammate's rationale only once the reader has forecast, and stored XSS attempts stay inert."""

import pytest

from tests.e2e.conftest import ARTIFACTS, log_in, new_page, screenshot
from tests.factories import TeamFactory
from tracker.models import Membership, Notification, Question, Team, User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "nk-icbm-flight-test-by-2027-03-31"
XSS = 'Careful <script>window.__xss = 1</script> [link](javascript:window.__xss=2) <img src=x onerror="window.__xss=3">'


@pytest.fixture
def people(story):
    """A new teammate on the seed team (no forecast yet) and a member of another team; the question hides its
    crowd until one forecasts."""
    Question.objects.filter(slug=QUESTION).update(hide_crowd_until_forecast=True)
    desk = Team.objects.get(slug="korea-desk")
    gale = User.objects.create_user("gale", "gale@example.org", "signpost-demo", display_name="Gale")
    Membership.objects.create(team=desk, user=gale)
    olive = User.objects.create_user("olive", "olive@example.org", "signpost-demo", display_name="Olive")
    Membership.objects.create(team=TeamFactory(slug="other-desk", name="Other desk"), user=olive)
    return {"gale": gale, "olive": olive}


def open_as(browser, live_server, username):
    page = new_page(browser, live_server)
    page.on("dialog", lambda dialog: page.console.errors.append(f"dialog: {dialog.message}"))
    log_in(page, username)
    page.goto(f"/questions/{QUESTION}/")
    return page


def inert(page) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#discussion script, #discussion img, #discussion a[href^='javascript']").count() == 0


def test_a_team_discusses_a_public_question(browser, live_server, people):
    alex = open_as(browser, live_server, "demo-alex")
    alex.get_by_label("Your probability of yes (%)").fill("30")
    alex.get_by_label("Rationale").fill("Launch-pad imagery unchanged since October.")
    alex.get_by_role("button", name="Save forecast").click()
    alex.locator("#forecast-panel").get_by_text("Forecast saved.").wait_for()

    discussion = alex.locator("#discussion")
    discussion.get_by_label("Add a comment (Markdown; @username mentions)").fill("Desk only: **watch the drills**.")
    discussion.get_by_role("radio", name="Team only: Korea Desk").check()
    discussion.get_by_role("button", name="Post comment").click()
    alex.wait_for_url("**/questions/*/#comment-*")
    assert alex.get_by_text("Team only · Korea Desk").first.is_visible()
    discussion.get_by_label("Add a comment (Markdown; @username mentions)").fill(XSS)
    discussion.get_by_role("button", name="Post comment").click()
    alex.wait_for_url("**/questions/*/#comment-*")
    inert(alex)

    gale = open_as(browser, live_server, "gale")
    panel_text = gale.locator("#discussion").inner_text()
    assert "show once you have forecast" in panel_text
    assert "Launch-pad imagery" not in panel_text
    assert "watch the drills" in panel_text  # a plain comment of the team, not a forecast
    public = gale.locator("#discussion li.comment", has_text="Careful").first
    gale.locator("#discussion details.reply", has=gale.locator("textarea")).last.locator("summary").click()
    gale.locator("#discussion details.reply[open] textarea").fill(
        "@demo-alex agreed, the imagery matters more than rhetoric."
    )
    gale.locator("#discussion details.reply[open]").get_by_role("button", name="Post reply").click()
    gale.wait_for_url("**/questions/*/#comment-*")
    assert public.count() == 1
    gale.get_by_label("Your probability of yes (%)").fill("40")
    gale.get_by_label("Rationale").fill("Slightly more hawkish.")
    gale.get_by_role("button", name="Save forecast").click()
    gale.locator("#forecast-panel").get_by_text("Forecast saved.").wait_for()
    gale.reload()
    panel = gale.locator(".team-panel").first
    assert "Launch-pad imagery unchanged" in panel.inner_text()
    assert "Team spread" in panel.inner_text()
    gale.locator("#discussion").screenshot(path=str(ARTIFACTS / "screenshots" / "discussion-desktop.png"))
    screenshot(gale, "question-discussion")
    inert(gale)

    assert Notification.objects.filter(recipient__username="demo-alex", kind="mention").count() == 1
    alex.goto("/notifications/")
    assert "Gale mentioned you" in alex.locator("main").inner_text()

    olive = open_as(browser, live_server, "olive")
    text = olive.locator("#discussion").inner_text()
    assert "agreed, the imagery matters" in text
    assert "Careful" in text
    assert "watch the drills" not in text
    assert "Korea Desk" not in text
    assert olive.locator(".team-panel", has_text="Korea Desk").count() == 0
    inert(olive)
    for page in (alex, gale, olive):
        assert page.console.errors == [], page.console.errors
        page.context.close()
