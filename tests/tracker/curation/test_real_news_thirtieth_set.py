"""Defects a thirtieth untuned set of real news (a regulator's extended deadlines on a takeover, a president's refusal
to sign a finance bill) showed in the drafts; sentences written for the project in the shape of those found, not
quoted. Each failed before its rule was repaired."""

from datetime import date

from tracker.curation.extraction import extract_claims

FRIDAY = date(2026, 12, 4)


def titles(text: str) -> list[str]:
    return [claim.title for claim in extract_claims(text, published=FRIDAY)]


def test_i_in_a_quotation_closed_by_he_said_is_the_person_named_before():
    text = (
        "President Amara Diallo spoke from the palace on Friday. "
        '"Therefore, I will not sign the 2026 budget bill, and it shall be withdrawn," he said in a televised address.'
    )
    assert titles(text)[0] == "Will President Amara Diallo sign the 2026 budget bill by 4 December 2027?"


def test_affirmed_names_the_one_quoted_and_leaves_the_question():
    [claim] = extract_claims('"I will not sign the budget bill," Diallo affirmed.', published=FRIDAY)
    assert claim.title == "Will Diallo sign the budget bill by 4 December 2027?"


def test_will_need_to_is_a_forecast_and_the_question_asks_the_act():
    [claim] = extract_claims(
        "With the assembly adjourned, legislators will need to convene a special session on the bill.", published=FRIDAY
    )
    assert claim.title.startswith("Will legislators convene a special session")


def test_might_be_willing_to_asks_the_act():
    [claim] = extract_claims(
        "Portocel might be willing to sell its paper mills to a logistics, packaging or private-equity buyer.",
        published=FRIDAY,
    )
    assert claim.title == (
        "Will Portocel sell its paper mills to a logistics, packaging or private-equity buyer by 4 December 2027?"
    )


def test_a_day_after_ends_the_verb_phrase():
    [claim] = extract_claims(
        "President Amara Diallo spoke on Friday. "
        "Diallo said he would not sign the budget bill a day after clashes near the assembly left 12 people dead.",
        published=FRIDAY,
    )
    assert claim.title == "Will Diallo sign the budget bill by 4 December 2027?"


def test_an_event_someone_has_scheduled_for_a_date():
    [claim] = extract_claims(
        "We learned on Friday that the appeal tribunal has scheduled a case management conference for December 14.",
        published=FRIDAY,
    )
    assert claim.title == "Will a case management conference take place by 14 December 2026?"
    assert claim.quote.startswith("has scheduled")


def test_a_quotation_mark_left_after_the_frame_goes():
    [claim] = extract_claims('It added, " The revised review period will expire on 26 April 2027.', published=FRIDAY)
    assert claim.title.startswith("Will the revised review period expire")


def test_meaning_we_opens_a_clause_of_its_own():
    [claim] = extract_claims(
        "The regulator pushed its deadline by six weeks, meaning we'll now know a final decision by January 29.",
        published=FRIDAY,
    )
    assert claim.deadline == date(2027, 1, 29)
