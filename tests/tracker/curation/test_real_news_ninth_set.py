"""Defects a ninth untuned set of real news (EU sanctions meetings, Ukraine's peace summits) showed in the drafts;
sentences written for the project in the shape of those found, not quoted. Each failed before its rule was
repaired."""

from datetime import date

import pytest

from tests.tracker.curation.drafts import drafts
from tracker.curation.headlines import headline_as_sentence
from tracker.curation.time_expressions import find_deadline

PUBLISHED = date(2026, 12, 1)


def test_a_headlines_quotation_marks_go_and_its_apostrophes_stay():
    sentence = headline_as_sentence(
        "Ruto Hopes Kenya's 'Trade Summit' Will Take Place In Spring", frozenset({"Ruto", "Kenya"})
    )
    assert sentence == "Ruto hopes Kenya's trade summit will take place in spring."


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "The minister said on Friday that he hoped a so-called trade summit could be held in March.",
            "Will a so-called trade summit be held by 31 March 2027?",
        ),
        (
            "Ruto hopes that the first Africa Climate Summit, scheduled to be held in Nairobi, will take place in May.",
            "Will the first Africa Climate Summit take place by 31 May 2027?",
        ),
        (
            "A Russian deputy foreign minister said last week that Moscow would not attend the Astana talks.",
            "Will Moscow attend the Astana talks by 1 December 2027?",
        ),
    ],
)
def test_hopes_scheduled_asides_and_a_said_last_week_frame(text, title):
    assert drafts(text)[0][0] == title


def test_two_days_of_a_meeting_end_on_the_second():
    sentence = "Almost 40 countries would be represented at the meeting in Jeddah on Dec 5 and 6."
    assert find_deadline(sentence, PUBLISHED).date == date(2026, 12, 6)


def test_a_follow_up_summit_leans_on_the_article():
    (_, flags), *_ = drafts("Moscow would not attend the follow-up summit, a diplomat said.")
    assert any("“the follow-up summit”" in flag for flag in flags)
