"""Claim extraction (pure): offsets, cues, deadlines and titles; precision and recall against the hand-written
claims of the seed articles; and an article it has never seen."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.curation.drafting import MAX_TITLE_CHARS, draft_title
from tracker.curation.extraction import deadline, extract_claims, forecast_score, split_sentences
from tracker.curation.fixture_figures import evaluate, evaluate_drafts
from tracker.curation.time_expressions import RULES, find_deadline

ROOT = Path(__file__).resolve().parents[3]
LABELLED = json.loads((ROOT / "tests" / "fixtures" / "seed_claims.json").read_text(encoding="utf-8"))["articles"]


def seed_text(name: str) -> str:
    with (ROOT / "seeds" / "articles" / name).open(encoding="utf-8", newline="") as file:
        return file.read()


def test_precision_and_recall_on_the_seed_articles_meet_the_targets():
    report = evaluate(LABELLED, {name: seed_text(name) for name in LABELLED})["overall"]
    print(f"\nclaim extraction on the seed articles: {report}")
    assert report["claims"] == 49
    assert report["recall"] >= 0.90
    assert report["precision"] >= 0.60


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_every_quote_is_the_text_at_its_offsets(name):
    text = seed_text(name)
    suggestions = extract_claims(text, published=date(2024, 10, 28))
    assert suggestions
    for suggestion in suggestions:
        assert text[suggestion.start : suggestion.end] == suggestion.quote
        assert suggestion.title.startswith("Will ")
        assert suggestion.title.endswith("?")
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
    assert rates.deadline == date(2027, 3, 31)
    assert rates.deadline_from_text
    strike = by_quote["Unions plan to strike at two of the largest mines in the coming weeks."]
    assert strike.deadline == date(2026, 12, 13)  # "the coming weeks": the stated default of six weeks
    assert strike.title == "Will unions strike at two of the largest mines by 13 December 2026?"
    assert "Chile" not in strike.actors  # nobody named in that sentence
    assert by_quote["The strike may halt a fifth of national output."].title == (
        "Will the strike halt a fifth of national output by 1 November 2027?"
    )
    assert rates.title == "Will the central bank cut interest rates by 31 March 2027?"


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
        ("Talks will resume before 2028.", date(2027, 12, 31)),
        ("Talks will resume within six months.", date(2026, 7, 1)),
        ("Talks will resume in the coming months.", date(2026, 7, 1)),
        ("Talks will resume this year.", date(2026, 12, 31)),
        ("Talks will resume.", date(2027, 1, 1)),
    ],
)
def test_deadlines(sentence, expected):
    assert deadline(sentence, date(2026, 1, 1))[0] == expected


def test_titles_turn_a_hedged_claim_into_a_question():
    due = date(2027, 3, 31)
    assert draft_title("Moreover, the sanctions could push Russia and Iran closer.", deadline=due).text == (
        "Will the sanctions push Russia and Iran closer by 31 March 2027?"
    )
    title = draft_title("South Korean intelligence warns that 10,000 troops are expected to be deployed.", deadline=due)
    assert title.text == "Will 10,000 troops be deployed by 31 March 2027?"


PUBLISHED = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("before 31 March 2027", date(2027, 3, 30)),
        ("by March 31, 2027", date(2027, 3, 31)),
        ("by February 24", date(2027, 2, 24)),  # no year: the next February 24 after publication
        ("by 24th of February", date(2027, 2, 24)),
        ("by the end of the year", date(2026, 12, 31)),
        ("this year", date(2026, 12, 31)),
        ("by the end of next year", date(2027, 12, 31)),
        ("next year", date(2027, 12, 31)),
        ("by the end of 2027", date(2027, 12, 31)),
        ("by 2027", date(2027, 12, 31)),
        ("before 2028", date(2027, 12, 31)),
        ("in January 2027", date(2027, 1, 31)),
        ("by March", date(2027, 3, 31)),
        ("before March", date(2027, 2, 28)),
        ("by the end of February", date(2027, 2, 28)),
        ("by early March", date(2027, 3, 10)),
        ("by mid-March", date(2027, 3, 15)),
        ("next month", date(2026, 12, 31)),
        ("next week", date(2026, 11, 29)),
        ("this week", date(2026, 11, 22)),
        ("within 10 days", date(2026, 11, 30)),
        ("within three weeks", date(2026, 12, 11)),
        ("within six months", date(2027, 5, 20)),
        ("within 18 months", date(2028, 5, 20)),
        ("within the next year", date(2027, 11, 20)),
        ("within a month", date(2026, 12, 20)),
        ("two years from now", date(2028, 11, 20)),
        ("within days", date(2026, 11, 27)),
        ("within weeks", date(2027, 1, 1)),
        ("in the coming weeks", date(2027, 1, 1)),
        ("in the coming months", date(2027, 5, 20)),
        ("over the next few years", date(2028, 11, 20)),
        ("by mid-2027", date(2027, 6, 30)),
        ("by early 2027", date(2027, 4, 30)),
        ("by the start of 2028", date(2027, 12, 31)),
        ("in the first quarter of 2027", date(2027, 3, 31)),
        ("in Q3 2027", date(2027, 9, 30)),
        ("in the second half of next year", date(2027, 12, 31)),
        ("by Christmas", date(2026, 12, 25)),
        ("before Christmas", date(2026, 12, 24)),
        ("by Easter", date(2027, 3, 28)),
        ("by New Year", date(2027, 1, 1)),
        ("this winter", date(2027, 2, 28)),
        ("this spring", date(2027, 5, 31)),
        ("next spring", date(2027, 5, 31)),
        ("before the summer", date(2027, 5, 31)),
        ("through the spring", date(2027, 5, 31)),
        ("by autumn 2027", date(2027, 11, 30)),
        ("by the end of the decade", date(2029, 12, 31)),
        ("for years to come", date(2029, 11, 20)),
        ("at the ongoing summit", date(2026, 11, 27)),
        ("on the sidelines of the two-day meeting", date(2026, 11, 27)),
        ("from the end of 2026", date(2026, 12, 31)),
        ("starting in March", date(2027, 3, 31)),
        ("on Monday", date(2026, 11, 23)),  # published on a Friday
        ("next Monday", date(2026, 11, 23)),  # said on a Friday: the Monday of next week
        ("next Friday", date(2026, 11, 27)),  # said on a Friday: a week on
        ("before Friday", date(2026, 11, 26)),
        ("for Thursday, December 3", date(2026, 12, 3)),
        ("in a matter of weeks", date(2027, 1, 1)),
        ("as early as March 3", date(2027, 3, 3)),
        ("at Friday's summit", date(2026, 11, 20)),  # in Friday's paper that day, as "on Friday" is
        ("at Monday's summit", date(2026, 11, 23)),
        ("early next month", date(2026, 12, 10)),
        ("later this month", date(2026, 11, 30)),
    ],
)
def test_time_expressions_resolve_against_the_publication_date(phrase, expected):
    assert deadline(f"Seoul will send the aid {phrase}.", PUBLISHED) == (expected, True)


def test_every_rule_of_the_table_is_exercised():
    phrases = [
        "before 31 March 2027", "by March 31, 2027", "by early March", "by March", "by mid-2027", "in Q3 2027",
        "by 2027", "next year", "this year", "within six months", "two years from now", "within the next year",
        "within weeks", "next month", "this week", "this winter", "by Christmas", "by the end of the decade",
        "for years to come", "at the ongoing summit", "on Monday", "between Monday and Tuesday next week",
        "in June-July 2027", "during the March session", "by the new 2030 deadline", "in the middle of next week",
        "over the coming weekend", "at Friday's summit", "within hours", "next Friday, December 4", "later today", "on Monday 23rd", "within the next 36 hours",
        "between March 20 and May 19, 2027", "tomorrow", "in February or early March",
        "two weeks after the planned date of March 3", "by the same date next year", "taking 6 to 10 hours",
        "on either Tuesday, March 2, or Wednesday, March 3", "next March",
        "days away from landing",
    ]  # fmt: skip
    used = {find_deadline(f"Aid will arrive {phrase}.", PUBLISHED).rule for phrase in phrases}
    used.add(find_deadline("It will take two weeks to deliver the aid.", PUBLISHED).rule)  # a span the verb takes
    used.add(find_deadline("The new date is to be March 31.", PUBLISHED).rule)  # the date is what it will be
    used.add(find_deadline("The March launch is on track.", PUBLISHED).rule)  # the month of an event to come
    used.add(find_deadline("Pre-orders begin March 3.", PUBLISHED).rule)  # a date straight after its verb
    assert used == {name for name, _, _ in RULES}


@pytest.mark.parametrize(
    "sentence",
    [
        "Exports fell from 16% in 2020 to 6% last year and will keep falling.",  # a past year is context
        "The ministry said on 3 November that it will act.",  # a day of the last three months: reported
        "Troops will stay, as they did last summer.",
        "Talks will resume within 90 days of the ceasefire.",  # relative to an event, not to publication
        "Prices will rise in 2026 as they did in 2025.",  # the year of publication ended? no: 2026-12-31 is future
    ][:4],
)
def test_a_date_before_publication_or_relative_to_an_event_is_not_a_deadline(sentence):
    assert deadline(sentence, PUBLISHED) == (PUBLISHED + timedelta(days=365), False)


def test_the_first_by_or_within_expression_wins_over_dates_in_passing():
    sentence = "After the talks in January 2027, Seoul will decide by 15 December whether to send aid."
    assert deadline(sentence, PUBLISHED)[0] == date(2026, 12, 15)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("by Q1 March", None), ("by Q1 2027", date(2027, 3, 31)), ("by mid March", date(2027, 3, 15))],
)
def test_a_part_of_a_year_never_reads_as_a_part_of_a_month(phrase, expected):
    # Found by the property test below: "by Q1 March" raised a KeyError (a quarter taken for a part of a month).
    due, from_text = deadline(f"Aid will arrive {phrase}.", PUBLISHED)
    assert (due, from_text) == ((expected, True) if expected else (PUBLISHED + timedelta(days=365), False))


_WORDS = st.sampled_from(
    [
        "by",
        "before",
        "in",
        "within",
        "on",
        "until",
        "the",
        "next",
        "this",
        "end",
        "of",
        "year",
        "month",
        "week",
        "weeks",
        "months",
        "days",
        "mid",
        "early",
        "late",
        "first",
        "quarter",
        "half",
        "spring",
        "summer",
        "winter",
        "autumn",
        "Christmas",
        "Easter",
        "coming",
        "few",
        "3",
        "12",
        "24",
        "31",
        "2019",
        "2020",
        "2024",
        "2026",
        "2027",
        "2031",
        "January",
        "February",
        "March",
        "May",
        "November",
        "December",
        "Q1",
        "Q4",
        "decade",
        "years",
        "to",
        "come",
        "and",
        "troops",
        "will",
        "Monday",
        "Thursday",
        "today",
        "said",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=14), st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
def test_no_deadline_lies_before_publication_nor_on_it_unless_the_text_names_that_day(words, published):
    due, _ = deadline(" ".join(words), published)
    assert due >= published
    if due == published:  # "will meet on Monday" in Monday's paper, "heads to Seoul today", "on December 31" then
        named_by_date = published.strftime("%B") in words and str(published.day) in words
        assert published.strftime("%A") in words or "today" in words or named_by_date


def test_the_publication_days_own_weekday_is_that_day_for_what_is_to_come():
    monday = date(2020, 10, 19)
    assert deadline("OPEC+ will meet on Monday to discuss demand.", monday) == (monday, True)
    assert deadline("OPEC+ will meet next Monday to discuss demand.", monday) == (date(2020, 10, 26), True)
    assert deadline("OPEC+ met on Monday to discuss demand.", monday) == (date(2021, 10, 19), False)


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        (
            "SEOUL, South Korea — South Korea warned on Thursday that North Korea could attempt a satellite launch "
            "before 31 March 2027.",
            "Will North Korea attempt a satellite launch by 30 March 2027?",
        ),
        (
            "North Korea is expected to send 3,000 more troops to Russia within the next year, according to the "
            "National Intelligence Service.",
            "Will North Korea send 3,000 more troops to Russia by 20 November 2027?",
        ),
        (
            "Hungary may block the sanctions package, one diplomat warned.",
            "Will Hungary block the sanctions package by 20 November 2027?",
        ),
        (
            "Moscow will probably ratify the grain treaty by Christmas.",
            "Will Moscow ratify the grain treaty by 25 December 2026?",
        ),
        (
            "Officials expect Japan to announce matching sanctions in January 2027.",
            "Will Japan announce matching sanctions by 31 January 2027?",
        ),
        (
            '"Seoul is likely to provide defensive, and possibly offensive, weapons next month," the official said.',
            "Will Seoul provide defensive, and possibly offensive, weapons by 31 December 2026?",
        ),
    ],
)
def test_titles_drop_datelines_attributions_hedges_and_the_time_expression(sentence, title):
    [suggestion] = extract_claims(sentence, published=PUBLISHED)
    assert (suggestion.title, suggestion.flags) == (title, [])


def test_a_pronoun_is_the_nearest_named_actor_or_a_flag():
    text = (
        "Rheinmetall will open its new ammunition plant in Lithuania by mid-2027. "
        "It aims to produce 100,000 shells a year at the site. "
        "Kansai Electric said it would file the final safety documents within six months. "
        "The weather was mild and the parade went ahead as usual. "
        "It could lead to a wider crisis within weeks, analysts said."
    )
    titles = {s.quote.split()[1]: s for s in extract_claims(text, published=PUBLISHED)}
    assert titles["aims"].title.startswith("Will Rheinmetall produce 100,000 shells")
    assert titles["Electric"].title == "Will Kansai Electric file the final safety documents by 20 May 2027?"
    event = next(s for s in extract_claims(text, published=PUBLISHED) if "wider crisis" in s.quote)
    assert event.flags
    assert "could not be resolved" in event.flags[0]
    assert event.confidence < 0.5


def test_drafts_that_cannot_be_made_clean_are_flagged_with_low_confidence():
    long_sentence = (
        "Regional governments will probably coordinate a comprehensive and multi-layered response to the growing "
        "humanitarian, logistical, environmental, financial, diplomatic and reputational consequences of the "
        "crisis for the communities on both sides of the frontier."
    )
    cases = {
        "These measures could add $2 billion to farm incomes, the ministry estimated.": "refers back",
        "The government may provide defensive weapons if North Korean troops advance further.": "condition",
        long_sentence: "characters, over 150: its verb phrase runs on",
    }
    for sentence, reason in cases.items():
        [suggestion] = extract_claims(sentence, published=PUBLISHED)
        assert any(reason in flag for flag in suggestion.flags), (sentence, suggestion.flags)
        assert suggestion.confidence < 0.5
        assert "…" not in suggestion.title
        assert suggestion.title.endswith("?")
    clean = extract_claims(
        "Germany is expected to deliver two more air-defence systems next month.", published=PUBLISHED
    )
    assert clean[0].flags == []
    assert clean[0].confidence > 0.5


def test_titles_are_never_cut_with_an_ellipsis_and_stay_short_unless_flagged():
    for name in LABELLED:
        for suggestion in extract_claims(seed_text(name), published=date(2024, 10, 28)):
            if suggestion.kind == "forecast":
                assert "…" not in suggestion.title
                assert len(suggestion.title) <= MAX_TITLE_CHARS or suggestion.flags


def test_the_criteria_name_the_actor_the_event_and_the_date_of_the_title():
    [suggestion] = extract_claims(
        "Analysts expect the central bank to cut interest rates by March 2027.", published=PUBLISHED
    )
    assert suggestion.title == "Will the central bank cut interest rates by 31 March 2027?"
    assert "The central bank cut interest rates, on or before 2027-03-31 (UTC)" in suggestion.criteria
    assert "Reuters" in suggestion.criteria
    assert "official statement" in suggestion.criteria


DRAFTS = json.loads((ROOT / "tests" / "fixtures" / "drafting_claims.json").read_text(encoding="utf-8"))["articles"]


def test_draft_quality_on_the_fixture_holds_its_floors():
    texts = {a["name"]: a.get("text") or seed_text(a["name"]) for a in DRAFTS}
    report = evaluate_drafts(DRAFTS, texts)["overall"]
    print(f"\ndraft quality: {report}")
    assert report["claims"] >= 80
    assert sum("text" in a for a in DRAFTS) >= 5
    assert report["deadline_accuracy"] >= 0.95
    # The target is 0.80; measured 0.476 (40 of 84) with a strict reading (see docs/claim-extraction.md): this floor holds
    # what exists against regressions and is not the target. (It was 0.50 until two fixture titles that kept a bare
    # "the sale" / "the contract", against the fixture's own rule, were corrected.)
    assert report["titles_needing_no_edit"] >= 0.47
    # What the confidence promises ("publishable as drafted") holds far better than the titles themselves: measured
    # 40 of 43 titles that need an edit carry a flag; of the drafts at a confidence of 0.5 or more, 0.92 need no edit.
    # Four of the 40 the fixture judged publishable are flagged as naming no one and no place ("battle-experienced
    # soldiers", "domestic audiences" …): the fixture passed them, the 883 titles judged on real news never did
    # (docs/claim-extraction.md, "Checks on the finished question"); the fixture's verdicts stand as written.
    assert report["needing_edit_flagged"] >= 0.90
    assert report["unedited_flagged"] <= 0.10
    assert report["confident_drafts_needing_no_edit"] >= 0.80


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
        assert suggestion.title.startswith("Will this hold by 1 January 2025: ")
        assert suggestion.title.endswith("?")
        assert suggestion.flags == ["An implied claim, not a forecast: write the question by hand."]
        assert suggestion.quote in suggestion.criteria


@pytest.mark.parametrize(
    ("sentence", "pointing"),
    [
        ("North Korean leadership will use this conflict to bolster nationalist sentiment.", "this conflict"),
        ("Media coverage of these developments will focus on the human cost.", "these developments"),
        ("Their involvement in Ukraine could turn into a dilemma for the regime.", "their involvement"),
        ("Officials believe both sides could agree to swap 500 prisoners.", "both sides"),
        ("The government will probably raise the minimum purchase price.", "the government"),
        ("The coming months will see more pressure on diplomats.", "the coming months"),
        ("Pyongyang is likely to try again.", "try … again"),
        ("Congress could block the sale, but lawmakers said they support it.", "the sale"),
        ("Poland plans to sign the contract by the end of February.", "the contract"),
    ],
)
def test_a_title_that_points_back_at_the_article_is_flagged_and_not_confident(sentence, pointing):
    [suggestion] = extract_claims(sentence, published=PUBLISHED)
    assert any(f"“{pointing}”" in flag and "told earlier" in flag for flag in suggestion.flags), suggestion.flags
    assert suggestion.confidence < 0.5


def test_a_definite_subject_is_flagged_only_when_the_article_named_it_before():
    text = "The EU will adopt a new sanctions package by March. The package will list twelve North Korean firms."
    package = next(s for s in extract_claims(text, published=PUBLISHED) if "list twelve" in s.quote)
    assert any("“the package”" in flag for flag in package.flags)
    [alone] = extract_claims("The sanctions package will list twelve North Korean firms.", published=PUBLISHED)
    assert alone.flags == []


@pytest.mark.parametrize(
    "sentence",
    [
        "North Korea will send a further 3,000 troops to Russia this year.",
        "The United States plans to expand its own list of North Korean shipping firms next month.",
        "Electricity prices in Japan are likely to fall by 5% this winter.",
        "South Korea may extend the lifetime of its Kori-2 reactor before the summer.",
        "The Pentagon will probably approve the sale of 40 Patriot interceptors to Poland.",
        "The EU will discuss the frozen Russian assets next month.",
    ],
)
def test_a_title_that_stands_on_its_own_is_not_flagged(sentence):
    [suggestion] = extract_claims(sentence, published=PUBLISHED)
    assert suggestion.flags == []
    assert suggestion.confidence >= 0.5


def test_the_publication_day_named_by_its_date_is_that_day_only_for_what_is_to_come():
    new_year_eve = date(2026, 12, 31)
    assert deadline("Troops will cross the river on December 31.", new_year_eve) == (new_year_eve, True)
    assert deadline("Troops crossed the river on December 31.", new_year_eve) == (date(2027, 12, 31), False)
