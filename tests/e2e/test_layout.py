"""Layout defects a team's admin met (issue #28, 7), measured in the browser on the seed story: the question list
with every status fits 1280 px and leaves its titles room; on a phone the header is one line with a menu that
works without JavaScript, and the notification settings show every column."""

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, accessible, log_in, new_page

pytestmark = [pytest.mark.e2e]


def test_the_question_list_with_every_status_fits_the_screen(browser, live_server, story):
    page = new_page(browser, live_server, DESKTOP)
    log_in(page, "demo-curator")
    page.goto("/questions/?status=all")
    assert page.locator("text=Resolved:").count() > 0  # the long badges are on the page
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    title_width = page.evaluate("document.querySelector('table.questions td').getBoundingClientRect().width")
    assert title_width >= 380, title_width  # was 256 px beside a badge that would not wrap
    accessible(page)
    assert page.console.errors == []
    page.context.close()


def test_on_a_phone_the_header_is_one_line_and_settings_show_every_column(browser, live_server, story):
    page = new_page(browser, live_server, PHONE)
    log_in(page, "demo-curator")
    page.goto("/questions/")
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert header <= 64, header
    page.get_by_text("Menu", exact=True).click()  # a details element: no script needed
    page.get_by_role("link", name="Teams").click()
    page.wait_for_url("**/teams/")
    accessible(page)
    page.goto("/notifications/settings/")
    email = page.locator("select").first
    box = email.bounding_box()
    assert email.is_visible() and box["x"] + box["width"] <= PHONE["width"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    accessible(page)
    assert page.console.errors == []
    page.context.close()
