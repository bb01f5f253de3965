"""docs/forecasting.md "Input rules", on the pure validation functions (no database)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forecasts.engine.validation import (
    PROBABILITY_MAX,
    PROBABILITY_MIN,
    ForecastInputError,
    parse_binary_probability,
    parse_option_probabilities,
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.2, "Probability must be between 0.001 and 0.999; got 1.2."),
        (0.0, "Probability must be between 0.001 and 0.999; got 0.0."),
        (1, "Probability must be between 0.001 and 0.999; got 1."),
        (-0.5, "Probability must be between 0.001 and 0.999; got -0.5."),
        (0.0009, "Probability must be between 0.001 and 0.999; got 0.0009."),
        (float("nan"), "Probability must be a finite number; got nan."),
        (float("inf"), "Probability must be a finite number; got inf."),
        ("NaN", "Probability must be a finite number; got 'NaN'."),
        ("abc", "Probability must be a number; got 'abc'."),
        (True, "Probability must be a number; got True."),
        ([0.5], "Probability must be a number; got [0.5]."),
        (None, "A binary forecast needs a probability."),
    ],
)
def test_binary_probability_rejections_name_the_field_and_reason(value, message):
    with pytest.raises(ForecastInputError) as caught:
        parse_binary_probability(value)
    assert caught.value.field == "probability"
    assert caught.value.message == message


@pytest.mark.parametrize("value", [0.001, 0.999, 0.5, "0.25", 0.3])
def test_binary_probability_bounds_are_inclusive(value):
    assert parse_binary_probability(value) == float(value)


@given(st.floats(min_value=PROBABILITY_MIN, max_value=PROBABILITY_MAX))
def test_every_probability_in_range_is_kept_unchanged(value):
    assert parse_binary_probability(value) == value


@given(st.floats(allow_nan=True, allow_infinity=True).filter(lambda v: not PROBABILITY_MIN <= v <= PROBABILITY_MAX))
def test_every_probability_out_of_range_is_rejected_never_clipped(value):
    with pytest.raises(ForecastInputError):
        parse_binary_probability(value)


def test_option_vector_that_sums_to_point_nine_is_rejected():
    with pytest.raises(ForecastInputError) as caught:
        parse_option_probabilities([0.3, 0.3, 0.3], 3)
    assert caught.value.field == "probabilities"
    assert caught.value.message == "Probabilities must sum to 1; they sum to 0.9."


def test_option_vector_with_an_out_of_range_entry_names_the_entry():
    with pytest.raises(ForecastInputError) as caught:
        parse_option_probabilities([0.0, 0.5, 0.5], 3)
    assert caught.value.field == "probabilities[0]"


@pytest.mark.parametrize(
    ("values", "count", "message"),
    [
        ([0.5, 0.5], 3, "This question has 3 options; got 2 probabilities."),
        ("0.5,0.5", 2, "Probabilities must be a list with one number per option."),
        (None, 2, "A multiple-choice forecast needs one probability per option."),
    ],
)
def test_option_vector_shape_errors(values, count, message):
    with pytest.raises(ForecastInputError) as caught:
        parse_option_probabilities(values, count)
    assert caught.value.message == message


def test_option_vector_within_tolerance_is_accepted():
    assert parse_option_probabilities([0.15, 0.45, 0.25, 0.15 + 5e-7], 4) == [0.15, 0.45, 0.25, 0.15 + 5e-7]


def test_option_vector_just_outside_tolerance_is_rejected():
    with pytest.raises(ForecastInputError):
        parse_option_probabilities([0.15, 0.45, 0.25, 0.15 + 2e-6], 4)


@given(st.lists(st.floats(min_value=1, max_value=100), min_size=2, max_size=8))
def test_any_normalised_vector_inside_the_bounds_is_accepted(weights):
    total = sum(weights)
    vector = [w / total for w in weights]
    if all(PROBABILITY_MIN <= p <= PROBABILITY_MAX for p in vector):
        assert parse_option_probabilities(vector, len(vector)) == vector
        assert math.isclose(sum(vector), 1.0, abs_tol=1e-9)
