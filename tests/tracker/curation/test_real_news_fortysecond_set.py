"""Defects a forty-second untuned set of real news (the rumoured dates of a phone maker's launch event, pre-orders and
release) showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed
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
        # one date or the next: the later
        (
            "The Vantor X2 phone may be launched on March 12 or 13.",
            ("Will the Vantor X2 phone be launched by 13 March 2026?", date(2026, 3, 13)),
        ),
        (
            "Vantor's annual launch event is expected to take place on either Tuesday, March 10, or Wednesday, March 11, "
            "this year.",
            ("Will Vantor's annual launch event take place by 11 March 2026?", date(2026, 3, 11)),
        ),
        # "is rumored to", "are said to": a reported plan
        (
            "The Vantor launch event is rumored to take place either on March 10 or Wednesday, March 11 of this year.",
            ("Will the Vantor launch event take place by 11 March 2026?", date(2026, 3, 11)),
        ),
        (
            "Pre-orders for the Vantor X2 phone are said to begin on March 13.",
            ("Will pre-orders for the Vantor X2 phone begin by 13 March 2026?", date(2026, 3, 13)),
        ),
        # a with-phrase's gerund of what follows, dated
        (
            "Pre-orders for the Vantor X2 phone will open on Friday, March 13, with sales at Vantor shops kicking off "
            "one week later on March 20.",
            ("Will sales at Vantor shops begin by 20 March 2026?", date(2026, 3, 20)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected


@pytest.mark.parametrize("text", ["The minister is said to have resigned.", "The port is said to be busy."])
def test_said_to_have_or_be_reports_no_plan(text):
    assert drafts(text) == []
