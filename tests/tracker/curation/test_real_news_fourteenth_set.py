"""Defects a fourteenth untuned set of real news (air-defence deliveries, presidential elections and their runoffs)
showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before
its rule was repaired."""

from datetime import date

import pytest

from tests.tracker.curation.drafts import deadline_of, flagged
from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 12, 4)


def titles(text: str, published: date = FRIDAY) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=published)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("are unlikely to arrive before early summer", date(2027, 5, 31)),
        ("will arrive by early summer", date(2027, 6, 30)),
        ("are expected to be officially announced on Saturday at midday", date(2026, 12, 5)),
    ],
)
def test_dates_of_the_fourteenth_set(phrase, expected):
    assert deadline_of(f"The results {phrase}.", FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a date opening what was said is the title's, not part of the subject
        (
            "The article also says that on December 9 some 70 soldiers will begin six weeks of training.",
            "Will some 70 soldiers begin six weeks of training by 9 December 2026?",
        ),
        # "…, the paper adds, citing …" and "most likely" go
        (
            "Most of the shells are unlikely to arrive soon. The shells will most likely be delivered later, the "
            "paper adds, citing a US official.",
            "Will the shells be delivered by 4 December 2027?",
        ),
        # "And they will …" opens a clause; "He mentioned" is a frame
        (
            'Kenya will buy two systems. "And they will be delivered this month," the minister said on television.',
            "Will they be delivered by 31 December 2026?",
        ),
        (
            "He mentioned Kenya would take delivery of the radar from Italy in December.",
            "Will Kenya take delivery of the radar from Italy by 31 December 2026?",
        ),
        # a headline signed with its source after a colon
        (
            "Patriot systems expected to be deployed in Kenya soon: Top Kenyan diplomat\n\nThe text goes on here.",
            "Will Patriot systems be deployed in Kenya by 4 December 2027?",
        ),
        # a plan under way, with its day
        (
            "Voters in Chile are heading to the polls on Sunday to choose their next president.",
            "Will voters in Chile head to the polls to choose their next president by 6 December 2026?",
        ),
        ("Preliminary results are expected as early as Saturday.", "Will preliminary results come by 5 December 2026?"),
    ],
)
def test_frames_cues_and_clauses_of_the_fourteenth_set(text, title):
    assert title in titles(text)


def test_a_second_subject_after_and_and_a_dated_relative_clause_get_drafts_of_their_own():
    text = (
        "Patriot systems are set to be deployed faster than planned and a group of 65 soldiers will complete their "
        "training in the coming days."
    )
    assert "Will a group of 65 soldiers complete their training by 11 December 2026?" in titles(text)
    text = (
        "The troops will then move on to Europe for training on the two systems -- one American and one German -- "
        "that will be deployed to Kenya in the coming weeks."
    )
    assert titles(text) == [
        "Will the troops move on to Europe for training on the two systems by 4 December 2027?",
        "Will the two systems be deployed to Kenya by 15 January 2027?",
    ]


def test_predictions_are_rife_that_frames_and_a_bare_plural_opening_the_sentence_is_flagged():
    assert titles("Turnout was low, but predictions are rife that more voters will show up for the runoff.")[0] == (
        "Will more voters show up for the runoff by 4 December 2027?"
    )
    assert flagged("Polls will close at 6 pm, officials said.", "“polls” stands for something", FRIDAY)


def test_a_long_first_line_is_the_headline_and_outcomes_named_by_no_one_are_flagged():
    text = (
        "Patriot missile systems expected to be deployed in Kenya very soon: Top Kenyan diplomat\n\nThe text goes on."
    )
    assert titles(text)[0] == "Will Patriot missile systems be deployed in Kenya by 4 December 2027?"
    assert flagged("The final results are expected to be announced on Saturday at midday.", "the final results", FRIDAY)
    assert titles("The final results are expected to be announced on Saturday at midday.")[0] == (
        "Will the final results be announced by 5 December 2026?"
    )
    assert flagged("Preliminary results are expected as early as Saturday.", "results” stands for", FRIDAY)
