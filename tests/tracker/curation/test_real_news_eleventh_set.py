"""Defects an eleventh untuned set of real news (OPEC+ meetings, North Korea's party congresses, talks in Istanbul,
an expected nuclear test) showed in the drafts; sentences written for the project in the shape of those found, not
quoted. Each failed before its rule was repaired."""

from datetime import date

import pytest

from tests.tracker.curation.drafts import deadline_of, drafts, flagged
from tracker.curation.extraction import extract_claims
from tracker.curation.time_expressions import find_deadline

PUBLISHED = date(2026, 12, 1)  # a Tuesday


def titles(text: str) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a name given by "known as" is the one a later "they" stands for
        (
            "The Organization of Coffee Exporters (OCE) and allies including Brazil, collectively known as OCE+, "
            "have been reducing output since 2017. They are due to taper the cuts by 2 million bags in January.",
            "Will OCE+ taper the cuts by 2 million bags by 31 January 2027?",
        ),
        # a subject shared by two verb phrases, described before it is named
        (
            "The larger group, OCE+, is currently cutting output by 5 million bags a day and is set to have a full "
            "ministerial meeting on May 28.",
            "Will OCE+ have a full ministerial meeting by 28 May 2027?",
        ),
        # the forecast sits in an "as" clause with a subject of its own
        (
            "Kim Jong Un chaired a plenum on Tuesday. The rally has drawn attention as Kim Jong Un could also "
            "announce a new policy line on Japan.",
            "Will Kim Jong Un announce a new policy line on Japan by 1 December 2027?",
        ),
        (
            "Kim Jong Un skipped his New Year speech as he is expected to unveil his stance on Japan at the congress.",
            "Will Kim Jong Un unveil his stance on Japan at the congress by 1 December 2027?",
        ),
        # "early next month" is a date of its own, and "early" goes with it
        (
            "Kim Jong Un decided to hold a party congress early next month.",
            "Will Kim Jong Un hold a party congress by 10 January 2027?",
        ),
        # "later this month" leaves no "later" behind
        (
            "The US and Iran will resume discussions later this month on reviving the nuclear accord.",
            "Will the US and Iran resume discussions on reviving the nuclear accord by 31 December 2026?",
        ),
        # an adverb inside the cue, and a hedge in quotation marks
        (
            "The cartel's ministers are currently scheduled to meet online on Thursday to set output for 2027.",
            "Will the cartel's ministers meet online to set output for 2027 by 3 December 2026?",
        ),
        (
            'OCE and its allies led by Brazil are "most likely" to agree on a one-month extension of the quota deal '
            "on Saturday, a delegate said.",
            "Will OCE and its allies led by Brazil agree on a one-month extension of the quota deal by 5 December "
            "2026?",
        ),
        # a dateline of two places, and "said as …" after the forecast
        (
            "LONDON/DUBAI (Reuters) -OCE+ will likely agree on Sunday to prolong its deep output cuts into 2027, "
            "two OCE+ sources said as the group seeks to shore up the market.",
            "Will OCE+ agree to prolong its deep output cuts into 2027 by 6 December 2026?",
        ),
        # "decide whether to A or B" asks about A
        (
            "Eight OCE+ countries are set to decide on whether to implement an accelerated output hike for January "
            "or stick to their original plans.",
            "Will eight OCE+ countries implement an accelerated output hike for January by 1 December 2027?",
        ),
        # "since taking office" is not a date said of the past, and "Mr." opens no sentence
        (
            "Mr. Biden will make his first trip to Asia since taking office.",
            "Will Mr. Biden make his first trip to Asia since taking office by 1 December 2027?",
        ),
    ],
)
def test_subjects_deadlines_frames_and_choices_of_the_eleventh_set(text, title):
    assert titles(text)[0] == title


def test_he_after_a_titled_name_is_that_person():
    text = "Mr. Biden will make his first trip to Asia since taking office. He will meet Mr. Yoon in Seoul."
    assert titles(text)[1] == "Will Mr. Biden meet Mr. Yoon in Seoul by 1 December 2027?"


def test_a_possessive_weekday_dates_the_event():
    assert deadline_of("Wednesday's meeting of the cartel will be the first in Vienna since 2020.", PUBLISHED) == date(
        2026, 12, 2
    )


