"""Headlines read as the sentences they abbreviate, and drafted like any forecasting sentence."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.headlines import headline_as_sentence

NAMES = frozenset({"Iran", "Kerry", "Russia", "Kim", "Japan", "Tokyo"})


@pytest.mark.parametrize(
    ("headline", "sentence"),
    [
        (
            "Kerry Says Iran Nuclear Talks Expected to Resume in 'Next Few Days'",
            "Kerry says Iran nuclear talks will resume in next few days.",
        ),
        (
            "U.S. says Iran nuclear talks to resume over the weekend",
            "U.S. says Iran nuclear talks will resume over the weekend.",
        ),
        (
            "Iran nuclear talks will resume in middle of next week -envoys",
            "Iran nuclear talks will resume in middle of next week.",
        ),
        ("Japan likely to raise defence spending again", "Japan will raise defence spending again."),
    ],
)
def test_headlinese_becomes_a_sentence(headline, sentence):
    assert headline_as_sentence(headline, NAMES) == sentence


@pytest.mark.parametrize("headline", ["Supplement", "Here is the latest", " ".join(["word"] * 25)])
def test_a_line_too_short_or_too_long_is_no_headline(headline):
    assert headline_as_sentence(headline, NAMES) is None


def test_a_forecasting_headline_is_drafted_and_quoted_as_printed():
    text = "Tokyo Talks Expected to Resume in 'Next Few Days'\n\nOfficials in Tokyo said the talks stalled on Friday."
    (claim,) = [c for c in extract_claims(text, published=date(2026, 12, 4)) if c.start == 0]
    assert claim.title == "Will the Tokyo talks resume by 11 December 2026?"
    assert claim.quote == text[claim.start : claim.end]
    assert claim.quote.startswith("Tokyo Talks Expected")


def test_a_headline_that_forecasts_nothing_is_not_drafted():
    text = "German leader confident about spending boost\n\nMerz arrived in The Hague on Tuesday for talks."
    assert extract_claims(text, published=date(2026, 12, 4)) == []
