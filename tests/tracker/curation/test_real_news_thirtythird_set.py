"""Defects a thirty-third untuned set of real news (an airliner type grounded and returned to service, a headset's
launch date) showed in the drafts; sentences written for the project in the shape of those found, not quoted. Each
failed before its rule was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims

MONDAY = date(2027, 1, 4)


def drafts(text: str) -> list[tuple[str, date]]:
    return [(claim.title, claim.deadline) for claim in extract_claims(text, published=MONDAY)]


def flags(text: str) -> list[str]:
    return [flag for claim in extract_claims(text, published=MONDAY) for flag in claim.flags]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In its filing, Porto Air said it expects a gradual return of the fleet through early February.",
            ("Will there be a gradual return of the fleet by 10 February 2027?", date(2027, 2, 10)),
        ),
        (
            "The February launch of the company's new tablet is on track, and shipping has started.",
            ("Will the February launch of the company's new tablet take place by 28 February 2027?", date(2027, 2, 28)),
        ),
        (
            "While the device was unveiled in 2026, the retail launch was said to be in early 2027.",
            ("Will the retail launch take place by 30 April 2027?", date(2027, 4, 30)),
        ),
        (
            "Pre-orders for the $900 tablet begin Jan. 19, the company said in a news release Monday (Jan. 4).",
            ("Will pre-orders for the $900 tablet begin by 19 January 2027?", date(2027, 1, 19)),
        ),
        (
            "The ceasefire between the two militias ends Feb. 2, officials said.",
            ("Will the ceasefire between the two militias end by 2 February 2027?", date(2027, 2, 2)),
        ),
        (
            "This comes on the eve of the launch of the tablet in Canada, set for tomorrow.",
            ("Will the launch of the tablet in Canada take place by 5 January 2027?", date(2027, 1, 5)),
        ),
    ],
)
def test_the_event_and_its_date(text, expected):
    assert drafts(text)[0] == expected


def test_a_dated_start_in_a_with_phrase_is_a_draft_of_its_own():
    text = "The company said the tablet will be available starting February 2 in Canada, with pre-orders starting January 19."
    assert drafts(text) == [
        ("Will the tablet be available in Canada by 2 February 2027?", date(2027, 2, 2)),
        ("Will pre-orders start by 19 January 2027?", date(2027, 1, 19)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In the newsletter, the columnist states that the company is likely to announce a new tablet next week.",
            "Will the company announce a new tablet by 17 January 2027?",
        ),
        (
            "I expect the company to announce a new tablet in the next week or so to steal the show.",
            "Will the company announce a new tablet to steal the show by 17 January 2027?",
        ),
        (
            "We may get to hear something official from the company pretty soon about the tablet.",
            "Will we get to hear something official from the company about the tablet by 4 January 2028?",
        ),
    ],
)
def test_what_a_frame_or_a_time_phrase_leaves_goes(text, expected):
    assert drafts(text)[0][0] == expected


@pytest.mark.parametrize(
    ("text", "flag_start"),
    [
        ('"The first of our jets will resume flying on Friday," the carrier said.', "“our” speaks as the one quoted"),
        (
            "Upon receiving the revised plan from the maker the regulator will conduct a review.",
            "The question starts mid-phrase",
        ),
        (
            "The grounding of the jets is expected to continue, the regulator said.",
            "“continue” by a date settles nothing",
        ),
    ],
)
def test_flags_name_what_the_thirty_third_set_showed(text, flag_start):
    assert any(flag.startswith(flag_start) for flag in flags(text)), flags(text)


def test_a_stated_span_settles_what_goes_on():
    assert not any(
        "settles nothing" in flag for flag in flags("The corridor is likely to stay open through the spring.")
    )
