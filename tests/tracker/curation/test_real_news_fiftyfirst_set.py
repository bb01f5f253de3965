"""Defects a fifty-first untuned set of real news (a central bank's first rate cut in years, the days before the
meeting) showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each
failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def claims(text: str):
    return extract_claims(text, published=FRIDAY)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in claims(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a weekday between the verb and its date goes with the date
        (
            "The meeting starts Tuesday, March 10, and the Porto council's vote will take place Wednesday, March 11 "
            "at 2 pm.",
            ("Will the Porto council's vote take place by 11 March 2026?", date(2026, 3, 11)),
        ),
        # a present-tense schedule in a "When" clause looks ahead; "the expectation is that it" is the sayer's
        # subject; "Reserve" names no person
        (
            "When the Lumen Reserve closes its meeting Friday afternoon, the widespread expectation is that it will "
            "cut rates.",
            ("Will the Lumen Reserve cut rates by 6 March 2026?", FRIDAY),
        ),
        # "happens" is a present-tense schedule
        (
            "The Porto council's biggest vote in years happens Monday.",
            ("Will the Porto council's biggest vote in years happen by 9 March 2026?", date(2026, 3, 9)),
        ),
        # an outlook's year is no deadline
        (
            "The projections will offer insight into the Porto council's outlook for 2029.",
            (
                "Will the projections offer insight into the Porto council's outlook for 2029 by 6 March 2027?",
                date(2027, 3, 6),
            ),
        ),
        # the event foreseen as a noun: expected, priced in, pointed to
        (
            "A strong majority of analysts, 40 of 52, expect a 25-basis-point cut when the Lumen Reserve concludes "
            "its meeting.",
            ("Will there be a 25-basis-point cut by 6 March 2027?", date(2027, 3, 6)),
        ),
        (
            "Only nine of 52 respondents expected a half-point cut next week.",
            ("Will there be a half-point cut by 15 March 2026?", date(2026, 3, 15)),
        ),
        (
            "Rate markets are still pricing in over 100 basis points of cuts by the end of the year.",
            ("Will there be over 100 basis points of cuts by 31 December 2026?", date(2026, 12, 31)),
        ),
        (
            "Their assessment of the economy strongly points to a 25-basis-point cut on March 18.",
            ("Will there be a 25-basis-point cut by 18 March 2026?", date(2026, 3, 18)),
        ),
        # "There's almost no question that" is a frame
        (
            "There's almost no question that the Porto council is going to approve the plan on Monday.",
            ("Will the Porto council approve the plan by 9 March 2026?", date(2026, 3, 9)),
        ),
        # "In addition to X," opens the sentence; the subject follows it
        (
            "In addition to the rate cut, the meeting in Porto will include new forecasts.",
            ("Will the meeting in Porto include new forecasts by 6 March 2027?", date(2027, 3, 6)),
        ),
        # "those estimates" is no reporting verb's frame
        (
            "Investors will closely watch those estimates for any hint at how quickly rates are expected to fall.",
            (
                "Will investors closely watch those estimates for any hint at how quickly rates are expected to fall "
                "by 6 March 2027?",
                date(2027, 3, 6),
            ),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[-1] == expected


def test_a_modal_inside_an_embedded_question_forecasts_nothing():
    assert all("unclear" not in title for title, _ in drafts("It is unclear how big the cut will be."))
    assert all(
        "know" not in title for title, _ in drafts("We don't know by how much or at what pace easing will happen.")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a first sentence in headline case is a headline, though it ends in a full stop
        (
            "Porto Officials Are Expected to Approve the Plan. The Question Is When.\n\nThe Porto council meets on "
            "Monday, and Lumen Motors waits in Faro.",
            "Will Porto officials approve the plan by 6 March 2027?",
        ),
        # "the Fed" keeps its article when the text writes it so
        (
            "Fed to Cut Rates By 25 Basis Points On March 18\n\nEconomists say the Fed will cut rates at each of its "
            "remaining meetings in 2026.",
            "Will the Fed cut rates by 25 basis points by 18 March 2026?",
        ),
    ],
)
def test_a_headline_is_read(text, expected):
    assert drafts(text)[0][0] == expected


def test_policymakers_are_no_name():
    claim = claims("Policymakers will also release new projections on Monday.")[-1]
    assert claim.title == "Will policymakers release new projections by 9 March 2026?"
    assert claim.flags
