"""The forecaster's daily loop in a real browser, at desktop (1280 px) and phone (390 px) widths: read a question,
forecast 0.5% then 99.5% and see the chart and the header change without a reload, withdraw, forecast on a
multiple-choice question with the keyboard only (nothing typed is rescaled), quick-forecast from the list. axe-core
(served from node_modules, no CDN) finds no serious or critical violation on any page visited; no console errors;
no text under 11 px (checked with the screenshots)."""

import pytest

from tests.e2e.conftest import AXE, DESKTOP, PHONE, accessible, log_in, screenshot
from tests.services import require_service

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BINARY = "nk-icbm-flight-test-by-2027-06-30"
CHOICE = "sk-highest-military-support-to-ukraine-by-2027-06-30"


def header(page) -> str:
    return page.locator("#question-header").inner_text()


@pytest.mark.parametrize("page", [DESKTOP, PHONE], ids=["desktop", "phone"], indirect=True)
def test_the_daily_loop(page, story):
    require_service("axe-core", AXE.exists(), "npm ci --prefix tests/e2e (.ci/run does it)")
    log_in(page, "demo-bailey")
    accessible(page)
    page.goto(f"/questions/{BINARY}/")
    accessible(page)
    page.evaluate("window.__noReload = true")

    page.get_by_label("Your probability of yes (%)").fill("0.5")
    page.get_by_role("button", name="Save forecast").click()
    page.locator("#forecast-panel").get_by_text("Forecast saved.").wait_for()
    # Focus moves to the status once htmx has settled the swap (a moment after the text appears).
    page.wait_for_function("document.activeElement && document.activeElement.textContent.trim() === 'Forecast saved.'")
    page.wait_for_function("document.querySelector('#question-header').innerText.includes('0.5%')")
    assert "You: 0.5%" in page.locator("#forecast-panel svg.chart").first.inner_html()

    page.get_by_label("Your probability of yes (%)").fill("99.5")
    page.get_by_role("button", name="Save forecast").click()
    page.wait_for_function("document.querySelector('#question-header').innerText.includes('99.5%')")
    assert "up 99 points since your previous forecast" in header(page)
    # The swapped-in chart gets its crosshair once htmx has settled; then the pointer over it shows the readout.
    chart = page.locator("#forecast-panel svg.chart[data-crosshair]:visible").first
    chart.wait_for()
    box = chart.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    page.mouse.move(box["x"] + box["width"] * 0.98, box["y"] + box["height"] / 2)
    tip = page.locator("#forecast-panel .chart-tip:visible").first
    tip.wait_for()
    assert "Community" in tip.inner_text()
    assert "You: 99.5%" in tip.inner_text()
    assert page.evaluate("window.__noReload === true")

    page.get_by_role("button", name="Withdraw my forecast").click()
    page.locator("#forecast-panel").get_by_text("Forecast withdrawn.").wait_for()
    page.wait_for_function("document.querySelector('#question-header').innerText.includes('Not forecast yet')")
    assert page.evaluate("window.__noReload === true")
    screenshot(page, "question-loop")

    # Multiple choice with the keyboard only: "f" jumps to the first option; what is typed stays as typed.
    page.goto(f"/questions/{CHOICE}/")
    accessible(page)
    page.locator("body").press("f")
    assert page.evaluate("document.activeElement.id") == "option_0"
    for value in ("10", "20", "30", "39"):
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    values = [page.locator(f"#option_{i}").input_value() for i in range(4)]
    assert values == ["10", "20", "30", "39"]  # nothing rescaled behind the forecaster's back
    assert "1% left to assign" in page.locator(".options-input .sum").inner_text()
    page.locator("#option_3").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    page.keyboard.press("Enter")  # submits the form
    page.locator("#forecast-panel").get_by_text("Forecast saved.").wait_for()
    assert "Defensive lethal weapons 30%" in page.locator("#forecast-panel ol.history").inner_text()

    # Quick forecast from the question list.
    page.goto("/questions/")
    accessible(page)
    quick = page.get_by_label("Your probability of yes (%) for:", exact=False).first
    quick.fill("42")
    quick.press("Enter")
    page.locator(".quick-forecast").get_by_text("Saved").first.wait_for()
    assert "42%" in page.locator(".quick-forecast").first.inner_text()
    screenshot(page, "questions-loop")

    page.locator("body").press("?")
    assert page.locator("dialog#shortcuts").is_visible()
    page.keyboard.press("Escape")
