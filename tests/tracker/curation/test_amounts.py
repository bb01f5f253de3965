"""Claims about amounts asked as numbers (issue #32): which titles read as a count or a sum, and the question."""

from datetime import date

import pytest

from tracker.curation.amounts import alternatives, date_alternative, numeric_alternative, round_up


@pytest.mark.parametrize(
    ("title", "asked", "unit", "value", "upper"),
    [
        (
            "Will North Korea send 10,000 more troops to Russia by 30 June 2027?",
            "How many more troops will North Korea send to Russia by 30 June 2027?",
            "troops",
            10_000,
            50_000,
        ),
        (
            "Will as many as 3,000 North Korean soldiers be deployed to Kursk by 31 January 2025?",
            "How many North Korean soldiers will be deployed to Kursk by 31 January 2025?",
            "soldiers",
            3_000,
            20_000,
        ),
        (
            "Will South Korea pledge $300 million in aid to Ukraine by 31 December 2027?",
            "How many US dollars will South Korea pledge in aid to Ukraine by 31 December 2027?",
            "USD",
            300e6,
            2e9,
        ),
        (
            "Will Seoul send $1.2bn worth of shells to Ukraine by 2028?",
            "How many US dollars' worth of shells will Seoul send to Ukraine by 2028?",
            "USD",
            1.2e9,
            5e9,
        ),
        (
            "Will Russia deliver 2.5 million shells to North Korea by 1 March 2027?",
            "How many shells will Russia deliver to North Korea by 1 March 2027?",
            "shells",
            2.5e6,
            10e6,
        ),
    ],
)
def test_a_count_or_a_sum_in_the_title_is_asked_as_a_number(title, asked, unit, value, upper):
    draft = numeric_alternative(title)
    assert draft is not None
    assert draft.title == asked
    assert draft.unit == unit
    assert draft.value == pytest.approx(value)
    assert (draft.range_min, draft.range_max) == (0.0, pytest.approx(upper))


@pytest.mark.parametrize(
    "title",
    [
        "Will North Korea conduct a nuclear test by 30 June 2027?",
        "Will the EU adopt its 20th sanctions package by 31 March 2027?",  # an ordinal, not a count
        "Will Resolution 2397 be enforced by 2027?",
        "Will 1 soldier be captured by 2027?",  # one is a yes/no question
        "North Korea sent 10,000 troops.",  # not a question the drafter made
    ],
)
def test_other_numbers_are_left_alone(title):
    assert numeric_alternative(title) is None


def test_round_up_goes_to_the_next_round_number():
    assert [round_up(v) for v in (1, 3, 12_000, 40_000, 2.1e9, 0)] == [1, 5, 20_000, 50_000, 2.5e9, 1]


def test_a_drafted_deadline_is_also_asked_as_a_date():
    title = "Will Seoul approve artillery shells by 30 June 2027?"
    dated = date_alternative(title, published=date(2026, 11, 2), deadline=date(2027, 6, 30))
    assert dated == {
        "type": "date",
        "title": "When will Seoul approve artillery shells?",
        "unit": "",
        "range_min": "2026-11-02",
        "range_max": "2027-06-30",
    }
    assert date_alternative(title, published=date(2027, 7, 1), deadline=date(2027, 6, 30)) is None  # past
    assert date_alternative("Will this happen soon?", published=date(2026, 1, 1), deadline=date(2027, 1, 1)) is None
    both = alternatives(
        "Will North Korea send 10,000 more troops to Russia by 30 June 2027?",
        published=date(2026, 11, 2),
        deadline=date(2027, 6, 30),
    )
    assert [a["type"] for a in both] == ["numeric", "date"]
