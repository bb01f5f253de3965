"""Defects a forty-sixth untuned set of real news (a tropical storm's landfall forecasts, hour by hour) showed in the
drafts; sentences written for the project in the shape of those found, not quoted. Each failed before its rule was
repaired."""

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
        # tonight, or a day, and the next day: the later
        ("Lorna is expected to bring strong winds to Faro tonight and early Saturday.", date(2026, 3, 7)),
        ("There is a risk of flooding along the Algarve coast late Friday into Saturday.", date(2026, 3, 7)),
        ("Flooding is anticipated tonight through Saturday night across Tavira.", date(2026, 3, 7)),
        ("Lorna will become a typhoon again later today or tonight.", date(2026, 3, 6)),
    ],
)
def test_the_time_phrase_is_read(sentence, expected):
    found = find_deadline(sentence, FRIDAY)
    assert found is not None
    assert found.date == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an event anticipated, with where
        (
            "Heavy flooding is anticipated tonight through Saturday night across parts of the Algarve.",
            ("Will heavy flooding take place across parts of the Algarve by 7 March 2026?", date(2026, 3, 7)),
        ),
        # "We're expecting X to"; "expects X, which …, to"
        (
            '"We\'re expecting Typhoon Lorna to make landfall near Faro sometime Saturday," said a forecaster.',
            ("Will Typhoon Lorna make landfall near Faro by 7 March 2026?", date(2026, 3, 7)),
        ),
        (
            "The weather service still expects Typhoon Lorna, which had 65 mph winds on Friday, to strengthen later "
            "today.",
            ("Will Typhoon Lorna strengthen by 6 March 2026?", date(2026, 3, 6)),
        ),
        # the risk of an event, a warning of one, one that "should be expected": "Will there be …?"
        (
            "There is an increasing risk of damaging winds along the Algarve coast late Friday into Saturday.",
            ("Will there be damaging winds along the Algarve coast by 7 March 2026?", date(2026, 3, 7)),
        ),
        (
            "The weather service also warns of possible tornado activity along the Algarve coast.",
            ("Will there be tornado activity along the Algarve coast by 6 March 2027?", date(2027, 3, 6)),
        ),
        # "Officials report the …": a frame; "and Texans should …" is advice of its own
        (
            "Officials report the primary danger from Typhoon Lorna will be a storm surge of six feet in Faro.",
            (
                "Will the primary danger from Typhoon Lorna be a storm surge of six feet in Faro by 6 March 2027?",
                date(2027, 3, 6),
            ),
        ),
        (
            "Authorities caution the path of Typhoon Lorna could change and Algarve residents should stay vigilant.",
            ("Will the path of Typhoon Lorna change by 6 March 2027?", date(2027, 3, 6)),
        ),
        # "right up until" ends the verb phrase
        (
            "Typhoon Lorna could continue to strengthen right up until landfall.",
            ("Will Typhoon Lorna continue to strengthen by 6 March 2027?", date(2027, 3, 6)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[0] == expected


def test_and_then_is_a_second_verb_phrase_of_the_same_subject():
    text = "Typhoon Lorna reached Faro. Then it could turn east tonight, and then turn north on Saturday."
    assert drafts(text) == [
        ("Will Typhoon Lorna turn east by 6 March 2026?", date(2026, 3, 6)),
        ("Will Typhoon Lorna turn north by 7 March 2026?", date(2026, 3, 7)),
    ]
