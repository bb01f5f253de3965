"""Defects a fortieth untuned set of real news (a space agency's delayed missions, an airline's recovery from an IT
outage) showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed
before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "is close to rolling out": the act at hand
        (
            "Vantor Systems is reportedly close to rolling out an automatic fix for the Porto rail signals.",
            (
                "Will Vantor Systems roll out an automatic fix for the Porto rail signals by 6 March 2027?",
                date(2027, 3, 6),
            ),
        ),
        # "… but plans to …" is a verb phrase of its own
        (
            "ESA will use the same Hera capsule for the Mars flyby in April but plans to change its trajectory.",
            ("Will ESA use the same Hera capsule for the Mars flyby by 30 April 2026?", date(2026, 4, 30)),
        ),
        # the sayer's message and its day go with the attribution
        (
            "Disruptions at Faro airport could persist until Sunday, Rui Matos said in a video message to employees "
            "on Friday.",
            ("Will disruptions at Faro airport persist until 8 March 2026?", date(2026, 3, 8)),
        ),
        # "anticipates a return to normal operations": the return is the event, "to normal" no verb
        (
            "Vantor Air anticipates a return to normal operations at Faro airport by Sunday.",
            ("Will there be a return to normal operations at Faro airport by 8 March 2026?", date(2026, 3, 8)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected
