"""Defects a tenth untuned set of real news (IAEA visits to a nuclear plant, the Black Sea grain deal) showed in
the drafts; sentences written for the project in the shape of those found, not quoted. Each failed before its rule
was repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims
from tracker.curation.headlines import headline_as_sentence

PUBLISHED = date(2026, 12, 1)  # a Tuesday


def titles(text: str) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=PUBLISHED)]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Lima, Peru, (Andes Wire / Pacific News - 1st Dec, 2026 ) :The UN food agency chief is expected on "
            "Friday to visit the port of Callao.",
            "Will the UN food agency chief visit the port of Callao by 4 December 2026?",
        ),
        (
            "Turkey expressed confidence that the agreement on the export of fertiliser will be extended.",
            "Will the agreement on the export of fertiliser be extended by 1 December 2027?",
        ),
        (
            "President Erdogan has agreed to extend the Caspian gas deal which expires next week.",
            "Will President Erdogan extend the Caspian gas deal by 13 December 2026?",
        ),
        (
            "The deal, signed five months after the war began, is set to expire on Monday.",
            "Will the deal expire by 7 December 2026?",
        ),
        (
            "Black Sea grain deal is set to expire on Saturday.",
            "Will the Black Sea grain deal expire by 5 December 2026?",
        ),
        (
            "Director General of the World Health Organization (WHO) Maria Lopez is likely to visit the clinic in "
            "Kinshasa by March.",
            "Will Maria Lopez visit the clinic in Kinshasa by 31 March 2027?",
        ),
    ],
)
def test_datelines_frames_relative_clauses_asides_and_names_of_the_tenth_set(text, title):
    assert titles(text)[0] == title


def test_an_expectation_with_a_relative_clause_is_not_read_as_expects_x_to():
    text = "Erdogan said he expects a deal that allows Kenya to export tea through Mombasa would be extended."
    assert titles(text)[0].startswith("Will a deal that allows Kenya to export tea through Mombasa be extended")


def test_shortening_keeps_a_list_of_names_and_drops_an_on_the_adjunct():
    text = (
        "The watchdog chief is expected to hold talks in Nairobi and Kampala next week on the creation of a "
        "protection zone around the contested hydroelectric dam on the border between the two countries."
    )
    assert titles(text)[0] == "Will the watchdog chief hold talks in Nairobi and Kampala by 13 December 2026?"


def test_a_headline_says_whose_chief():
    assert headline_as_sentence("WHO says its chief is expected to visit Kinshasa next week", frozenset()) == (
        "WHO's chief will visit Kinshasa next week."
    )


def test_a_reread_of_the_rounds_found_four_drafts_worse_and_these_mend_them():
    # a name after "with" is not who "he" is
    title, *_ = [
        c.title
        for c in extract_claims(
            "Yoon visited Kyiv on Saturday. During a meeting with Ukrainian President Volodymyr Zelenskyy in Kyiv, "
            "he announced plans to increase military aid to Ukraine.",
            published=PUBLISHED,
        )
        if "military aid" in c.title
    ]
    assert "Zelenskyy increase" not in title
    # "X also expressed regret …, and vowed to …": the subject without its adverb
    assert titles("Adviser Chang Ho-jin also expressed regret over the treaty, and vowed to take measures.")[0] == (
        "Will Adviser Chang Ho-jin take measures by 1 December 2027?"
    )
    # a subject that opens with "during which", and "both leaders", are not names
    claims = extract_claims(
        "The two met in Seoul, during which both leaders strongly condemned the launch and will strengthen their "
        "joint response.",
        published=PUBLISHED,
    )
    assert all(claim.flags for claim in claims)
    # "Specific measures will be revealed": a passive that names no one, capitalised or not
    (claim,) = extract_claims("Specific measures will be revealed later, officials said.", published=PUBLISHED)
    assert claim.flags
