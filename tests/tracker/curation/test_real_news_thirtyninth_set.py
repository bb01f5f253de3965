"""Defects a thirty-ninth untuned set of real news (a cathedral's reopening date, a blockchain upgrade's date) showed in
the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before its rule was
repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what is "on schedule for X to" act is X's act; "by the same date next year" is a year on, to the day
        (
            "The mayor announced that repairs were on schedule for Porto's Dom Luis bridge to reopen to traffic by the "
            "same date next year.",
            ("Will Porto's Dom Luis bridge reopen to traffic by 6 March 2027?", date(2027, 3, 6)),
        ),
        # an event expected "between" two days, the month's abbreviation written without a space
        (
            "Final approval of the Porto metro line is expected between Sept.10-20.",
            ("Will final approval of the Porto metro line take place by 20 September 2026?", date(2026, 9, 20)),
        ),
        # "around" a date
        (
            "The Porto metro line is expected to open around Sept. 15.",
            ("Will the Porto metro line open by 15 September 2026?", date(2026, 9, 15)),
        ),
        # ", followed by …" after the date orders what comes; it is no past act that dates nothing
        (
            "The first phase of the Porto metro line will open on Sept. 6, followed by the second phase in October.",
            ("Will the first phase of the Porto metro line open by 6 September 2026?", date(2026, 9, 6)),
        ),
        # a holiday with its year and no preposition
        (
            "Porto's Dom Luis bridge may reopen as Christmas 2026 gift.",
            ("Will Porto's Dom Luis bridge reopen by 25 December 2026?", date(2026, 12, 25)),
        ),
        # an event "on the way" is coming
        (
            "The city has approved the plans, and a new Porto tram museum is also on the way.",
            ("Will there be a new Porto tram museum by 6 March 2027?", date(2027, 3, 6)),
        ),
        # "The date for X has been confirmed as <date>": X takes place then
        (
            "The date for the reopening of Porto's Dom Luis bridge has been confirmed as 8 December 2026, a year after "
            "the collapse.",
            ("Will the reopening of Porto's Dom Luis bridge take place by 8 December 2026?", date(2026, 12, 8)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected


def test_a_verb_and_its_particle_end_the_phrase_whole():
    [claim] = extract_claims(
        "The Porto metro line's new timetable will likely kick in between Sept. 13-16.", published=FRIDAY
    )
    assert claim.title == "Will the Porto metro line's new timetable kick in by 16 September 2026?"
    assert claim.flags == []


def test_on_the_way_to_a_place_is_no_forecast():
    assert drafts("The delegation is already on the way to Porto.") == []
