"""A numeric or date question's distributions as readers see them: the scale its range maps onto, and a CDF read
back as a median and an interval in the question's unit (or dates)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, tzinfo

from django.core.exceptions import ValidationError

from forecasts.engine.continuous import Scale, quantile
from forecasts.engine.continuous import outcome_location as location_on_scale
from forecasts.engine.validation import ForecastInputError, parse_quantiles
from tracker.models import Question
from tracker.questions.quantities import format_value
from tracker.questions.selectors import ListedQuestion
from tracker.questions.services.ranges import as_range_number

Ranged = Question | ListedQuestion


def scale_of(question: Ranged) -> Scale:
    if question.range_min is None or question.range_max is None:
        raise ValueError(f"Question {question.pk} is not a numeric or date question: it has no range.")
    return Scale(lower=question.range_min, upper=question.range_max, zero_point=question.zero_point)


@dataclass(frozen=True)
class DistributionSummary:
    """A CDF's median and central interval, as numbers on the question's scale and as text."""

    median: float
    low: float
    high: float
    interval: float
    text: str
    median_text: str
    interval_text: str


def value_label(question: Ranged, zone: tzinfo = UTC) -> Callable[[float], str]:
    """A place on the question's scale (the unit interval) as its reader reads it: "12,000 troops", "14 March 2027"."""
    scale, is_date = scale_of(question), question.type == Question.Type.DATE
    return lambda location: format_value(scale.from_unit(location), is_date=is_date, unit=question.unit, zone=zone)


def summarize(
    question: Ranged, cdf: Sequence[float], *, interval: float = 0.8, zone: tzinfo = UTC
) -> DistributionSummary:
    """The median and the central `interval` of the CDF as "12,000 troops (7,500–19,000)"; a date question's as the
    days they fall on in `zone`."""
    scale = scale_of(question)
    tail = (1 - interval) / 2
    median, low, high = (scale.from_unit(quantile(cdf, p)) for p in (0.5, tail, 1 - tail))
    is_date = question.type == Question.Type.DATE
    median_text = format_value(median, is_date=is_date, unit=question.unit, zone=zone)
    low_text = format_value(low, is_date=is_date, zone=zone)
    high_text = format_value(high, is_date=is_date, zone=zone)
    interval_text = f"{low_text}–{high_text}"
    return DistributionSummary(
        median=median,
        low=low,
        high=high,
        interval=interval,
        text=f"{median_text} ({interval_text})",
        median_text=median_text,
        interval_text=interval_text,
    )


def outcome_location(question: Question) -> float:
    """Where a resolved numeric or date question's outcome lies on its scale: below 0 or above 1 when it fell beyond
    an open bound (scores and the PIT place it in the mass beyond)."""
    if question.resolution_value is None:
        raise ValueError(f"Question {question.pk} is resolved without a value.")
    return location_on_scale(scale_of(question), question.resolution_value)


def cdf_of_quantiles(question: Question, quantiles: object) -> list[float]:
    """The CDF a numeric or date question's quantiles ([[0.1, low], [0.5, median], ...]) make, by the rules of
    validation.parse_quantiles (a date question's values may be dates or times); ForecastInputError naming the
    field otherwise. The forecast service and the form's live preview both read quantiles through this."""
    if question.type == Question.Type.DATE and isinstance(quantiles, list | tuple):
        quantiles = [_dated_quantile(index, pair) for index, pair in enumerate(quantiles)]
    return parse_quantiles(
        quantiles,
        to_unit=scale_of(question).to_unit,
        open_lower=question.open_lower_bound,
        open_upper=question.open_upper_bound,
    )


def _dated_quantile(index: int, pair: object) -> object:
    """A date question's quantile, its value given as a date (ISO 8601) or a time: as Unix seconds, the scale's."""
    if not isinstance(pair, list | tuple) or len(pair) != 2:
        return pair
    try:
        seconds = as_range_number(pair[1], field=f"quantiles[{index}]", is_date=True)
    except ValidationError as error:
        raise ForecastInputError(f"quantiles[{index}]", " ".join(error.messages)) from None
    return [pair[0], seconds]
