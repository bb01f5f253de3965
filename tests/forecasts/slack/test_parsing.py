"""Reading what people type after /signpost (no database)."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecasts.slack.parsing import (
    Command,
    CommandError,
    parse_probability,
    parse_when,
    question_reference,
    split_ask,
    split_command,
    split_option,
    split_reference,
    split_values,
)


@pytest.mark.parametrize(
    ("token", "slug"),
    [
        ("will-seoul-send-observers", "will-seoul-send-observers"),
        ("https://signpost.example.org/questions/will-a/", "will-a"),
        ("<https://signpost.example.org/questions/will-a/|Will A?>", "will-a"),
        ("<https://signpost.example.org/questions/will-a>", "will-a"),
        ("Will", None),
        ("<https://example.org/teams/x/>", None),
    ],
)
def test_a_question_is_named_by_link_or_slug(token, slug):
    assert question_reference(token) == slug


def test_a_wrapped_link_with_a_spaced_label_is_one_token():
    assert split_reference("<https://s.example.org/questions/will-a/|Will A happen?> 30%") == ("will-a", "30%")
    assert split_reference("") == (None, "")
    with pytest.raises(CommandError, match="not a question"):
        split_reference("Will 30%")


@pytest.mark.parametrize(
    ("text", "value"), [("30%", 0.3), ("30", 0.3), ("1", 0.01), ("0.3", 0.3), ("99.9%", 0.999), ("7 %", 0.07)]
)
def test_probabilities_as_people_type_them(text, value):
    assert parse_probability(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["0", "100%", "130", "-5%", "lots", "", "1e3"])
def test_what_is_not_a_probability_says_so(text):
    with pytest.raises(CommandError):
        parse_probability(text)


@given(st.integers(min_value=1, max_value=99))
def test_a_whole_percentage_reads_back_as_itself(percent):
    assert parse_probability(f"{percent}%") == pytest.approx(percent / 100)
    assert parse_probability(str(percent)) == pytest.approx(percent / 100)


def test_commands_options_values_and_questions_asked():
    assert split_command("  Forecast  will-a 30% ") == Command("forecast", "will-a 30%")
    assert split_command("") == Command("help", "")
    assert split_option("“Very high” 40%") == ("Very high", 0.4)
    assert split_values("2000 3000 4500") == ["2000", "3000", "4500"]
    assert split_values("2000, 3000; 4500") == ["2000", "3000", "4500"]
    with pytest.raises(CommandError, match="three values"):
        split_values("2000 3000")
    assert split_ask("Will Kim go by train by 1 May 2027") == ("Will Kim go by train", "1 May 2027")
    with pytest.raises(CommandError, match="Say when"):
        split_ask("Will Kim go?")


def test_a_date_is_read_in_the_askers_zone_and_means_the_end_of_that_day():
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    assert parse_when("30 June 2027", zone="Asia/Seoul", now=now).astimezone(UTC).isoformat() == (
        "2027-06-30T14:59:00+00:00"
    )
    assert parse_when("2027-01-15 09:30", zone="UTC", now=now).isoformat() == "2027-01-15T09:30:00+00:00"
    assert parse_when("in 3 weeks", zone="UTC", now=now).date().isoformat() == "2026-12-27"
    with pytest.raises(CommandError, match="not a date"):
        parse_when("whenever", zone="UTC", now=now)
