"""Forecast input rules (docs/forecasting.md, "Input rules"), as pure functions with no Django import.

Every probability lies in [0.001, 0.999] and a multiple-choice vector sums to 1 within 1e-6; a numeric or date
forecast is a CDF by Metaculus' rules (continuous.py) or the quantiles one is drawn through. Anything else is
rejected with a message naming the field; nothing is silently clipped.
"""

import math
from collections.abc import Callable, Sequence

from forecasts.engine.continuous import POINTS, cdf_from_quantiles, cdf_problems

PROBABILITY_MIN = 0.001
PROBABILITY_MAX = 0.999
SUM_TOLERANCE = 1e-6


class ForecastInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _as_probability(value: object, field: str) -> float:
    # bool is an int subclass; True is not a probability.
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ForecastInputError(field, f"Probability must be a number; got {value!r}.")
    try:
        number = float(value)
    except ValueError:
        raise ForecastInputError(field, f"Probability must be a number; got {value!r}.") from None
    if not math.isfinite(number):
        raise ForecastInputError(field, f"Probability must be a finite number; got {value!r}.")
    if not PROBABILITY_MIN <= number <= PROBABILITY_MAX:
        raise ForecastInputError(
            field, f"Probability must be between {PROBABILITY_MIN} and {PROBABILITY_MAX}; got {value}."
        )
    return number


def parse_binary_probability(value: object) -> float:
    """P(yes) of a binary forecast, or ForecastInputError on the field `probability`."""
    if value is None:
        raise ForecastInputError("probability", "A binary forecast needs a probability.")
    return _as_probability(value, "probability")


def parse_option_probabilities(values: object, option_count: int) -> list[float]:
    """One probability per option, in option order, summing to 1; or ForecastInputError on `probabilities`."""
    if values is None:
        raise ForecastInputError("probabilities", "A multiple-choice forecast needs one probability per option.")
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ForecastInputError("probabilities", "Probabilities must be a list with one number per option.")
    if len(values) != option_count:
        raise ForecastInputError(
            "probabilities", f"This question has {option_count} options; got {len(values)} probabilities."
        )
    parsed = [_as_probability(value, f"probabilities[{index}]") for index, value in enumerate(values)]
    total = math.fsum(parsed)
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ForecastInputError("probabilities", f"Probabilities must sum to 1; they sum to {total:.6g}.")
    return parsed


def parse_cdf(values: object, *, open_lower: bool, open_upper: bool) -> list[float]:
    """A numeric or date forecast given as its CDF: 201 values, or ForecastInputError on `cdf` naming each rule it
    breaks (continuous.cdf_problems, Metaculus' rules)."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ForecastInputError("cdf", f"A CDF is a list of {POINTS} numbers.")
    if any(isinstance(value, bool) or not isinstance(value, int | float) for value in values):
        raise ForecastInputError("cdf", "Every CDF value is a number between 0 and 1.")
    parsed = [float(value) for value in values]
    problems = cdf_problems(parsed, open_lower=open_lower, open_upper=open_upper)
    if problems:
        raise ForecastInputError("cdf", " ".join(problems))
    return parsed


def parse_quantiles(
    values: object, *, to_unit: Callable[[float], float], open_lower: bool, open_upper: bool
) -> list[float]:
    """A numeric or date forecast given as a few quantiles ([[0.1, low], [0.5, median], [0.9, high]], values already
    numbers on the question's scale), turned into the CDF through them (continuous.cdf_from_quantiles)."""
    if isinstance(values, str | bytes) or not isinstance(values, Sequence) or len(values) < 2:
        raise ForecastInputError("quantiles", "Give two or more quantiles as [probability, value] pairs.")
    points = []
    for index, pair in enumerate(values):
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ForecastInputError(f"quantiles[{index}]", "A quantile is a [probability, value] pair.")
        probability, value = pair
        if isinstance(probability, bool) or not isinstance(probability, int | float) or not 0 < probability < 1:
            raise ForecastInputError(f"quantiles[{index}]", "A quantile's probability lies strictly between 0 and 1.")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise ForecastInputError(f"quantiles[{index}]", "A quantile's value is a number.")
        try:
            location = to_unit(float(value))
        except (ValueError, ZeroDivisionError):
            location = math.nan
        if not 0 <= location <= 1:
            raise ForecastInputError(f"quantiles[{index}]", "Each quantile's value lies within the question's range.")
        points.append((float(probability), location))
    try:
        cdf = cdf_from_quantiles(points, open_lower=open_lower, open_upper=open_upper)
    except ValueError as error:
        raise ForecastInputError("quantiles", f"{error} (higher probabilities need higher values).") from None
    return parse_cdf(cdf, open_lower=open_lower, open_upper=open_upper)
