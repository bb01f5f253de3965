"""Defects a forty-fourth untuned set of real news (the launch date of a carmaker's robotaxi service, reported,
tentative and moved) showed in the drafts; sentences written for the project in the shape of those found, not
quoted. Each failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation import headlines
from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=FRIDAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an adverb in quotation marks between "is" and "set to"; "tentatively" is a hedge
        (
            'Ana Sousa says Lumen Motors is "tentatively" set to begin its robotaxi service in Porto on March 22.',
            ("Will Lumen Motors begin its robotaxi service in Porto by 22 March 2026?", date(2026, 3, 22)),
        ),
        # a reported expectation after a pronoun, the tense shifted back
        (
            "Ana Sousa said she expected to initially run 10 taxis in Porto.",
            ("Will Ana Sousa initially run 10 taxis in Porto by 6 March 2027?", date(2027, 3, 6)),
        ),
        # an aside between "will" and its verb; "revealed that" frames it
        (
            'Ana Sousa also revealed that a Lumen car will, for the first time, "drive itself to a customer" on March 28.',
            # (the quotation marks that held the whole verb phrase go with the date, since the forty-ninth set)
            ("Will a Lumen car drive itself to a customer by 28 March 2026?", date(2026, 3, 28)),
        ),
        # a plan with its date before the verb; "according to" with no comma before it
        (
            "Lumen Motors is targeting March 12 to launch its robotaxi service in Porto according to a report in a "
            "Lisbon daily.",
            ("Will Lumen Motors launch its robotaxi service in Porto by 12 March 2026?", date(2026, 3, 12)),
        ),
        # "teased that", "said earlier this year that", "statements that", "promise that": what was said
        (
            "Ana Sousa, in a post on her blog, teased that Lumen Motors plans to begin robotaxi rides in Porto as early "
            "as March 22.",
            ("Will Lumen Motors begin robotaxi rides in Porto by 22 March 2026?", date(2026, 3, 22)),
        ),
        (
            "Fans have waited since Ana Sousa said earlier this year that Lumen Motors would open in Faro sometime in "
            "March.",
            ("Will Lumen Motors open in Faro by 31 March 2026?", date(2026, 3, 31)),
        ),
        (
            "The timeline aligns with Ana Sousa's statements that Lumen Motors would open in Faro by the end of March.",
            ("Will Lumen Motors open in Faro by 31 March 2026?", date(2026, 3, 31)),
        ),
        (
            "This is in line with her latest promise that Lumen Motors would be serving Tavira by the end of March.",
            ("Will Lumen Motors serve Tavira by 31 March 2026?", date(2026, 3, 31)),
        ),
        # one subject, two verbs: "was discussed internally but could still change"
        (
            "The Porto daily reported that the Lumen Motors launch date was discussed internally but could still "
            "change.",
            ("Will the Lumen Motors launch date change by 6 March 2027?", date(2027, 3, 6)),
        ),
        # ", per X" names the source
        (
            "Lumen Motors will scale up to 1,000 taxis in the coming months, per Bloomberg.",
            ("Will Lumen Motors scale up to 1,000 taxis by 6 September 2026?", date(2026, 9, 6)),
        ),
        # "announced plans to": the plan is the announcer's, no frame
        (
            "In early March, Ana Sousa announced plans to launch a fleet of 10 robotaxis in Porto.",
            ("Will Ana Sousa launch a fleet of 10 robotaxis in Porto by 6 March 2027?", date(2027, 3, 6)),
        ),
        # a headline's "X Reported to Launch …"
        (
            "Lumen Motors Reported to Launch Robotaxi Service in Porto March 12\n\nLumen Motors has tested it in Porto for "
            "weeks.",
            ("Will Lumen Motors launch robotaxi service in Porto by 12 March 2026?", date(2026, 3, 12)),
        ),
    ],
)
def test_the_forecast_and_its_date(text, expected):
    assert drafts(text)[0] == expected


def test_a_name_is_not_read_from_a_headline_in_headline_case():
    text = (
        "Sousa Says Lumen's Robotaxi Service to Launch in Porto on March 22\n\n"
        "Investors have waited since Sousa said that the service would launch in Porto sometime in March."
    )
    claim = extract_claims(text, published=FRIDAY)[-1]
    assert claim.title == "Will the service launch in Porto by 31 March 2026?"
    assert any("“the service”" in flag for flag in claim.flags)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Sousa Says Lumen's Robotaxi Service to 'Tentatively' Launch in Porto\nThe service opens.",
            "The service opens.",
        ),
        (
            "The High Court of Lagos sat on Monday.\nIt will rule next week.",
            "The High Court of Lagos sat on Monday.\nIt will rule next week.",
        ),
    ],
)
def test_headline_case_lines_are_told_from_sentences(text, kept):
    assert headlines.without_headline_case(text) == kept


def test_a_from_phrase_keeps_its_to_phrase():
    text = (
        "A smooth robotaxi launch could help restore investor confidence in Lumen Motors' shift from building cheap "
        "cars to focusing on a future powered by driverless taxis in Porto and Faro."
    )
    title = extract_claims(text, published=FRIDAY)[-1].title
    assert "from building cheap cars by" not in title
    assert "from building cheap cars to focusing" in title
