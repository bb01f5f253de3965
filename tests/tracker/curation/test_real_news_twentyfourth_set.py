"""Defects a twenty-fourth untuned set of real news (a court's ruling before a ban's deadline, a crewed capsule's
scrubbed launches) showed in the drafts; sentences written for the project in the shape of those found, not quoted.
Each failed before its rule was repaired."""

from datetime import date

from tracker.curation.extraction import extract_claims

THURSDAY = date(2026, 12, 3)


def test_a_progressive_keeps_its_verb_whole():
    [claim] = extract_claims(
        "The long dispute over Kenya's port lease may soon be coming to an end, analysts said.", published=THURSDAY
    )
    assert claim.title == "Will the long dispute over Kenya's port lease come to an end by 3 December 2027?"


def test_a_stay_for_about_a_week_is_a_span_left_in():
    [claim] = extract_claims(
        "Once in orbit, the two Kenyan astronauts will stay aboard the station for about a week to run tests.",
        published=THURSDAY,
    )
    assert any("(“for about a week”)" in flag for flag in claim.flags)


def test_an_impression_in_the_past_of_a_ruling_to_come_is_a_forecast():
    [claim] = extract_claims(
        "Kenya's Supreme Court judges seemed likely to uphold the Finance Act when they heard the case last week.",
        published=THURSDAY,
    )
    assert claim.title.startswith("Will Kenya's Supreme Court judges uphold the Finance Act")
