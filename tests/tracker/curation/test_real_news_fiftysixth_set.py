"""Defects a fifty-sixth untuned set of real news (an earthquake advisory and the long-run odds of a great quake)
showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before
its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.time_expressions import find_deadline

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


def test_decades_are_a_unit():
    found = find_deadline("A quake will strike the Algarve within the next three decades.", FRIDAY)
    assert found is not None
    assert found.date == date(2056, 3, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "there is a N percent to M percent chance of X occurring", after "said": the event asked about
        (
            "The Portuguese government has previously said there is a 70 percent to 80 percent chance of a "
            "magnitude 8 quake occurring off the Algarve within 30 years.",
            ("Will there be a magnitude 8 quake off the Algarve by 6 March 2056?", date(2056, 3, 6)),
        ),
        # "there's a 70 to 80 percent chance (that)" is a frame
        (
            "Experts believe there's a 70 to 80 percent chance the Algarve will have a magnitude 8 quake within the "
            "next three decades.",
            ("Will the Algarve have a magnitude 8 quake by 6 March 2056?", date(2056, 3, 6)),
        ),
    ],
)
def test_the_odds_of_an_event_are_its_forecast(text, expected):
    assert drafts(text)[-1] == expected
