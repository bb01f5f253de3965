"""Defects a fifteenth untuned set of real news (an alliance's summit, a snap presidential election) showed in the
drafts; sentences written for the project in the shape of those found, not quoted. Each failed before its rule was
repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

PUBLISHED = date(2026, 12, 1)


def titles(text: str) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "The White House said the alliance would lay out a path of reforms for Kenya so that it can eventually "
            "join the bloc.",
            "Will the alliance lay out a path of reforms for Kenya by 1 December 2027?",
        ),
        (
            '"A reform path for Kenya will be drawn up but I can\'t put a timetable on it," the adviser said.',
            "Will a reform path for Kenya be drawn up by 1 December 2027?",
        ),
        (
            "The NATO will also deepen its links with Kenya.",
            "Will NATO deepen its links with Kenya by 1 December 2027?",
        ),
        (
            "President Ruto himself is set to attend the meeting in Vilnius.",
            "Will President Ruto attend the meeting in Vilnius by 1 December 2027?",
        ),
    ],
)
def test_purposes_asides_names_and_reflexives_of_the_fifteenth_set(text, title):
    assert titles(text)[0] == title
