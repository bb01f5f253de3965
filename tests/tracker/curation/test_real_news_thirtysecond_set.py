"""Defects a thirty-second untuned set of real news (a container ship aground in a canal, the start of a plant's
treated-water release) showed in the drafts; sentences written for the project in the shape of those found, not
quoted. Each failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 12, 4)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


def test_an_opening_time_before_a_sayer_and_an_appositive_is_when_it_was_said():
    text = (
        "At a briefing Thursday, Capt. Lena Moraes, head of the port authority, said there were signs of progress "
        'and that "at any time the barge could float free."'
    )
    assert drafts(text) == [("Will the barge float free by 4 December 2027?", date(2027, 12, 4))]


def test_two_clauses_spliced_by_a_comma_are_two_drafts():
    text = 'The operator said that "divers will inspect the hull, tugs will try again tomorrow."'
    assert drafts(text) == [
        ("Will divers inspect the hull by 4 December 2027?", date(2027, 12, 4)),
        ("Will tugs try again by 5 December 2026?", date(2026, 12, 5)),
    ]


def test_a_relative_clause_after_a_comma_is_no_second_draft():
    text = "Heavy losses can stir public anger, which could lead to a change of course in the war."
    assert len(drafts(text)) == 1


def test_the_main_clause_after_even_though_is_a_draft_of_its_own():
    text = '"Even though the work will last for decades, the ministry will take full responsibility," she said.'
    titles = [title for title, _ in drafts(text)]
    assert titles == [
        "Will the work last for decades by 4 December 2027?",
        "Will the ministry take full responsibility by 4 December 2027?",
    ]


def test_in_what_could_be_opens_no_forecast_and_said_later_in_the_day_dates_nothing():
    text = (
        "In what could be a process taking around 20 years, Porto Energy plans to start the discharge slowly, an "
        "official said later in the day."
    )
    assert drafts(text) == [("Will Porto Energy start the discharge slowly by 4 December 2027?", date(2027, 12, 4))]


def test_before_a_clause_dated_on_a_day_is_by_the_day_before():
    text = "The ministry aims to publish the test results before trawlers return to sea on Dec. 15."
    assert drafts(text) == [
        (
            "Will the ministry publish the test results before trawlers return to sea by 14 December 2026?",
            date(2026, 12, 14),
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Porto Energy apparently aims to finish the discharge by the spring.",
            "Will Porto Energy finish the discharge by 31 May 2027?",
        ),
        (
            "Porto Energy will start the discharge on Monday, weather conditions permitting, the minister said.",
            "Will Porto Energy start the discharge by 7 December 2026?",
        ),
        (
            'The minister vowed to close the plant safely, saying, "The state will pay, even if it takes decades."',
            "Will the minister close the plant safely by 4 December 2027?",
        ),
        (
            "As Lisbon looks certain to lodge a formal protest over the plan, there are concerns that exports may fall.",
            "Will Lisbon lodge a formal protest over the plan by 4 December 2027?",
        ),
        (
            "Portugal is making final arrangements to begin the discharge as early as Monday, an official said.",
            "Will Portugal begin the discharge by 7 December 2026?",
        ),
        (
            "The chancellor risks losing the budget vote in parliament next week.",
            "Will the chancellor lose the budget vote in parliament by 13 December 2026?",
        ),
    ],
)
def test_the_forecast_asked_plainly(text, expected):
    assert drafts(text)[0][0] == expected


def test_the_risks_facing_are_no_forecast():
    assert drafts("The risks facing the port operators are growing.") == []


def test_an_opened_quotation_after_adding_that_is_no_part_of_the_subject():
    text = 'The agency said the tide did not help, adding that "dredgers will continue their work on the bank."'
    assert drafts(text)[0][0].startswith("Will dredgers continue their work")


@pytest.mark.parametrize(
    ("text", "flag_start"),
    [
        ("The canal could stay blocked for weeks, engineers have warned.", "A time phrase is left in (“for weeks”)"),
        (
            "The minister said he will keep trying to persuade the fishermen's federation.",
            "“trying to” asks about an attempt",
        ),
    ],
)
def test_a_span_and_an_attempt_left_in_are_flagged(text, flag_start):
    [claim] = extract_claims(text, published=FRIDAY)
    assert any(flag.startswith(flag_start) for flag in claim.flags), claim.flags
