"""Defects a seventh untuned set of real news (beyond the seed's story: defence budgets, NATO's spending target,
fighter jets) showed in the drafts; sentences written for the project in the shape of those found, not quoted.
Each failed before its rule was repaired."""

from datetime import date

import pytest

from tests.tracker.curation.drafts import drafts, flagged, one_article
from tracker.curation.real_news import evaluate_judged
from tracker.curation.time_expressions import find_deadline

PUBLISHED = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("Chile expects to receive the first frigates in June-July.", date(2027, 7, 31)),
        ("Talks could happen between May and June 2027.", date(2027, 6, 30)),
        ("Kenya will not be able to patrol its coast by the coming fall or winter.", date(2027, 2, 28)),
        ("The bill will be reviewed during the February session of the National Assembly.", date(2027, 2, 28)),
        ("Peru said it would not reach the target by the new 2031 deadline.", date(2031, 12, 31)),
    ],
)
def test_time_expressions_of_the_seventh_set(sentence, deadline):
    assert find_deadline(sentence, PUBLISHED).date == deadline


def test_a_year_said_of_the_past_is_no_deadline():
    assert find_deadline("Earlier this year, Modi said India would buy 26 jets.", PUBLISHED) is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "China may move to take over Kinmen, an island group claimed by Taipei.",
            "Will China move to take over Kinmen by 1 December 2027?",
        ),
        (
            "Merz says he's confident EU members will agree on a new budget rule.",
            "Will EU members agree on a new budget rule by 1 December 2027?",
        ),
        (
            "But Spain announced that it wouldn't be able to reach the target.",
            "Will Spain be able to reach the target by 1 December 2027?",
        ),
        (
            "MOSCOW (Agency News / Wire - 28th June, 2026) Kyiv hopes to receive the first jets by the end of 2027, "
            "Andriy Sybiha, the head of the foreign ministry, said Tuesday.",
            "Will Kyiv receive the first jets by 31 December 2027?",
        ),
        (
            "Oslo will increase its total defence spending to 300 billion kroner (about $28 billion) by 2030.",
            "Will Oslo increase its total defence spending to 300 billion kroner (about $28 billion) by 31 December 2030?",
        ),
        (
            "NATO members will decide on a large increase in spending ''not to do anyone a favor,'' she said.",
            "Will NATO members decide on a large increase in spending by 1 December 2027?",
        ),
    ],
)
def test_appositives_frames_datelines_and_quoted_purposes_go(text, title):
    assert drafts(text)[0][0] == title


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Allies are expected to discuss the war in Sudan in March.", "“Allies”"),
        ("Some countries are ready to deliver tanks by the end of this year.", "“some countries”"),
        ("The next step will be to provide $2 billion through the fund.", "“the next step”"),
        ("The planes will arrive with them by the summer.", "“with them”"),
        ("Kenya's troops could arrive around the same time as the police.", "around the same time"),
    ],
)
def test_flags_the_seventh_set_called_for(text, words):
    assert flagged(text, words)


def test_it_read_from_a_sentence_whose_subject_it_was_not_is_checked():
    text = (
        "Japan approved a record budget in December. The 8.7 trillion yen will help Japan pay for recruits. "
        "It will also go towards a satellite system."
    )
    title, flags = drafts(text)[-1]
    assert any("was read as" in flag for flag in flags), (title, flags)


def test_not_ready_until_asks_by_and_an_adverb_opening_the_verb_goes():
    title, _ = drafts("The first six pilots will not be ready to fly the jets until the summer of 2027.")[0]
    assert " until " not in title
    assert drafts("The draft budget will later be reviewed by the Diet in January.")[0][0] == (
        "Will the draft budget be reviewed by the Diet by 31 January 2027?"
    )


def test_cues_the_seventh_set_missed():
    for text in (
        "Kyiv still hopes to receive the first jets by the end of 2027, officials said.",
        "We can receive the first fighters by the end of this year, the minister said.",
        "Some countries are ready to deliver fighters by the end of this year while others are not.",
        "The draft budget needs to be approved by the parliament, and the coalition will need support from others.",
        "While the UK is holding out, arguing that the priority should be elsewhere, the deal is expected to be "
        "finalized in a summit this month.",
    ):
        assert drafts(text), text


def test_a_second_forecast_after_adding_that_or_a_lowercase_subject_gets_a_draft():
    text = (
        "The budget is expected to be spent on ships, the agency said, adding that the draft budget will be "
        "reviewed by the Diet in January."
    )
    assert len(drafts(text)) == 2
    text = "Allies are set to gather in Rome on Friday, although leaders are also expected to discuss the war in Sudan."
    assert len(drafts(text)) == 2


def test_a_clause_drafted_on_its_own_answers_the_prediction_it_holds():
    text = "Officials think the pilots will return from training, and the planes will also arrive with them."
    judgments = one_article([("the planes will also arrive", "2027-12-01")])
    row = evaluate_judged(judgments, {"a.txt": text})["articles"]["a.txt"]["predictions"][0]
    assert "planes" in row["title"]