def test_this_week_outranks_an_earliest_day():
    assert deadline_of(
        "North Korea is expected to open a party congress this week, possibly as early as Monday.", date(2027, 1, 4)
    ) == date(2027, 1, 10)


def test_agreed_to_with_a_noun_is_no_forecast_verb():
    assert titles("Ukraine and Russia agreed to a prisoner exchange involving 1,000 people from each side.") == []


def test_a_participle_aside_that_forecasts_gets_its_own_draft():
    text = (
        "Analysts expect the plenum to run for several days and set the agenda for the party congress, likely to "
        "be held in January or February."
    )
    claims = extract_claims(text, published=PUBLISHED)
    assert [claim.title for claim in claims] == [
        "Will the plenum run for several days and set the agenda for the party congress by 1 December 2027?",
        "Will the party congress be held by 28 February 2027?",
    ]
    assert all(text[claim.start : claim.end] == claim.quote for claim in claims)


def test_a_second_verb_phrase_with_the_same_subject_gets_its_own_draft():
    text = "OCE+ will meet on Friday to discuss the demand outlook but is unlikely to recommend immediate action."
    assert titles(text) == [
        "Will OCE+ meet to discuss the demand outlook by 4 December 2026?",
        "Will OCE+ recommend immediate action by 4 December 2026?",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Medinsky said the swap would take place soon.", "“the swap” stands for something"),
        ("Prices are likely to stay volatile, an analyst said.", "“prices” stands for something"),
        (
            "The restoration of the accord would likely result in more crude exports.",
            "“the accord” stands for something",
        ),
    ],
)
def test_a_bare_definite_or_plural_subject_is_flagged(text, words):
    assert flagged(text, words, PUBLISHED)


def test_a_named_thing_with_modifiers_is_not_flagged_as_leaning_back():
    assert drafts("The Black Sea grain deal will expire on Monday.", PUBLISHED)[0][1] == []


def test_a_sentence_that_breaks_off_is_flagged():
    assert flagged("Seoul is highly likely to send envoys in the near future, and Tokyo, Manila...", "breaks off")


def test_either_or_keeps_both_alternatives_and_a_possible_extra_goes():
    assert titles("The launch is expected to be a test of either a cruise missile or potentially an ICBM.")[0] == (
        "Will the launch be a test of either a cruise missile or potentially an ICBM by 1 December 2027?"
    )
    assert titles("OCE+ will agree to prolong its cuts into 2027 and possibly 2028, sources said.")[0] == (
        "Will OCE+ agree to prolong its cuts into 2027 by 1 December 2027?"
    )


def test_the_main_clause_stops_where_a_second_forecast_verb_begins():
    text = "North Korea is expected to unveil a five-year plan and could also disclose a new line on Japan."
    assert titles(text) == [
        "Will North Korea unveil a five-year plan by 1 December 2027?",
        "Will North Korea disclose a new line on Japan by 1 December 2027?",
    ]


def test_the_period_a_quantity_is_set_for_is_no_deadline():
    assert find_deadline("OCE+ is expected to adhere to its planned increase for December.", PUBLISHED) is None
    assert find_deadline("OCE+ will cut output by March.", PUBLISHED).date == date(2027, 3, 31)


def test_a_headline_gets_back_its_article_and_its_abbreviated_country():
    assert titles("N. Korea likely to open rare party congress this week\n\nThe text goes on here for a while.")[0] == (
        "Will North Korea open a rare party congress by 6 December 2026?"
    )


def test_as_well_as_is_no_subordinate_as():
    text = "OCE+ will meet on Friday to discuss prices in the face of weak demand as well as rising stocks."
    assert titles(text)[0] == (
        "Will OCE+ meet to discuss prices in the face of weak demand as well as rising stocks by 4 December 2026?"
    )


def test_a_cause_as_subject_and_a_day_in_the_subject_are_flagged():
    assert flagged("A weak demand outlook could prompt OCE+ to delay the easing of its cuts.", "makes OCE+ act")
    assert not flagged("Brazil could prompt OCE+ to delay the easing of its cuts.", "makes OCE+ act")
    assert flagged("The deal on Sunday could include extending the cuts into 2028.", "time phrase is left in")
