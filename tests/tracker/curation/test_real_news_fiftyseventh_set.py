"""Defects a fifty-seventh untuned set of real news (the rain forecast for an open-air opening ceremony) showed in
the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before its rule
was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "There is a chance of X" with no adjective; a dateline in capitals with a colon
        (
            "PORTO: There is a chance of rain during the opening parade of the Porto festival on the Douro.",
            "Will there be rain during the opening parade of the Porto festival on the Douro by 6 March 2027?",
        ),
        (
            "PORTUGAL: According to the latest forecasts, there is a chance of rain in Porto on Sunday.",
            "Will there be rain in Porto by 8 March 2026?",
        ),
        # 'promised on the RMC morning show, "…"': the frame goes, the quotation's subject acts
        (
            'However, the culture minister Ana Sousa promised on the RTP morning show, "The rain will not stop '
            'the Porto parade!"',
            "Will the rain stop the Porto parade by 6 March 2027?",
        ),
    ],
)
def test_the_forecast_is_drafted(text, expected):
    assert drafts(text)[-1] == expected
