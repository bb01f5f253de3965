"""End to end in a real browser: a forecaster forecasts from a scenario and sees it on the chart and in the history
without a reload, adds evidence and finds the question in "closing soon"; a curator resolves a question and sees
the scores on it and on the leaderboard; the article page highlights its predictions. Every page is screenshotted
at desktop and phone widths, and no page may log a JavaScript error."""

import re

import pytest

from tests.e2e.conftest import log_in, screenshot
from tracker.models import Question, Source

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCENARIO = "korean-peninsula-escalation"
QUESTION = "nk-icbm-flight-test-by-2027-06-30"


def test_a_forecaster_forecasts_adds_evidence_and_sees_the_question_closing_soon(page, story):
    log_in(page, "demo-alex")
    page.goto(f"/scenarios/{SCENARIO}/")
    screenshot(page, "scenario")
    question = Question.objects.get(slug=QUESTION)
    page.locator("table.questions").get_by_role("link", name=question.title).click()
    page.wait_for_url(f"**/questions/{QUESTION}/")
    screenshot(page, "question")

    # A marker on the window survives only if the page is not reloaded.
    page.evaluate("window.__noReload = true")
    page.get_by_label("Your probability of yes (%)").fill("63")
    page.get_by_label("Rationale").fill("Launch preparations reported at Sohae; the pattern before past tests.")
    page.get_by_role("button", name="Save forecast").click()
    panel = page.locator("#forecast-panel")
    panel.get_by_text("Forecast saved.").wait_for()
    assert page.evaluate("window.__noReload === true")
    # On the chart: one of the reader's points carries 63%; in the history: the value and the rationale.
    assert panel.locator("svg.chart-wide path.mine[data-value='0.6300']").count() >= 1
    assert "You: 63%" in panel.locator("svg.chart-wide").inner_html()
    history = panel.locator("ol.history li").first
    assert "63%" in history.inner_text()
    assert "Sohae" in history.inner_text()

    # The slider follows the number input (the page's own script is running).
    page.get_by_label("Your probability of yes (%)").fill("40")
    assert page.locator("#probability-slider").input_value() == "40"

    page.locator("#evidence summary", has_text="Add evidence").click()
    page.locator("#evidence").get_by_label("Title").fill("Satellite images show activity at Sohae")
    page.get_by_label("URL", exact=True).fill("https://www.38north.org/2027/01/sohae")
    page.get_by_label("Stance").select_option("supports_yes")
    page.get_by_role("button", name="Add evidence").click()
    page.locator("#evidence ul.evidence").get_by_text("Satellite images show activity at Sohae").wait_for()
    assert page.evaluate("window.__noReload === true")

    page.goto("/")
    closing = page.locator("#closing-soon")
    assert closing.get_by_role("link", name=question.title).count() == 1
    assert "63%" in closing.inner_text()
    screenshot(page, "dashboard")
    page.goto("/questions/?status=open")
    screenshot(page, "questions")
    page.goto("/track-record/")
    screenshot(page, "track-record")
    page.goto("/notifications/")
    screenshot(page, "notifications")


def test_a_curator_resolves_a_question_and_sees_scores_on_it_and_on_the_leaderboard(page, story):
    awaiting = (
        Question.objects.filter(status="closed", type="binary", visibility="public").order_by("resolve_by").first()
    )
    log_in(page, "demo-curator")
    page.goto("/leaderboard/")
    before = int(re.search(r"(\d+) resolved question", page.locator("main").inner_text()).group(1))
    page.goto("/")
    page.locator("#due").get_by_role("link", name=awaiting.title).click()
    screenshot(page, "resolve")
    page.get_by_label("Yes").check()
    page.get_by_label("Resolution notes").fill("Confirmed by Yonhap and the ministry.")
    page.get_by_role("button", name="Resolve").click()
    page.goto(f"/questions/{awaiting.slug}/")
    scores = page.locator("#scores")
    scores.wait_for()
    assert "Peer" in scores.inner_text()
    assert "Brier (final)" in scores.inner_text()
    screenshot(page, "question-resolved")
    page.goto("/leaderboard/")
    after = int(re.search(r"(\d+) resolved question", page.locator("main").inner_text()).group(1))
    assert after == before + 1
    assert page.locator("table.leaderboard tr.crowd").count() == 1
    page.get_by_label("Rule").select_option("relative_brier")
    page.get_by_role("button", name="Show").click()
    assert "Average relative Brier" in page.locator("table.leaderboard").inner_text()
    screenshot(page, "leaderboard")


def test_the_article_page_highlights_the_predictions_and_public_pages_need_no_account(page, story):
    # An article with a highlighted prediction whose question is open (so a reader could forecast on it).
    open_slugs = set(Question.objects.filter(status="open", visibility="public").values_list("slug", flat=True))
    for source in Source.objects.filter(derived_questions__slug__in=open_slugs).distinct():
        page.goto(f"/articles/{source.slug}/")
        hrefs = [link.get_attribute("href") for link in page.locator("a.claim-question").all()]
        assert hrefs
        assert all(href.startswith("/questions/") for href in hrefs)
        opened = [href for href in hrefs if href.strip("/").split("/")[-1] in open_slugs]
        if opened:
            break
    screenshot(page, "article")
    href = opened[0]
    page.locator(f"a.claim-question[href='{href}']").first.click()
    page.wait_for_url(f"**{href}")
    # Readable without an account: the forecast panel invites a log-in instead of showing the form.
    assert page.locator("#forecast-panel").get_by_role("link", name="Log in").count() == 1
    assert page.locator("#forecast-panel form").count() == 0
    page.goto("/scenarios/")
    screenshot(page, "scenarios")
    page.goto("/accounts/login/")
    screenshot(page, "login")


def test_account_and_settings_pages_render_without_errors(page, story):
    for path, name in (("/accounts/signup/", "signup"), ("/accounts/password-reset/", "password-reset")):
        page.goto(path)
        screenshot(page, name)
    log_in(page, "demo-lead")  # a team admin
    page.goto("/settings/tokens/")
    page.get_by_label("Name").fill("browser test")
    page.get_by_role("button", name="Create token").click()
    assert page.locator("#new-token").inner_text().startswith("sp_")
    screenshot(page, "api-tokens")
    page.goto("/settings/webhooks/")
    screenshot(page, "webhooks")
    _connect_slack(story)
    page.goto("/settings/slack/")
    assert "Connected" in page.locator("main").inner_text()
    screenshot(page, "slack-settings")
    page.goto("/notifications/settings/")
    screenshot(page, "notification-settings")
    page.goto("/scenarios/south-korea-support-for-ukraine/")
    assert page.locator("svg.stacked rect.point").count() > 0  # the scenario set's probabilities over time
    screenshot(page, "scenario-set")


def _connect_slack(settings) -> None:
    """The demo team's Slack app, as an install through Slack would leave it (the OAuth flow is tested elsewhere)."""
    from tracker import seeding
    from tracker.models import Team
    from tracker.slack.models import SlackInstallation
    from tracker.slack.secrets import token_encrypt

    settings.SIGNPOST_SLACK_CLIENT_ID, settings.SIGNPOST_SLACK_CLIENT_SECRET = "111.222", "secret"
    settings.SIGNPOST_SLACK_SIGNING_SECRET = "signing-secret"
    SlackInstallation.objects.create(
        team=Team.objects.get(slug=seeding.read_story()["team"]["slug"]),
        workspace_id="T0DEMO",
        workspace_name="Korea desk",
        bot_token_encrypted=token_encrypt("xoxb-demo"),
        channel_id="C0DEMO",
        channel_name="forecasting",
        message_kinds=list(SlackInstallation.MessageKind.values),
    )
