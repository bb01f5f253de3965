"""Defects a fiftieth untuned set of real news (a rocket's fifth test flight waiting on its licence; a private moon
landing attempt) showed in the drafts; sentences written for the project in the shape of those found, not quoted.
Each failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.time_expressions import find_deadline

FRIDAY = date(2026, 3, 6)


def claims(text: str):
    return extract_claims(text, published=FRIDAY)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in claims(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "slated for" looks ahead, and an hour's full stops end no phrase; "for Friday" in Friday's paper is today
        ("The Vantor launch is slated for 9 a.m. Friday.", FRIDAY),
        ('The landing is slated for "no earlier than 5:30 p.m." ET Sunday, according to the agency.', date(2026, 3, 8)),
        # "hours away", "days away": as "within hours", "within days"
        ("Lumen Motors is just hours away from opening its Porto plant.", date(2026, 3, 7)),
        ("Lumen Motors is days away from opening its Porto plant.", date(2026, 3, 13)),
        # a sale or a delivery starts on the date straight after it
        ("The new Vantor phone will go on sale March 20.", date(2026, 3, 20)),
        ("The Vantor truck ships April 2 in Portugal.", date(2026, 4, 2)),
    ],
)
def test_the_time_phrase_is_read(sentence, expected):
    found = find_deadline(sentence, FRIDAY)
    assert found is not None
    assert found.date == expected


def test_what_a_thing_can_do_within_hours_dates_nothing():
    sentence = (
        "Lumen Forge aims to build a reusable truck that can carry loads across the Algarve, refuel in Faro and "
        "return within hours."
    )
    found = find_deadline(sentence, FRIDAY)
    assert found is None or found.date != date(2026, 3, 7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X claims" is a frame like "X says"
        (
            'Lumen Motors claims the first Vantor truck will leave the Porto plant "within days", but regulators '
            "have not yet signed off.",
            ("Will the first Vantor truck leave the Porto plant by 13 March 2026?", date(2026, 3, 13)),
        ),
        # where it was said, then when, between the verb and "that"
        (
            "Lumen Motors says on its website that the Vantor truck could leave the plant as soon as 20 March.",
            ("Will the Vantor truck leave the plant by 20 March 2026?", date(2026, 3, 20)),
        ),
        (
            "Lumen Motors announced on social media on Monday that the Vantor truck could leave the Porto plant as "
            "soon as March 20, pending approval.",
            ("Will the Vantor truck leave the Porto plant by 20 March 2026?", date(2026, 3, 20)),
        ),
        # "stating that it will": the pronoun is the one who stated; "make a decision" is an act, no event's
        (
            "The APDL removed its earlier estimate, stating that it will make a licensing decision once Lumen Motors "
            "meets all requirements.",
            ("Will the APDL make a licensing decision by 6 March 2027?", date(2027, 3, 6)),
        ),
        # an acronym the text capitalises is a name the pronoun can stand for
        (
            "This comes after the APDL previously stated it would not make a decision until late April.",
            ("Will the APDL make a decision by 30 April 2026?", date(2026, 4, 30)),
        ),
        # "as part of …" between the subject and its verb; "is readying to", "is hoping to"
        (
            "Ana Sousa, as part of the Algarve Coastal Programme, is readying to open the Tavira office.",
            ("Will Ana Sousa open the Tavira office by 6 March 2027?", date(2027, 3, 6)),
        ),
        (
            "With the vote behind it, Lumen Motors is hoping to become the first firm to build trucks in Faro.",
            ("Will Lumen Motors become the first firm to build trucks in Faro by 6 March 2027?", date(2027, 3, 6)),
        ),
        # "Eastern time" belongs to the hour
        (
            "Typhoon Lorna is scheduled to reach Tavira Sunday at 5:30pm Eastern time.",
            ("Will Typhoon Lorna reach Tavira by 8 March 2026?", date(2026, 3, 8)),
        ),
        # "…, reports X (…)": the source and its bracketed aside
        (
            "Lumen Motors will also stream the ceremony on its website, reports Diario Local (which has a link to "
            "the town's stream as well).",
            ("Will Lumen Motors stream the ceremony on its website by 6 March 2027?", date(2027, 3, 6)),
        ),
        # "Local papers report a meeting … was due to start": the frame before the event
        (
            "Local papers report a meeting of the Porto council was due to start at 3pm.",
            ("Will a meeting of the Porto council start by 6 March 2027?", date(2027, 3, 6)),
        ),
        # a present-tense schedule after an hour written with full stops
        (
            "The launch window opens at 8 a.m. on Sunday from the Faro pad.",
            ("Will the launch window open from the Faro pad by 8 March 2026?", date(2026, 3, 8)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # "Aims for Sunday Launch": the aim with its day
        ("Lumen Motors Aims for Sunday Launch as Porto Review Speeds Up", "Will Lumen Motors launch by 8 March 2026?"),
        # ", Watch Here": the page speaking to its reader
        (
            "Lumen Motors Will Open Its Porto Plant Today, Watch Here",
            "Will Lumen Motors open its Porto plant by 6 March 2026?",
        ),
    ],
)
def test_a_headline_is_read(headline, expected):
    text = f"{headline}\n\nSince 2019 Lumen Motors has built trucks in Faro, and Ana Sousa runs its plant in Porto."
    assert drafts(text)[0][0] == expected


def test_an_acronym_the_text_writes_after_the_takes_it_and_one_read_as_a_word_does_not():
    text = "The APDL said on Friday that the APDL will approve the Vantor licence this month."
    assert drafts(text)[-1][0] == "Will the APDL approve the Vantor licence by 31 March 2026?"
    text = "The NATO will also deepen its links with Portugal this month."
    assert drafts(text)[-1][0] == "Will NATO deepen its links with Portugal by 31 March 2026?"


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a decision without what is decided
        ("The APDL stated it would not make a decision until late April.", "make a decision"),
        # a condition opened by "Upon"
        ('"Upon a successful landing, Lumen Motors will host a news conference in Porto," the release says.', "Upon"),
        # "afterwards": after what, the article said before
        ("The stream will begin at 4 p.m., and Lumen Motors will host a news conference afterwards.", "afterwards"),
        # whose flight: "its" in the subject with nothing before it
        ("Lumen Motors claims the first test drive of its Vantor truck will happen within days.", "its Vantor"),
        # the event the article told before, named by its noun
        (
            "The Vantor probe will attempt a landing near Faro on Sunday. Ana Sousa will stream the landing from Porto.",
            "the landing",
        ),
    ],
)
def test_the_defect_is_flagged(text, flagged):
    assert any(flagged in flag for flag in claims(text)[-1].flags)


def test_a_flag_never_quotes_words_the_shortening_cut():
    text = (
        "The Vantor mission began last year. The agency has decided to bring the Vantor capsule back from orbit "
        "without its crew members Ana Sousa and Rui Costa following months of speculation about their return and "
        "the safety concerns associated with the mission."
    )
    claim = claims(text)[-1]
    assert "the mission" not in claim.title
    assert not any("“the mission”" in flag for flag in claim.flags)


def test_a_name_whose_capital_comes_second_names_someone():
    claim = claims("The new eVantor 5 will go on sale March 20.")[-1]
    assert (claim.title, claim.deadline) == ("Will the new eVantor 5 go on sale by 20 March 2026?", date(2026, 3, 20))
    assert claim.flags == []
