"""Forecast input rules (docs/forecasting.md, "Input rules"), as pure functions with no Django import.

Every probability lies in [0.001, 0.999] and a multiple-choice vector sums to 1 within 1e-6. Anything else is
rejected with a message naming the field; nothing is silently clipped.
"""

import math
from collections.abc import Sequence

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
