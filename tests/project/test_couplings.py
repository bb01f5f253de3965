"""The couplings from tracker up to forecasts that no import shows (issue #29). tracker never imports forecasts
(import-linter holds that); what is left is named here and in docs/architecture.md, and checked: the URL names of
forecasts' pages that tracker links to, and the hooks forecasts registers for tracker to call."""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
# The pages forecasts serves that tracker's pages, emails and notifications link to, by URL name. A new one is a
# new coupling: add it here and to docs/architecture.md ("Couplings no import shows") on purpose.
FORECASTS_PAGES_TRACKER_LINKS_TO = {
    "dashboard",
    "home",
    "leaderboard",
    "question-detail",
    "question-edit",
    "question-new",
    "question-resolve",
    "question-resolve-link",
    "questions",
    "scenario-detail",
    "scenario-follow",
    "track-record",
}
NAME_USES = [
    re.compile(r"\{% url ['\"]([\w:-]+)['\"]"),
    re.compile(r"\b(?:reverse|redirect)\(\s*['\"]([\w:-]+)['\"]"),
]


def url_names_by_app() -> dict[str, str]:
    """Each named URL → the app ("tracker" or "forecasts") whose view serves it."""
    owners: dict[str, str] = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "") or ""
                owners[namespace + pattern.name] = module.split(".")[0]

    walk(get_resolver().url_patterns)
    return owners


def names_tracker_uses() -> set[str]:
    used: set[str] = set()
    for path in [*ROOT.joinpath("tracker").rglob("*.py"), *ROOT.joinpath("tracker").rglob("*.html")]:
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        for pattern in NAME_USES:
            used.update(pattern.findall(text))
    return used


def test_tracker_links_only_to_the_forecasts_pages_named_here():
    owners = url_names_by_app()
    upward = {name for name in names_tracker_uses() if owners.get(name) == "forecasts"}
    # get_absolute_url of a question is a use too, written once in tracker/questions/models.py.
    assert upward == FORECASTS_PAGES_TRACKER_LINKS_TO


def test_every_url_name_tracker_uses_exists():
    owners = url_names_by_app()
    missing = {name for name in names_tracker_uses() if name not in owners and not name.startswith("admin:")}
    assert missing == set()


def test_the_architecture_guide_names_the_same_couplings():
    guide = (ROOT / "docs" / "architecture.md").read_text()
    section = guide.split("## Couplings no import shows", 1)[1].split("\n## ", 1)[0]
    for name in FORECASTS_PAGES_TRACKER_LINKS_TO:
        assert f"`{name}`" in section, name
    assert "`forecasters_of`" in section


@pytest.mark.django_db
def test_forecasts_registers_the_hooks_tracker_calls():
    from forecasts.services.forecasting import forecast_submit
    from tests.factories import UserFactory, make_question
    from tracker.questions.hooks import forecasters_of

    question = make_question()
    forecaster, withdrawn = UserFactory(), UserFactory(is_active=False)
    forecast_submit(user=forecaster, question=question, probability=0.3)
    forecast_submit(user=withdrawn, question=question, probability=0.6)
    assert list(forecasters_of(question)) == [forecaster]
