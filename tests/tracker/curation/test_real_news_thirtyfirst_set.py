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


def titles(text: str) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    "text",
    [
        "As each day of talks passes, a walkout becomes more and more likely.",
        "The union leader said the sides remain far apart and said a walkout appears likely.",
    ],
)
def test_an_event_growing_likely_is_asked_whether_it_happens(text):
    assert titles(text) == ["Will there be a walkout by 4 December 2027?"]


def test_a_present_tense_expiry_with_its_weekday_is_a_schedule():
    assert titles(
        "All eyes are on the clock as the dockworkers' contract with the port operators expires Monday night."
    ) == ["Will the dockworkers' contract with the port operators expire by 7 December 2026?"]


def test_a_target_date_is_a_date_to_come():
    [claim] = extract_claims(
        "Liftoff of the lunar lander is now targeted for no earlier than Dec. 19.", published=FRIDAY
    )
    assert claim.title == "Will Liftoff of the lunar lander take place by 19 December 2026?"


def test_a_forecast_is_not_unsaid_by_a_prerequisite_in_a_clause_after_but():
    assert titles(
        "The agency hopes the old and the new observatory will operate side by side, but first the new one needs to "
        "reach its orbit."
    ) == ["Will the old and the new observatory operate side by side by 4 December 2027?"]


def test_a_line_break_after_an_abbreviation_ends_the_sentence():
    text = (
        "The union leader will give another update on Wednesday at 5 p.m.\n\nPorto Motors reported progress on Monday."
    )
    assert titles(text) == ["Will the union leader give another update by 9 December 2026?"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fortunately, the ferry service will resume in March.", "Will the ferry service resume by 31 March 2027?"),
        ("That means Portland will host the final in May.", "Will Portland host the final by 31 May 2027?"),
        (
            "Those limited, targeted walkouts could halt production at the Porto Motors plants.",
            "Will those limited, targeted walkouts halt production at the Porto Motors plants by 4 December 2027?",
        ),
        (
            "There's a good chance some of the dockers, at a mix of ports, will walk out.",
            "Will the dockers walk out by 4 December 2027?",
        ),
        (
            '"The agency is proud that the probe will launch from Kourou on a European rocket," she said.',
            "Will the probe launch from Kourou on a European rocket by 4 December 2027?",
        ),
        (
            '"Either the carmakers make progress, or more locals will be called out on strike," he said.',
            "Will more locals be called out on strike by 4 December 2027?",
        ),
    ],
)
def test_what_stands_before_the_subject_goes(text, expected):
    assert titles(text)[0] == expected


def test_a_surname_alone_is_the_person_named_in_full_before():
    text = "Union leader Ada Okafor spoke to members on Friday. Okafor could name more plants to strike on Monday."
    assert titles(text)[-1] == "Will Ada Okafor name more plants to strike by 7 December 2026?"


def test_a_quoted_we_read_as_a_person_named_by_surname_is_flagged():
    text = 'Union leader Ada Okafor spoke on Friday. "We will strike all three carmakers at once," Okafor said.'
    [claim] = extract_claims(text, published=FRIDAY)
    assert claim.title == "Will Ada Okafor strike all three carmakers at once by 4 December 2027?"
    assert any("“We” was read as the one quoted" in flag for flag in claim.flags)


def test_remaining_committed_to_an_act_asks_the_act():
    [claim] = extract_claims("Porto Motors remains committed to reaching a deal with the union.", published=FRIDAY)
    assert claim.title == "Will Porto Motors reach a deal with the union by 4 December 2027?"


def test_an_opened_quotation_before_we_is_no_part_of_the_subject():
    [claim] = extract_claims(
        'A letter from the company says, "We are on a good path and remain committed to reaching a deal."',
        published=FRIDAY,
    )
    assert claim.title == "Will we reach a deal by 4 December 2027?"
    assert any("“We” could not be resolved" in flag for flag in claim.flags)


def test_which_after_a_verb_of_telling_is_the_verb_s_object():
    [claim] = extract_claims(
        "The union leader will hold a rally to announce which plants will strike.", published=FRIDAY
    )
    assert claim.title.startswith("Will the union leader hold a rally to announce which plants will strike")


def test_the_latest_of_a_series_refers_back():
    [claim] = extract_claims("The latest postponement will not exceed the budget cap.", published=FRIDAY)
    assert any("“the latest postponement” stands for something" in flag for flag in claim.flags)


def test_at_the_latest_is_no_member_of_a_series():
    [claim] = extract_claims("Porto Motors will open its new plant in Braga by June at the latest.", published=FRIDAY)
    assert not any("stands for something" in flag for flag in claim.flags)
