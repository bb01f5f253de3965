"""Defects a forty-ninth untuned set of real news (a space agency's decision on how its stranded crew comes home)
showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before
its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.time_expressions import find_deadline

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "in February next year", "next February": the next year's month, also said in that month
        ("The crew will return aboard the Vantor capsule in February next year.", date(2027, 2, 28)),
        ("The crew will 'return next February'.", date(2027, 2, 28)),
        ("The crew will return next March.", date(2027, 3, 31)),
        # "around the middle of August"
        ("Officials expect to decide around the middle of April.", date(2026, 4, 15)),
    ],
)
def test_the_time_phrase_is_read(sentence, expected):
    found = find_deadline(sentence, FRIDAY)
    assert found is not None
    assert found.date == expected


def test_a_date_a_launch_was_moved_from_is_no_deadline():
    sentence = "The agency would fly the mission, whose launch was delayed from March 18 to April 24, with two people."
    found = find_deadline(sentence, FRIDAY)
    assert found is None or found.date != date(2026, 3, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the quotation marks close on the verb alone once the date is gone
        (
            "The agency said on Friday that Ana Sousa and Rui Costa will 'return next February', outlining its plan.",
            ("Will Ana Sousa and Rui Costa return by 28 February 2027?", date(2027, 2, 28)),
        ),
        # "has decided that", and a named subject after ", and that"
        (
            '"The agency has decided that Ana Sousa will return with Vantor-9 next February, and that the Lumen '
            'capsule will return uncrewed in April," its chief told reporters.',
            ("Will the Lumen capsule return uncrewed by 30 April 2026?", date(2026, 4, 30)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected


def test_has_decided_that_is_a_frame_for_the_first_clause_too():
    text = (
        '"The agency has decided that Ana Sousa will return with Vantor-9 next February, and that Lumen Labs will '
        'ship the capsule home," its chief told reporters.'
    )
    titles = [title for title, _ in drafts(text)]
    assert titles[0] == "Will Ana Sousa return with Vantor-9 by 28 February 2027?"
    assert titles[1].startswith("Will Lumen Labs ship the capsule home by ")
