"""Defects a thirty-fifth untuned set of real news (a cave rescue, the plans for a coronation) showed in the drafts;
sentences written for the project in the shape of those found, not quoted. Each failed before its rule was
repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


def flags(text: str) -> list[str]:
    return [flag for claim in extract_claims(text, published=FRIDAY) for flag in claim.flags]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials overseeing plans to free the miners have said that the rescue could begin in the next couple of "
            "days.",
            ("Will the rescue begin by 8 March 2026?", date(2026, 3, 8)),
        ),
        (
            "The minister said heavy snow is forecast for the coming days, which could close the pass.",
            ("Will there be heavy snow by 13 March 2026?", date(2026, 3, 13)),
        ),
        (
            "The prince and his wife will be formally crowned on May 9 at the cathedral.",
            ("Will the prince and his wife be formally crowned at the cathedral by 9 May 2026?", date(2026, 5, 9)),
        ),
        (
            "The prince's coronation is all set to take place on May 9 at the cathedral.",
            ("Will the prince's coronation take place at the cathedral by 9 May 2026?", date(2026, 5, 9)),
        ),
        (
            "On May 9, Prince Tomas and Ines, the princess consort, will be crowned at the cathedral.",
            ("Will Prince Tomas and Ines be crowned at the cathedral by 9 May 2026?", date(2026, 5, 9)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[0] == expected


def test_a_quoted_verb_after_will_still_forecasts():
    assert drafts('The palace says the ceremony will "reflect the role of the crown today".')


def test_a_quantified_subject_after_and_opens_a_second_draft():
    text = (
        "Guests will wear suits and many of the old rituals, including the oath of fealty, will not feature this time."
    )
    assert len(drafts(text)) == 2


@pytest.mark.parametrize(
    ("text", "expected_start"),
    [
        (
            "Ministers, ambassadors, former prime ministers and foreign royalty will enter the cathedral first.",
            "Will ministers, ambassadors, former prime ministers and foreign royalty enter the cathedral",
        ),
        (
            "One of the highlights of the week will be the balcony appearance of the royal couple.",
            "Will one of the highlights",
        ),
        (
            "Coach procession: Prince Tomas and Ines will travel from the palace to the cathedral in the state coach.",
            "Will Prince Tomas and Ines travel from the palace",
        ),
        (
            "The prince's coronation is expected to be smaller in scale with more faiths represented, public radio reports.",
            "Will the prince's coronation be smaller in scale with more faiths represented by",
        ),
    ],
)
def test_what_stands_before_or_after_the_forecast(text, expected_start):
    assert drafts(text)[0][0].startswith(expected_start)


@pytest.mark.parametrize(
    ("text", "flag_part"),
    [
        ("Cardinal Ruiz will then declare him the rightful heir.", "stands for something the article told earlier"),
        ("Ines will also be crowned during the elaborate ceremony.", "“the elaborate ceremony” stands for something"),
    ],
)
def test_flags_name_what_the_thirty_fifth_set_showed(text, flag_part):
    assert any(flag_part in flag for flag in flags(text)), flags(text)
