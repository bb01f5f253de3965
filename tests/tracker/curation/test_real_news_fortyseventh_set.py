"""Defects a forty-seventh untuned set of real news (cloud forecasts for a total solar eclipse, day by day) showed in
the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before its rule
was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "are hinting that": a frame
        (
            "The long-range models are hinting that a wet pattern will set in over the Algarve by March 20.",
            ("Will a wet pattern set in over the Algarve by 20 March 2026?", date(2026, 3, 20)),
        ),
        # a participle's aside between the subject and its verb
        (
            "The Faro festival, expected to draw thousands, will open its gates on March 14.",
            ("Will the Faro festival open its gates by 14 March 2026?", date(2026, 3, 14)),
        ),
        # "highly probable" is "possible" and more
        (
            "The fog lifted today. Fog is highly probable from Faro through Tavira on Sunday.",
            ("Will there be fog from Faro through Tavira by 8 March 2026?", date(2026, 3, 8)),
        ),
        # "currently favored to"; a name opening "New …" keeps its capital
        (
            "New England is currently favored to offer the clearest skies on Sunday.",
            ("Will New England offer the clearest skies by 8 March 2026?", date(2026, 3, 8)),
        ),
        # "X is in the forecast for Y ahead of Sunday's event": the event before its day
        (
            "The fog lifted today. Fog is in the forecast for Faro and Tavira ahead of Sunday's regatta.",
            ("Will there be fog in Faro and Tavira by 8 March 2026?", date(2026, 3, 8)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected
