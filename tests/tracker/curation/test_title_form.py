"""Checks on the finished question, read alone (tracker/curation/title_form.py), and through the extractor.
Sentences written for the project."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.title_form import (
    FLAG_HEDGE_LEFT,
    FLAG_NAMES_NO_ONE,
    FLAG_RUN_TOGETHER,
    FLAG_WORDY,
    MAX_TITLE_WORDS,
    title_form_flags,
)

PUBLISHED = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("subject", "predicate"),
    [
        ("consumption", "avert a serious downturn"),
        ("wage increases", "spread to smaller firms"),
        ("the party congress", "be held"),
        ("talks", "resume after a pause of 40 days"),
    ],
)
def test_a_question_naming_no_one_and_no_place_is_flagged(subject, predicate):
    assert title_form_flags(subject, predicate) == [FLAG_NAMES_NO_ONE.format(subject=subject)]


@pytest.mark.parametrize(
    ("subject", "predicate"),
    [
        ("the Bank of Japan", "end negative interest rates"),
        ("wage increases", "spread to smaller firms in Japan"),
        ("the U.S.", "default"),
        ("Kishida", "visit Seoul"),
        ("the central bank's board", "meet in The Hague"),
    ],
)
def test_a_name_anywhere_in_the_question_is_enough(subject, predicate):
    assert title_form_flags(subject, predicate) == []


def test_a_subject_already_flagged_as_unnamed_gets_no_second_flag():
    assert title_form_flags("they", "resume talks", subject_flagged=True) == []


@pytest.mark.parametrize(
    ("predicate", "words"),
    [
        ("reportedly deploy a second brigade", "reportedly"),
        ("likely hold talks in Geneva", "likely"),
        ("be ready, he said", "said"),
        ("send troops, according to the ministry", "according to"),
        ("be expected to ratify the treaty", "expected to"),
    ],
)
def test_a_hedge_or_an_attribution_left_in_is_named(predicate, words):
    assert title_form_flags("Hungary", predicate) == [FLAG_HEDGE_LEFT.format(words=words)]


@pytest.mark.parametrize(
    "predicate",
    [
        "grow faster than expected to the end of the year",  # a measure, not a hedge
        "provide defensive, and possibly offensive, weapons",  # a hedge on one item of a list
        "publish its likelihood estimates",
    ],
)
def test_words_that_only_look_like_hedges_pass(predicate):
    assert title_form_flags("Hungary", predicate) == []


@pytest.mark.parametrize(
    ("predicate", "join"),
    [
        ("depart for the Russian city later .A media outlet reported", ".A"),
        ("meet at the end of.Prior talks", "of.Prior"),
    ],
)
def test_two_sentences_run_together_are_named(predicate, join):
    assert title_form_flags("Kim", predicate) == [FLAG_RUN_TOGETHER.format(join=join)]


@pytest.mark.parametrize("subject", ["the U.S. Congress", "the U.N.'s nuclear watchdog", "Sen. Schumer", "Mr. Yoon"])
def test_abbreviations_are_no_sentence_break(subject):
    assert title_form_flags(subject, "approve the package") == []


def test_a_question_over_the_word_limit_is_flagged_and_one_at_it_is_not():
    at_limit = " ".join(["go"] * (MAX_TITLE_WORDS - 1))
    assert title_form_flags("Seoul", at_limit) == []
    assert title_form_flags("Seoul", at_limit + " on") == [FLAG_WORDY.format(count=MAX_TITLE_WORDS + 1)]


def test_the_extractor_flags_a_draft_that_names_no_one():
    [suggestion] = extract_claims(
        "Consumption will avert a serious downturn this year, economists at the bank expect.", published=PUBLISHED
    )
    assert suggestion.title == "Will consumption avert a serious downturn by 31 December 2026?"
    assert FLAG_NAMES_NO_ONE.format(subject="consumption") in suggestion.flags
    assert suggestion.confidence < 0.5
    [named] = extract_claims(
        "Japan's consumption will avert a serious downturn this year, economists at the bank expect.",
        published=PUBLISHED,
    )
    assert named.flags == []


def test_a_name_alone_as_subject_keeps_its_capital_and_an_abstract_noun_loses_it():
    [hungary] = extract_claims("Hungary will block the sanctions package this year.", published=PUBLISHED)
    assert (hungary.title, hungary.flags) == ("Will Hungary block the sanctions package by 31 December 2026?", [])
    [production] = extract_claims("Production will double this year, officials expect.", published=PUBLISHED)
    assert production.title == "Will production double by 31 December 2026?"
