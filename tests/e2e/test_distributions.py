"""Numeric and date questions in a real browser at desktop (1280 px) and phone (390 px) widths: read the crowd's
median and interval, move the quantile sliders with the keyboard and see the draft drawn, save, read the new
numbers in the header without a reload; a date question takes days from the date inputs. axe-core clean, no console
errors, nothing wider than the screen, no text under 11 px (the screenshots check)."""

import pytest

from forecasts.models import Forecast
from tests.e2e.conftest import DESKTOP, PHONE, accessible, log_in, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NUMERIC = "nis-nk-war-dead-estimate-by-2027-06-30"
DATE = "kim-jong-un-next-russia-visit-date"


def header(page) -> str:
    return page.locator("#question-header").inner_text()


@pytest.mark.parametrize("page", [DESKTOP, PHONE], ids=["desktop", "phone"], indirect=True)
def test_a_forecaster_enters_a_distribution_with_the_keyboard(page, story):
    log_in(page, "demo-alex")
    page.goto(f"/questions/{NUMERIC}/")
    page.evaluate("window.__noReload = true")
    assert "80% between" in header(page)
    assert "deaths" in header(page)
    accessible(page)

    median = page.get_by_label("Median: as likely below as above", exact=True)
    median.fill("3000")
    page.get_by_label("Low: a 10% chance it is below", exact=True).fill("2200")
    high_slider = page.get_by_label("High: a 10% chance it is above (slider)")
    high_slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    typed_high = float(page.get_by_label("High: a 10% chance it is above", exact=True).input_value())
    assert typed_high > 0
    page.locator("#distribution-draft").get_by_text("Your draft:").wait_for()
    assert page.locator("#distribution-draft svg").count() >= 1

    page.get_by_role("button", name="Save forecast").click()
    page.locator("#forecast-panel").get_by_text("Forecast saved.").wait_for()
    page.wait_for_function("document.querySelector('#question-header').innerText.includes('3,000 deaths')")
    assert page.evaluate("window.__noReload") is True
    latest = Forecast.objects.filter(question__slug=NUMERIC, user__username="demo-alex").order_by("-id").first()
    assert latest is not None
    assert len(latest.probabilities) == 201
    screenshot(page, "numeric-question")


def test_a_date_question_takes_days_and_refuses_them_out_of_order(page, story):
    log_in(page, "demo-alex")
    page.goto(f"/questions/{DATE}/")
    assert page.get_by_label("Median: as likely below as above", exact=True).get_attribute("type") == "date"
    page.get_by_label("Low: a 10% chance it is below", exact=True).fill("2027-05-01")
    page.get_by_label("Median: as likely below as above", exact=True).fill("2027-03-01")
    page.get_by_label("High: a 10% chance it is above", exact=True).fill("2027-06-20")
    page.get_by_role("button", name="Save forecast").click()
    page.locator("#forecast-panel .field-error").first.wait_for()
    assert "higher values" in page.locator("#forecast-panel").inner_text()
    page.get_by_label("Median: as likely below as above", exact=True).fill("2027-05-20")
    page.get_by_role("button", name="Save forecast").click()
    page.locator("#forecast-panel").get_by_text("Forecast saved.").wait_for()
    page.wait_for_function("document.querySelector('#question-header').innerText.includes('20 May 2027')")
    accessible(page)
    screenshot(page, "date-question")
