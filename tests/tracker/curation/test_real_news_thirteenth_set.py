"""Defects a thirteenth untuned set of real news (a summit in Alaska, central-bank rate decisions, changes of prime
minister in Japan) showed in the drafts; sentences written for the project in the shape of those found, not quoted.
Each failed before its rule was repaired."""

from datetime import date

import pytest

from tests.tracker.curation.drafts import deadline_of, flagged
from tracker.curation.extraction import extract_claims

PUBLISHED = date(2026, 12, 1)  # a Tuesday


def titles(text: str, published: date = PUBLISHED) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=published)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("will take place next Friday, December 11, 2026, in Oslo", date(2026, 12, 11)),
        ("will cut rates at its Dec. 15-16 meeting", date(2026, 12, 16)),
        ("could be seen early next year", date(2027, 4, 30)),
    ],
)
def test_dates_of_the_thirteenth_set(phrase, expected):
    assert deadline_of(f"The bank {phrase}.", PUBLISHED) == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a dateline with a dotted abbreviation
        (
            "WASHINGTON, D.C. - Lula and Milei are scheduled to meet next week in Brasilia.",
            "Will Lula and Milei meet in Brasilia by 13 December 2026?",
        ),
        # "expect X to …": the date after the verb, not the one before it
        (
            'Previewing next week\'s meeting, "We expect the bank to cut rates by 25 bps on December 16," analysts '
            "said.",
            "Will the bank cut rates by 25 bps by 16 December 2026?",
        ),
        # a possessive time phrase leaves its article, not its "'s"
        (
            "We expect Rosen and Gray to dissent from this month's decision.",
            "Will Rosen and Gray dissent from the decision by 31 December 2026?",
        ),
        (
            "The city of Bergen, Norway will host Friday's summit of the two leaders.",
            "Will the city of Bergen host the summit of the two leaders by 4 December 2026?",
        ),
        # "…, despite …" and "with X set to …" end the verb phrase
        (
            "The bank is expected to cut rates by 25 basis points at its Dec. 15-16 meeting, despite record low "
            "unemployment.",
            "Will the bank cut rates by 25 basis points by 16 December 2026?",
        ),
        (
            "Prime Minister Tanaka will officially step down Friday with Aiko Sato set to take his place.",
            "Will Prime Minister Tanaka officially step down by 4 December 2026?",
        ),
        # "named as" keeps what they are named as; an age is no subject
        (
            "Gen Mori and Ken Abe will be named as defense and foreign ministers respectively.",
            "Will Gen Mori and Ken Abe be named as defense and foreign ministers respectively by 1 December 2027?",
        ),
        (
            "Prime Minister Tanaka said on Monday he was tired. Tanaka, 68, will hold a press conference at 6 p.m. "
            "(0900 GMT).",
            "Will Tanaka hold a press conference by 1 December 2027?",
        ),
        # a first clause in an irregular past shares its subject with the forecast
        (
            "The central bank began the two-day meeting Tuesday and will announce its decision at 2 p.m. on Wednesday.",
            "Will the central bank announce its decision by 2 December 2026?",
        ),
        (
            "Another rate cut could be seen early next year.",
            "Will another rate cut be seen by 30 April 2027?",
        ),
    ],
)
def test_datelines_dates_clauses_and_names_of_the_thirteenth_set(text, title):
    assert titles(text)[0] == title


def test_adding_that_frames_what_follows():
    assert titles("The leader wrote on his page, adding that details will follow later.")[0].startswith(
        "Will details follow"
    )


def test_with_x_set_to_is_a_forecast_of_its_own():
    text = "Prime Minister Tanaka is stepping down with Aiko Sato set to take over as the new leader."
    assert "Will Aiko Sato take over as the new leader by 1 December 2027?" in titles(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The much anticipated talks are expected to cover a roadmap for peace.", "the much anticipated talks"),
        ("Stephen Miran may not join the board in time for the meeting.", "the meeting"),
    ],
)
def test_an_event_told_before_is_flagged(text, words):
    assert flagged(text, f"“{words}”", PUBLISHED)


def test_the_publication_day_by_its_afternoon_and_after_a_describing_participle():
    assert deadline_of("Parliament is expected to appoint Sato by Tuesday afternoon.", PUBLISHED) == PUBLISHED
    assert deadline_of("The bank will submit a revised outlook Tuesday.", PUBLISHED) == PUBLISHED


def test_another_thing_passive_names_no_one():
    assert flagged("Another rate cut could be seen early next year.", "says not by whom", PUBLISHED)
