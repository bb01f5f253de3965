"""Defects a fifty-fifth untuned set of real news (a private spaceflight's launch, delayed by checkouts and weather)
showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before
its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the name after its description; ", the company said on X on Wednesday, …" is an attribution
        (
            "Ana Sousa's truck manufacturing company Lumen Motors will open the Faro plant on March 27, the company "
            "said on X on Wednesday, a day later than planned.",
            "Will Lumen Motors open the Faro plant by 27 March 2026?",
        ),
        # "is now looking to"
        (
            "However, Lumen Motors is now looking to open the Faro plant on March 27.",
            "Will Lumen Motors open the Faro plant by 27 March 2026?",
        ),
        # ", X said," between the subject and its verb
        (
            "The new date, Lumen Motors said, will allow more time for checks at the Faro plant.",
            "Will the new date allow more time for checks at the Faro plant by 6 March 2027?",
        ),
        # "The key objective of X is to …": X acts
        (
            "The key objective of the Vantor mission is to land a probe near Tavira.",
            "Will the Vantor mission land a probe near Tavira by 6 March 2027?",
        ),
        # "is making another attempt to", an aside between dashes inside the verb phrase
        (
            "Lumen Motors is making another attempt to get the Vantor truck - a heavy model that will carry ten "
            "tonnes - onto the road this week.",
            "Will Lumen Motors get the Vantor truck onto the road by 8 March 2026?",
        ),
        # "will aim to …" asks about the act; "no earlier than 3:38 a.m. ET" is the hour of the day it names
        (
            "The Vantor flight will aim to take off from Faro no earlier than 3:38 a.m. ET Sunday.",
            "Will the Vantor flight take off from Faro by 8 March 2026?",
        ),
        # "Update 10:18 p.m. EDT:" is a label; "is foregoing … on both Saturday and Sunday" a plan under way;
        # '"due to …"' ends the verb phrase
        (
            'Update 10:18 p.m. EDT: Lumen Motors is foregoing test drives on both Saturday and Sunday "due to bad '
            'weather in Faro."',
            "Will Lumen Motors forego test drives by 8 March 2026?",
        ),
    ],
)
def test_the_forecast_is_drafted(text, expected):
    assert drafts(text)[-1] == expected
