"""A numeric or date question's distributions as readers see them: the scale its range maps onto, and a CDF read
back as a median and an interval in the question's unit (or dates)."""

from collections.abc import Sequence
from dataclasses import dataclass

from forecasts.engine.continuous import Scale, quantile
from tracker.models import Question
from tracker.questions.quantities import format_value
from tracker.questions.selectors import ListedQuestion

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

    @property
    def median_text(self) -> str:
        return self.text.split(" (", 1)[0]


def summarize(question: Ranged, cdf: Sequence[float], *, interval: float = 0.8) -> DistributionSummary:
    """ "about 12,000 troops (7,500–19,000)": the median and the central `interval` of the CDF."""
    scale = scale_of(question)
    tail = (1 - interval) / 2
    median, low, high = (scale.from_unit(quantile(cdf, p)) for p in (0.5, tail, 1 - tail))
    is_date = question.type == Question.Type.DATE
    low_text = format_value(low, is_date=is_date)
    high_text = format_value(high, is_date=is_date)
    text = f"{format_value(median, is_date=is_date, unit=question.unit)} ({low_text}–{high_text})"
    return DistributionSummary(median=median, low=low, high=high, interval=interval, text=text)
