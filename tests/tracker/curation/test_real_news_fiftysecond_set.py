"""Defects a fifty-second untuned set of real news (the forecasts of the northern lights during a severe geomagnetic
storm) showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed
before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.time_expressions import find_deadline

FRIDAY = date(2026, 3, 6)


def claims(text: str):
    return extract_claims(text, published=FRIDAY)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in claims(text)]


def test_from_a_day_through_the_weekend_is_the_weekend():
    sentence = "Typhoon Lorna could bring heavy rain to Faro, with squalls from Friday evening through the weekend."
    found = find_deadline(sentence, FRIDAY)
    assert found is not None
    assert found.date == date(2026, 3, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "as far south … as X" is a comparison, no clause; a thing seen needs no one named
        (
            "Experts predict the northern lights could be seen as far south in Portugal as the Algarve this weekend.",
            "Will the northern lights be seen as far south in Portugal as the Algarve by 8 March 2026?",
        ),
        # "there is a possibility (that)", "There is potential that", "odds are" are frames; "throughout …," opens
        (
            "Forecasters say that throughout Friday and Saturday, there is a possibility the northern lights could "
            "be seen as far south as Faro.",
            "Will the northern lights be seen as far south as Faro by 7 March 2026?",
        ),
        (
            "There is potential that the auroras will be visible as far south as towns such as Tavira and Faro, to "
            "name a few.",
            "Will the auroras be visible as far south as towns such as Tavira and Faro by 6 March 2027?",
        ),
        # ", X explain", ", X add" at the end are attributions
        (
            "A severe solar storm is expected to brighten the auroras over Porto on Friday, reporters Ana Sousa and "
            "Rui Costa explain.",
            "Will a severe solar storm brighten the auroras over Porto by 6 March 2026?",
        ),
        # "A map … shows (that)" is a frame
        (
            "A map from the Porto observatory shows the aurora may be visible over the Algarve Friday night.",
            "Will the aurora be visible over the Algarve by 6 March 2026?",
        ),
        # a second clause after ", and these …"
        (
            "There is a storm scale that the Porto observatory uses, and these auroras will be at level four Friday "
            "evening.",
            "Will these auroras be at level four by 6 March 2026?",
        ),
        # "in case …", ", maybe not …" end the verb phrase
        (
            "A second chance to see the auroras over Porto will arrive Saturday evening in case you missed the first.",
            "Will a second chance to see the auroras over Porto arrive by 7 March 2026?",
        ),
        (
            "Ana Sousa said the aurora will be visible across most of Portugal, maybe not all the way down to the "
            "Algarve.",
            "Will the aurora be visible across most of Portugal by 6 March 2027?",
        ),
    ],
)
def test_the_forecast_is_drafted(text, expected):
    assert drafts(text)[-1][0] == expected


def test_a_subject_that_names_the_people_keeps_its_comparison():
    text = "People as far south as Faro and Tavira could see the northern lights this weekend, officials said."
    assert drafts(text)[-1][0] == "Will people as far south as Faro and Tavira see the northern lights by 8 March 2026?"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Locally, odds are we will be able to see the auroras on the horizon.",
            "Will we see the auroras on the horizon",
        ),
        ("Skies will be mostly clear over Porto after 10 PM.", "Will skies be mostly clear over Porto"),
    ],
)
def test_the_opening_is_read(text, title):
    assert drafts(text)[-1][0].startswith(title)


def test_the_northern_lights_need_no_earlier_sentence():
    text = (
        "The northern lights were seen over Porto last night. The northern lights could be seen as far south as "
        "Faro this weekend."
    )
    claim = claims(text)[-1]
    assert claim.title == "Will the northern lights be seen as far south as Faro by 8 March 2026?"
    assert claim.flags == []
