"""Defects a thirty-fourth untuned set of real news (a city awarded the Olympic Games, previews of a chipmaker's
earnings) showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each
failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

THURSDAY = date(2026, 6, 11)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=THURSDAY)]


def test_looks_sure_to_and_a_state_reached_next_month():
    text = "The bidding race looks sure to be over and won next month when the council meets in Lausanne."
    assert drafts(text)[0][1] == date(2026, 7, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In February, Porto was named the preferred city, and the July vote is considered a formality.",
            ("Will the July vote take place by 31 July 2026?", date(2026, 7, 31)),
        ),
        (
            "The city's victory already appeared certain.",
            ("Will the city's victory take place by 11 June 2027?", date(2027, 6, 11)),
        ),
    ],
)
def test_an_event_said_to_be_certain_or_a_formality(text, expected):
    assert drafts(text)[0] == expected


def test_the_month_of_a_vote_refers_back_to_which_vote():
    [claim] = extract_claims("The July vote is considered a formality.", published=THURSDAY)
    assert any("“the July vote” stands for something" in flag for flag in claim.flags)


def test_a_named_subjects_clause_after_but_and_and():
    text = (
        "Strict curfews in two provinces may dampen the celebrations but Porto remains open to visitors and Porto "
        "fans will gather on the riverbank for the announcement."
    )
    assert [title for title, _ in drafts(text)] == [
        "Will strict curfews in two provinces dampen the celebrations by 11 June 2027?",
        "Will Porto fans gather on the riverbank for the announcement by 11 June 2027?",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Council president Ana Lima said: "The members will vote on the proposal on July 21."',
            "Will the members vote on the proposal by 21 July 2026?",
        ),
        (
            "The chipmaker's earnings date has moved again.\n* CORRECTION: Earnings will be released tomorrow.",
            "Will earnings be released by 12 June 2026?",
        ),
        (
            "While some analysts expect a dip, there is broad consensus that growth could pick up in the second half.",
            "Will growth pick up in the second half by 11 June 2027?",
        ),
        (
            "Wall Street analysts expect another strong quarter, projecting earnings of $0.87 a share.",
            "Will there be another strong quarter by 11 June 2027?",
        ),
        (
            "The member states that ratify the pact will send troops in July.",
            "Will the member states that ratify the pact send troops by 31 July 2026?",
        ),
    ],
)
def test_frames_and_labels_before_the_forecast(text, expected):
    assert drafts(text)[-1][0] == expected


def test_the_year_of_a_figure_risen_from_is_no_deadline():
    text = "The adjusted gross margins are expected to rise to 61.9% from 60.1% in 2026."
    assert drafts(text)[0][1] == date(2027, 6, 11)
