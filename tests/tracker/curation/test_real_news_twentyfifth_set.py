"""Defects a twenty-fifth untuned set of real news (a conclave's date, a snap election's call) showed in the drafts;
sentences written for the project in the shape of those found, not quoted. Each failed before its rule was
repaired."""

from datetime import date

import pytest

from tracker.curation.extraction import extract_claims, split_sentences

THURSDAY = date(2026, 12, 3)


@pytest.mark.parametrize("title", ["Gov. Gen.", "Sen.", "Rep.", "Capt.", "Sgt.", "Adm."])
def test_a_title_abbreviated_before_a_name_ends_no_sentence(title):
    text = f"Ottawa expects the premier to ask {title} Ana Dube to dissolve the assembly on Sunday."
    assert len(split_sentences(text)) == 1


def test_the_governor_general_abbreviated_keeps_the_forecast_whole():
    [claim] = extract_claims(
        "But Ottawa's premier is expected to ask Gov. Gen. Ana Dube to dissolve the assembly on Sunday.",
        published=THURSDAY,
    )
    assert claim.title == "Will Ottawa's premier ask Gov. Gen. Ana Dube to dissolve the assembly by 6 December 2026?"


@pytest.mark.parametrize("pronoun", ["he'll", "she’ll", "they'll", "it'll"])
def test_a_contracted_will_is_a_forecast(pronoun):
    text = f"Nairobi's governor met voters. Now {pronoun} face the county assembly next week."
    claims = extract_claims(text, published=THURSDAY)
    assert [claim.deadline for claim in claims] == [date(2026, 12, 13)]
    # the quote stays as printed
    assert pronoun in claims[0].quote
