"""Claim extraction (pure): offsets, cues, deadlines and titles; precision and recall against the hand-written
claims of the seed articles; and an article it has never seen."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker.curation.extraction import (
    deadline,
    evaluate,
    extract_claims,
    forecast_score,
    question_title,
    split_sentences,
)

ROOT = Path(__file__).resolve().parents[2]
LABELLED = json.loads((ROOT / "tests" / "fixtures" / "seed_claims.json").read_text(encoding="utf-8"))["articles"]


def seed_text(name: str) -> str:
    with (ROOT / "seeds" / "articles" / name).open(encoding="utf-8", newline="") as file:
        return file.read()


def test_precision_and_recall_on_the_seed_articles_meet_the_targets():
    report = evaluate(LABELLED, {name: seed_text(name) for name in LABELLED})["overall"]
    print(f"\nclaim extraction on the seed articles: {report}")
    assert report["claims"] == 49
    assert report["recall"] >= 0.90 and report["precision"] >= 0.60


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_every_quote_is_the_text_at_its_offsets(name):
    text = seed_text(name)
    suggestions = extract_claims(text, published=date(2024, 10, 28))
    assert suggestions
    for suggestion in suggestions:
        assert text[suggestion.start : suggestion.end] == suggestion.quote
        assert suggestion.title.startswith("Will ") and suggestion.title.endswith("?")
        assert 0 < suggestion.confidence <= 1


def test_offsets_hold_with_windows_line_endings_and_non_ascii_text():
    text = "Café owners met on Monday.\r\nPrices will rise by 2027 — analysts say.\r\nThe mayor may resign before the summer."
    suggestions = extract_claims(text, published=date(2026, 1, 1))
    assert [text[s.start : s.end] for s in suggestions] == [s.quote for s in suggestions]
    assert [s.quote for s in suggestions] == [
        "Prices will rise by 2027 — analysts say.",
        "The mayor may resign before the summer.",
    ]


UNSEEN = """Chile's Copper Gamble
Chile's government approved a new mining royalty last year. Output fell 4% in the first quarter, the statistics office said.
Analysts expect the central bank to cut interest rates by March 2027. The finance minister warned that the deficit could widen if copper prices keep falling.
Unions plan to strike at two of the largest mines in the coming weeks. The strike may halt a fifth of national output.
Should prices recover, the state mining company will likely restart its suspended expansion.
Officials should publish the contracts, critics said. How the courts will rule remains unclear.
The company has been accused of delays before, and it may have underestimated costs in 2023."""


def test_an_article_it_has_never_seen():
    suggestions = extract_claims(UNSEEN, published=date(2026, 11, 1))
    quotes = [s.quote for s in suggestions]
    assert quotes == [
        "Analysts expect the central bank to cut interest rates by March 2027.",
        "The finance minister warned that the deficit could widen if copper prices keep falling.",
        "Unions plan to strike at two of the largest mines in the coming weeks.",
        "The strike may halt a fifth of national output.",
        "Should prices recover, the state mining company will likely restart its suspended expansion.",
    ]
    by_quote = {s.quote: s for s in suggestions}
    rates = by_quote["Analysts expect the central bank to cut interest rates by March 2027."]
    assert rates.deadline == date(2027, 3, 31) and rates.deadline_from_text
    strike = by_quote["Unions plan to strike at two of the largest mines in the coming weeks."]
    assert strike.deadline == date(2026, 12, 1)
    assert "Chile" not in strike.actors  # nobody named in that sentence
    assert by_quote["The strike may halt a fifth of national output."].title == (
        "Will the strike halt a fifth of national output?"
    )


def test_sentences_keep_abbreviations_and_mark_headings():
    text = "The Pivot in Asia\nThe U.S. and the U.N. met on Oct. 3 in New York. Talks will resume."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "The Pivot in Asia",
        "The U.S. and the U.N. met on Oct. 3 in New York.",
        "Talks will resume.",
    ]
    assert [s.is_heading for s in sentences] == [True, False, False]


@pytest.mark.parametrize(
    ("sentence", "forecasts"),
    [
        ("Seoul is expected to approve the transfer.", True),
        ("The sanctions could push the two countries closer.", True),
        ("Sanctions may have pushed them closer together.", False),
        ("Thousands of soldiers may be participating in the war.", False),
        ("Governments should prepare for escalation.", False),
        ("It is crucial to watch how the situation might evolve.", False),
        ("The ministry plans to send observers.", True),
        ("Will the talks resume?", False),
    ],
)
def test_forecast_cues(sentence, forecasts):
    score, _ = forecast_score(sentence)
    assert (score >= 1.0) is forecasts


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Talks will resume by June 2027.", date(2027, 6, 30)),
        ("Talks will resume before 2028.", date(2028, 12, 31)),
        ("Talks will resume within six months.", date(2026, 1, 1) + timedelta(days=180)),
        ("Talks will resume in the coming months.", date(2026, 1, 1) + timedelta(days=180)),
        ("Talks will resume this year.", date(2026, 12, 31)),
        ("Talks will resume.", date(2027, 1, 1)),
    ],
)
def test_deadlines(sentence, expected):
    assert deadline(sentence, date(2026, 1, 1))[0] == expected


def test_titles_turn_a_hedged_claim_into_a_question():
    assert question_title("Moreover, the sanctions could push Russia and Iran closer.") == (
        "Will the sanctions push Russia and Iran closer?"
    )
    assert question_title("South Korean intelligence warns that 10,000 troops are expected to be deployed.") == (
        "Will 10,000 troops be deployed?"
    )


def test_implied_claims_are_a_separate_low_confidence_tier():
    text = (
        "The ministry will publish the budget next month. "
        "The deal signals a deeper alliance between the two governments. "
        "Officials confirmed that at least 3,000 soldiers arrived at the border camps. "
        "Neighbouring countries should review their air defences before the winter. "
        "The weather was mild and the parade went ahead as usual. "
        "Does the deal signal a deeper alliance between them?"
    )
    default = extract_claims(text, published=date(2024, 1, 1))
    assert [s.kind for s in default] == ["forecast"]
    tiers = extract_claims(text, published=date(2024, 1, 1), include_implicit=True)
    # The forecast tier is the same with or without the implied claims.
    assert [s for s in tiers if s.kind == "forecast"] == default
    implied = [s for s in tiers if s.kind == "implicit"]
    assert [s.quote.split()[1] for s in implied] == ["deal", "confirmed", "countries"]
    for suggestion in implied:
        assert text[suggestion.start : suggestion.end] == suggestion.quote
        assert 0 < suggestion.confidence <= 0.35 < default[0].confidence
        assert suggestion.title.startswith("Will this hold by 2024-12-31: ") and suggestion.title.endswith("?")
        assert suggestion.quote in suggestion.criteria
