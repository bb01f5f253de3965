"""Defects an eighth untuned set of real news (Taiwan drills, drills on the Korean peninsula, Iran nuclear talks)
showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed
before its rule was repaired."""

from datetime import date

import pytest

from tests.tracker.curation.drafts import drafts as shared_drafts
from tests.tracker.curation.drafts import flagged as shared_flagged
from tracker.curation.time_expressions import find_deadline

FRIDAY = date(2026, 12, 4)


def drafts(text: str, published: date = FRIDAY) -> list[tuple[str, list[str]]]:
    return shared_drafts(text, published)


def flagged(text: str, words: str) -> bool:
    return shared_flagged(text, words, FRIDAY)


@pytest.mark.parametrize(
    ("sentence", "published", "deadline"),
    [
        ("The talks adjourned on Friday and will resume in the middle of next week.", FRIDAY, date(2026, 12, 9)),
        ("The envoys said the talks would resume midweek.", FRIDAY, date(2026, 12, 9)),
        ("The talks will resume in the middle of next week.", date(2026, 11, 30), date(2026, 12, 9)),
        ("Negotiations will resume over the coming weekend.", date(2026, 12, 2), date(2026, 12, 6)),
        ("The talks are scheduled to resume during the next week.", FRIDAY, date(2026, 12, 13)),
        ("The draft was not likely to be circulated before the end of June.", FRIDAY, date(2027, 6, 30)),
    ],
)
def test_time_expressions_of_the_eighth_set(sentence, published, deadline):
    assert find_deadline(sentence, published).date == deadline


@pytest.mark.parametrize(
    "text",
    [
        "The exercises are scheduled to last for eleven days, the ministry said.",
        "The negotiators have to come to a framework agreement by the end of this month.",
        "The draft of the final accord was not likely to be circulated before the end of June.",
        "Analysts see the drills as a prelude to more and bigger exercises to come.",
    ],
)
def test_cues_the_eighth_set_missed(text):
    assert drafts(text), text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "The ministry said the drills, dubbed the Ocean Shield Tabletop Exercise, are scheduled for Feb. 22 at the "
            "Pentagon and will include senior officials.",
            "Will the Ocean Shield Tabletop Exercise take place by 22 February 2027?",
        ),
        (
            "The annual event, named Freedom Edge this year, is set for Aug. 21-31 and will go ahead as planned.",
            "Will Freedom Edge take place by 31 August 2027?",
        ),
        (
            "EU foreign ministers had planned to join the talks in Geneva, but would now meet the envoy on Monday in Rome.",
            "Will EU foreign ministers meet the envoy in Rome by 7 December 2026?",
        ),
        (
            "Indirect talks between the two governments on the water treaty adjourned on Friday and will resume in the "
            "middle of next week, the talks' coordinator and the UN's envoy to the negotiations told reporters.",
            "Will indirect talks between the two governments on the water treaty resume by 9 December 2026?",
        ),
        (
            'The official said "at some point" the delegates from Chile would return for a fourth round of talks.',
            "Will the delegates from Chile return for a fourth round of talks by 4 December 2027?",
        ),
        (
            "Consultations on the treaty will continue and eventually lead to another round of talks in Oslo.",
            "Will consultations on the treaty continue and lead to another round of talks in Oslo by 4 December 2027?",
        ),
    ],
)
def test_names_asides_dropped_plans_and_long_attributions(text, title):
    assert drafts(text)[0][0] == title


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("There is every expectation that talks will continue in the next few days.", "“talks”"),
        ("At some point the group would likely return for a fourth round.", "“the group”"),
        ("The Chilean delegation will be led by Deputy Minister Rojas.", "“the Chilean delegation”"),
        ("The talks between the two sides are scheduled to resume next week.", "“the two sides”"),
        ("Resumption of working groups will happen next week, officials said.", "names no one"),
        ("The real punishment may be yet to come, for it takes time.", "step on the way"),
    ],
)
def test_flags_the_eighth_set_called_for(text, words):
    assert flagged(text, words)
