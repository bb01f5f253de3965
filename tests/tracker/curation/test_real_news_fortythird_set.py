"""Defects a forty-third untuned set of real news (a video game's release window reaffirmed quarter by quarter; a
console maker's delayed pre-orders) showed in the drafts; sentences written for the project in the shape of those
found, not quoted. Each failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims, split_sentences
from tracker.curation.time_expressions import find_deadline

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


def flags(text: str) -> list[str]:
    return extract_claims(text, published=FRIDAY)[-1].flags


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a season with its year needs no preposition; a company's "calendar" year is the year
        ("Tidewater is on track for a Fall 2026 release on every console.", date(2026, 11, 30)),
        ('Tidewater is set to be released in the "Fall of Calendar 2026."', date(2026, 11, 30)),
        # the first month's part changes nothing in a range
        (
            "The studio is likely to put the launch somewhere between late August and December of 2026.",
            date(2026, 12, 31),
        ),
        # "based on" gives a reason; no past act dates the month
        (
            "The studio might release a second trailer in October based on a hint in its online game.",
            date(2026, 10, 31),
        ),
        # an event noun's date after an article
        ("The Vantor Deck is scheduled for a June 5 launch.", date(2026, 6, 5)),
    ],
)
def test_the_time_phrase_is_read(sentence, expected):
    found = find_deadline(sentence, FRIDAY)
    assert found is not None
    assert found.date == expected


@pytest.mark.parametrize(
    "sentence", ["Prices could fall 2026 percent.", "Shares may fall 2,026 points.", "The summer 2025 tour ended."]
)
def test_a_season_without_preposition_needs_a_year_to_come_and_no_quantity(sentence):
    assert find_deadline(sentence, FRIDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "on track for / set for / scheduled for a release": the act the noun names
        (
            "Lumen Forge confirms Tidewater is on track for a Fall 2026 release on every console, dispelling rumours of a "
            "delay.",
            ("Will Tidewater be released on every console by 30 November 2026?", date(2026, 11, 30)),
        ),
        (
            "Tidewater is on track for its Fall 2026 release window.",
            ("Will Tidewater be released by 30 November 2026?", date(2026, 11, 30)),
        ),
        (
            "The Vantor Deck is scheduled for a June 5 launch.",
            ("Will the Vantor Deck launch by 5 June 2026?", date(2026, 6, 5)),
        ),
        # reported, "is on track" shifts back to "was"
        (
            "On its earnings call, Lumen Forge confirmed that Tidewater was on track for a release in 2026.",
            ("Will Tidewater be released by 31 December 2026?", date(2026, 12, 31)),
        ),
        # "is on schedule and will …": the verb that follows is the forecast
        (
            "The Porto studio has assured fans that Tidewater is on schedule and will be released in the Fall of 2026.",
            ("Will Tidewater be released by 30 November 2026?", date(2026, 11, 30)),
        ),
        # a frame whose verb has an object before "that", "it seems that", "confirms" without "that"
        (
            "In its latest update, Lumen Forge has reaffirmed its investors that Tidewater is set to be released in the "
            '"Fall of Calendar 2026."',
            ("Will Tidewater be released by 30 November 2026?", date(2026, 11, 30)),
        ),
        (
            "A trade paper quoted several publishers including Lumen Forge that Tidewater will be delayed by the end of "
            "the year.",
            ("Will Tidewater be delayed by 31 December 2026?", date(2026, 12, 31)),
        ),
        (
            "Meanwhile, fans began speculating that Lumen Forge might release a second Tidewater trailer in October "
            "based on a hint in its online game.",
            ("Will Lumen Forge release a second Tidewater trailer by 31 October 2026?", date(2026, 10, 31)),
        ),
        (
            "At this time, it seems that Lumen Forge and Vantor intend to ship Tidewater before December.",
            ("Will Lumen Forge and Vantor ship Tidewater by 30 November 2026?", date(2026, 11, 30)),
        ),
        # "somewhere" goes with its time phrase; a purpose in quotation marks goes
        (
            "Lumen Forge is likely to put the Tidewater launch somewhere between late August and December of 2026.",
            ("Will Lumen Forge put the Tidewater launch by 31 December 2026?", date(2026, 12, 31)),
        ),
        (
            'Pre-orders for the Vantor Deck will not start on Apr 9 in Portugal "in order to assess the impact of '
            'tariffs," Vantor said in a statement.',
            ("Will pre-orders for the Vantor Deck start in Portugal by 9 April 2026?", date(2026, 4, 9)),
        ),
        # a company officer's "we" is the company, and "confident that we" opens the forecast
        (
            '"We are very confident that we will release [Tidewater] in the fall of 2026," Lumen Forge CEO Ana Sousa '
            "told reporters.",
            ("Will Lumen Forge release Tidewater by 30 November 2026?", date(2026, 11, 30)),
        ),
        # a past clause, a bare "and", then a forecast of its own; "in the fullness of time" says no time
        (
            '"The trailer broke the internet and more news will come from Lumen Forge in the fullness of time."',
            ("Will more news come from Lumen Forge by 6 March 2027?", date(2027, 3, 6)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected


def test_a_summary_box_label_is_no_subject():
    text = (
        "Summary Vantor delays pre-orders for the Vantor Deck in Portugal.\n\n"
        "Vantor says it will announce a new pre-order window in Portugal at a later date."
    )
    assert drafts(text)[-1] == (
        "Will Vantor announce a new pre-order window in Portugal by 6 March 2027?",
        date(2027, 3, 6),
    )


def test_a_slash_before_the_last_letter_is_no_initial():
    text = (
        "Tidewater will be released on the Vantor Deck and Series X/S. Unfortunately, the PC version will come later."
    )
    assert [sentence.text for sentence in split_sentences(text)] == [
        "Tidewater will be released on the Vantor Deck and Series X/S.",
        "Unfortunately, the PC version will come later.",
    ]


@pytest.mark.parametrize(
    ("text", "pointing"),
    [
        (
            "Actors went on strike in July. Lumen Forge said Tidewater will not be affected by the strike.",
            "the strike",
        ),
        (
            "Tidewater is the studio's biggest game. Fans expect Lumen Forge to release a trailer for the game in "
            "October.",
            "the game",
        ),
    ],
)
def test_the_last_object_told_before_is_flagged(text, pointing):
    assert any(f"“{pointing}”" in flag for flag in flags(text))


def test_an_object_nobody_in_particular_is_not_flagged():
    text = "The public was shocked by the fire. The cathedral of Faro will reopen to the public in December."
    assert not any("the public" in flag for flag in flags(text))
