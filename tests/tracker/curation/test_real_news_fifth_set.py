"""Defects a fifth untuned set of real news showed in the drafts (sentences written for the project in the shape of
those found, not quoted), one test each; each failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.real_news import evaluate_judged

PUBLISHED = date(2026, 12, 1)  # a Tuesday


def drafts(text: str, published: date = PUBLISHED) -> list[tuple[str, list[str]]]:
    return [(claim.title, claim.flags) for claim in extract_claims(text, published=published)]


def test_one_draft_answers_one_prediction():
    text = "Officials said the ministers may adopt a joint statement, but saw little chance of a formal treaty."
    judgments = {
        "articles": [
            {
                "file": "a.txt",
                "url": "https://example.org/a",
                "published": "2026-12-01",
                "predictions": [
                    {"phrase": "may adopt a joint statement", "deadline": "2027-12-01"},
                    {"phrase": "little chance of a formal treaty", "deadline": "2027-12-01"},
                ],
            }
        ]
    }
    rows = evaluate_judged(judgments, {"a.txt": text})["articles"]["a.txt"]["predictions"]
    assert [row["found"] for row in rows] == [True, False]
