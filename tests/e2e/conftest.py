"""Browser tests: headless Debian Chromium driven by Playwright against a live server with the seed story.

Nothing is downloaded: Playwright's Python package drives the system browser at CHROMIUM_PATH. Without the browser
the tests are skipped locally and fail in CI (CI=true), like every other service a test needs.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.seed_snapshot import seed_story
from tests.services import require_service

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("SIGNPOST_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    available = Path(CHROMIUM_PATH).exists() or shutil.which(CHROMIUM_PATH) is not None
    require_service(
        "Chromium", available, f"install Debian's chromium or set CHROMIUM_PATH (looked at {CHROMIUM_PATH})"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def story(transactional_db, celery_eager, settings):
    """The seed story with demo logins, tasks run in-process (scores appear when a question is resolved)."""
    seed_story("--demo-logins")
    return settings


class ConsoleWatch:
    """Every JavaScript error a page logs or throws; a test fails on any."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))


AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", "));
}"""


def accessible(page) -> None:
    """axe-core (served from node_modules) finds no serious or critical violation on the page as it is now."""
    require_service("axe-core", AXE.exists(), "npm ci --prefix tests/e2e (.ci/run does it)")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(SERIOUS)
    assert violations == [], f"{page.url}: {violations}"


def new_page(browser, live_server, viewport=DESKTOP, *, time_zone: str | None = None):
    """A page in a context of its own (one signed-in person), watching the console; `time_zone` is the browser's."""
    # bypass_csp lets the tests inject axe-core; the pages themselves keep their strict policy.
    context = browser.new_context(viewport=viewport, base_url=live_server.url, bypass_csp=True, timezone_id=time_zone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console = ConsoleWatch(page)
    return page


@pytest.fixture
def page(browser, live_server, request):
    """A page at desktop width, or the viewport a test passes with `indirect` parametrization."""
    page = new_page(browser, live_server, getattr(request, "param", DESKTOP))
    context = page.context
    yield page
    errors = page.console.errors
    context.close()
    assert errors == [], f"JavaScript errors in the browser console: {errors}"


# The smallest rendered text on the page, as [px, "the text"]: HTML text by its computed size, SVG text by its size
# times the chart's scale on screen (a viewBox shrunk to a phone shrinks its text too). Hidden elements do not count.
SMALLEST_TEXT = """() => {
  let smallest = null;
  const consider = (size, text) => { if (smallest === null || size < smallest[0]) smallest = [size, text]; };
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest(".visually-hidden, [hidden], details:not([open]) > :not(summary)")) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    if (el instanceof SVGElement) {
      const scale = el.getScreenCTM() ? el.getScreenCTM().a : 1;
      consider(parseFloat(getComputedStyle(el).fontSize) * scale, el.textContent.trim().slice(0, 40));
    } else {
      consider(parseFloat(getComputedStyle(el).fontSize), el.textContent.trim().slice(0, 40));
    }
  }
  return smallest;
}"""


def screenshot(page, name: str) -> None:
    """The page at desktop and phone widths, into test-artifacts/screenshots/; at each width the page must fit the
    screen, pass axe-core and show no text under 11 px."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{label}.png"), full_page=True)
        # The layout fits the screen: nothing makes the whole page scroll sideways (wide tables scroll inside).
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px wider than a {label} screen"
        page.wait_for_timeout(100)  # the page's resize handler runs (wide tables become reachable by keyboard)
        accessible(page)
        smallest = page.evaluate(SMALLEST_TEXT)
        assert smallest is None or smallest[0] >= 10.9, (
            f"{name} at {label} width has {smallest[0]:.1f}px text: {smallest[1]}"
        )
    page.set_viewport_size(DESKTOP)


def fill_log_in(page, username: str, password: str) -> None:
    """Fill and send the login form the page shows."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def log_in(page, username: str, password: str = "signpost-demo", *, then: str | None = None) -> None:
    """Log in from the login page, and wait to be back at `then` (a path) or at a page."""
    page.goto(f"/accounts/login/?next={then}" if then else "/accounts/login/")
    fill_log_in(page, username, password)
    page.wait_for_url(f"**{then}" if then else "**/")
