"""Defects a fifty-third untuned set of real news (a developers' conference and the features expected there) showed
in the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before its rule
was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 3, 6)


def claims(text: str):
    return extract_claims(text, published=FRIDAY)


def drafts(text: str) -> list[str]:
    return [claim.title for claim in claims(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "has no plans to": the plan's verb, and the second clause's "is unlikely to" drafted on its own
        (
            "Reports say Lumen Motors has no plans to show a new truck in Porto and the Portuguese carmaker is "
            "unlikely to preview a van at the fair.",
            [
                "Will Lumen Motors show a new truck in Porto by 6 March 2027?",
                "Will the Portuguese carmaker preview a van at the fair by 6 March 2027?",
            ],
        ),
        # "posted on X that that": the frame, and the doubled "that"
        (
            "Ana Sousa recently posted on X that that Lumen Motors could limit the Vantor truck to Porto dealers.",
            ["Will Lumen Motors limit the Vantor truck to Porto dealers by 6 March 2027?"],
        ),
        # "plans on adding": the gerund is the verb ("adding" → "add")
        (
            "Lumen Motors plans on adding a second shift at the Faro plant.",
            ["Will Lumen Motors add a second shift at the Faro plant by 6 March 2027?"],
        ),
        # "with X rumored to …": a with-phrase's forecast
        (
            "Hopes are high for the Porto fair, with Lumen Motors rumored to unveil an electric van.",
            ["Will Lumen Motors unveil an electric van by 6 March 2027?"],
        ),
        # a participle's aside after a name keeps the name as the subject
        (
            "The Porto Motor Fair (PMF) 2026, opening on March 20 in Matosinhos, Portugal, is set to be the busiest "
            "fair in the country this year.",
            ["Will the Porto Motor Fair (PMF) 2026 be the busiest fair in the country by 31 December 2026?"],
        ),
        # "the upcoming iOS 18"-like names are named
        (
            "Lumen Motors will add new features with the upcoming eVantor 5 this month.",
            ["Will Lumen Motors add new features with the upcoming eVantor 5 by 31 March 2026?"],
        ),
    ],
)
def test_the_forecasts_are_drafted(text, expected):
    assert drafts(text)[-len(expected) :] == expected


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # a company's epithet stands for the name told before
        ("Lumen Motors opened a plant in Faro. The Portuguese truck giant will open another in Porto.", "truck giant"),
        # a judgement no record settles
        ("Lumen Motors will announce groundbreaking advances in truck design this month.", "groundbreaking"),
        ("The Porto fair is set to be one of the most visited events in Portugal this year.", "one of the most"),
        # "your" addresses the reader
        ("Your wait for the eVantor 5 will be over this month.", "“your”"),
    ],
)
def test_the_defect_is_flagged(text, flagged):
    assert any(flagged.lower() in flag.lower() for flag in claims(text)[-1].flags)


def test_a_name_after_the_upcoming_is_no_back_reference():
    claim = claims("Lumen Motors will add new features with the upcoming eVantor 5 this month.")[-1]
    assert claim.flags == []
