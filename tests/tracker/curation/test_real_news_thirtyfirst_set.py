"""Defects a thirty-first untuned set of real news (a union's strike deadlines, a space telescope's slipping launch
dates) showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed
before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 12, 4)


def deadline(text: str) -> date:
    [claim] = extract_claims(text, published=FRIDAY)
    return claim.deadline


def test_the_publication_day_named_by_its_date_is_that_day_when_the_sentence_looks_ahead():
    assert deadline("At a rally on Friday, Dec. 4, the union could name more plants to strike.") == FRIDAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "If the two sides do not reach a deal by noon Tuesday, the union will call more workers out.",
            date(2026, 12, 8),
        ),
        ("Unless the council agrees a budget by Monday, the city will close its libraries.", date(2026, 12, 7)),
        ("If the carmakers don't make progress by Thursday, the union will widen the strike.", date(2026, 12, 10)),
    ],
)
def test_an_ultimatum_dates_the_forecast_it_conditions(text, expected):
    assert deadline(text) == expected


def test_a_date_in_a_plain_condition_still_dates_only_the_condition():
    # (the guard beside the ultimatum: no negation, no "unless")
    assert deadline("The ministry will free the detainees if the court rules on Tuesday.") == date(2027, 12, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The launch will take place a few weeks after the planned date of March 3rd.", date(2027, 3, 24)),
        ("The probe might launch in February or early March.", date(2027, 3, 10)),
        ("A new date is unlikely to be confirmed until the summer or perhaps in the fall.", date(2027, 11, 30)),
        ("The shipment will likely happen towards the end of March.", date(2027, 3, 31)),
        ("The launch window will be mid-February at the earliest.", date(2027, 2, 15)),
        ("Static-fire tests are scheduled for January and February.", date(2027, 2, 28)),
    ],
)
def test_launch_window_phrases(text, expected):
    assert deadline(text) == expected


def test_a_span_after_an_undated_event_is_no_span_from_publication():
    assert deadline("After the crew arrives at the base, it will take 40 days to ready the ship.") == date(2027, 12, 4)
    assert deadline("The shipyard said it will take 40 days to ready the ship.") == date(2027, 1, 13)
