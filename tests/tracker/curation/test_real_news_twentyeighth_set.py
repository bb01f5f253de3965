"""Defects a twenty-eighth untuned set of real news (a first deportation flight, the date of an investiture vote)
showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before
its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.time_expressions import find_deadline

TUESDAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("on December 8th and 9th", date(2026, 12, 9)),
        ("next Wednesday, December 9 and Thursday, December 10", date(2026, 12, 10)),
        ("between Monday 7th and Wednesday 9th", date(2026, 12, 9)),
        ("on Friday 4th", date(2026, 12, 4)),
    ],
)
def test_two_days_of_one_event_end_on_the_later(phrase, day):
    assert find_deadline(f"The senate will debate the budget {phrase}.", TUESDAY).date == day


def test_a_day_of_the_month_on_another_weekday_is_no_date():
    assert find_deadline("The senate will debate the budget on Wednesday 4th.", TUESDAY) is None  # no such day soon


def test_a_date_in_the_condition_dates_the_condition_not_the_forecast():
    [claim] = extract_claims(
        "The ministry will have to free 80 detainees if the first charter flight is stopped by a court today.",
        published=TUESDAY,
    )
    assert claim.deadline == date(2027, 12, 1)  # the year's default
    # a date outside the condition still dates the forecast
    [dated] = extract_claims(
        "If the court allows it on Wednesday, the charter flight will leave on Friday.", published=TUESDAY
    )
    assert dated.deadline == date(2026, 12, 4)


def test_a_slim_chance_of_doing_asks_whether_it_is_done():
    [claim] = extract_claims(
        'Ministry officials say the charter flight has only a "slim chance" of taking off.', published=TUESDAY
    )
    assert claim.title.startswith("Will the charter flight take off")


def test_an_expected_ruling_in_a_where_clause_is_a_forecast_and_no_attribution():
    [claim] = extract_claims(
        "The policy is under review in the High Court, where a ruling on its legality is expected at the end of January.",
        published=TUESDAY,
    )
    assert claim.deadline == date(2027, 1, 31)
    assert claim.title == "Will a ruling on its legality come by 31 January 2027?"


def test_then_between_the_verb_and_expected():
    [claim] = extract_claims(
        "The two parties are then expected to publish the text of the coalition deal.", published=TUESDAY
    )
    assert claim.title.startswith("Will the two parties publish the text of the coalition deal")


def test_what_the_speaker_also_expects_is_a_forecast_of_its_own():
    claims = extract_claims(
        "Premier Ana Costa is confident the reform will pass and expects the first vote to take place on Friday, "
        "her spokesman said.",
        published=TUESDAY,
    )
    assert [claim.title for claim in claims] == [
        "Will the reform pass by 1 December 2027?",
        "Will the first vote take place by 4 December 2026?",
    ]


def test_a_session_that_is_scheduled_at_the_end_of_the_sentence():
    [claim] = extract_claims(
        "It should be noted that on Thursday, December 3rd, a plenary session of the Senate is scheduled.",
        published=TUESDAY,
    )
    assert claim.title == "Will a plenary session of the Senate take place by 3 December 2026?"
