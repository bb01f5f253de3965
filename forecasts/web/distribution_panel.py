"""The forecast panel of a numeric or date question: the community's distribution (now, and over time as a fan
chart) with the reader's on top, and the three quantiles the form asks for, read and written in the reader's units
(a date question's in the reader's time zone)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, tzinfo

from django.core.exceptions import ValidationError
from django.utils import timezone

from forecasts.engine.charts import NARROW_WIDTH
from forecasts.engine.continuous import quantile
from forecasts.engine.distribution_charts import Curve, density_chart, fan_chart
from forecasts.selectors.distribution import DistributionSummary, scale_of, summarize, value_label
from tracker.models import Question

# The form's three quantiles: (name, probability, label).
QUANTILE_INPUTS = (
    ("q10", 0.1, "Low: a 10% chance it is below"),
    ("q50", 0.5, "Median: as likely below as above"),
    ("q90", 0.9, "High: a 10% chance it is above"),
)
# A blank form starts at these places on the range: a wide, central guess.
BLANK_START = {"q10": 0.25, "q50": 0.5, "q90": 0.75}


@dataclass(frozen=True)
class QuantileInput:
    name: str
    label: str
    value: str


@dataclass(frozen=True)
class DistributionView:
    community: DistributionSummary | None
    mine: DistributionSummary | None
    density_svg: str
    inputs: list[QuantileInput]
    input_type: str  # "number" or "date"
    zone_name: str
    slider: tuple[str, str, str] | None  # (min, max, step) of a linear numeric range; None for dates and logs


def _typed_text(question: Question, value: float, zone: tzinfo) -> str:
    """A value as the form's input holds it: a date (YYYY-MM-DD) in the reader's zone, or a plain number to a
    thousandth of the range (2590, not 2585.37: the precision a forecaster types)."""
    if question.type == Question.Type.DATE:
        return datetime.fromtimestamp(value, tz=zone).date().isoformat()
    span = (question.range_max or 0) - (question.range_min or 0)
    digits = -math.floor(math.log10(span / 1000)) if span > 0 else 0
    return f"{round(value, digits):.{max(digits, 0)}f}"


def parse_typed(question: Question, text: str, *, field: str, zone: tzinfo) -> float:
    """A typed quantile as a value on the question's scale; a date at noon of that day in the reader's zone."""
    text = text.strip().replace(",", "")
    if question.type == Question.Type.DATE:
        try:
            day = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValidationError({field: "Give a date as YYYY-MM-DD."}) from None
        return datetime.combine(day, time(12), tzinfo=zone).timestamp()
    try:
        return float(text)
    except ValueError:
        raise ValidationError({field: "Give a number."}) from None


def typed_quantiles(question: Question, data, zone: tzinfo) -> list[list[float]]:
    """The form's quantiles as [[probability, value], ...] for forecast_submit; ValidationError on `quantiles`."""
    pairs = []
    for name, probability, _ in QUANTILE_INPUTS:
        text = data.get(name, "")
        if not text.strip():
            raise ValidationError({"quantiles": "Fill in the low, median and high values."})
        pairs.append([probability, parse_typed(question, text, field="quantiles", zone=zone)])
    return pairs


def distribution_view(
    *,
    question: Question,
    community_cdf: Sequence[float] | None,
    mine_cdf: Sequence[float] | None,
    width: int | None = None,
) -> DistributionView:
    zone = timezone.get_current_timezone()
    label = value_label(question, zone)
    scale = scale_of(question)
    community = summarize(question, community_cdf, zone=zone) if community_cdf else None
    mine = summarize(question, mine_cdf, zone=zone) if mine_cdf else None
    start_from = mine_cdf or community_cdf
    inputs = []
    for name, probability, text in QUANTILE_INPUTS:
        place = quantile(start_from, probability) if start_from else BLANK_START[name]
        value = _typed_text(question, scale.from_unit(place), zone)
        inputs.append(QuantileInput(name=name, label=text, value=value))
    curves = []
    if community_cdf:
        curves.append(Curve("Community", community_cdf))
    if mine_cdf:
        curves.append(Curve("You", mine_cdf, mine=True))
    title = f"Distribution now{' with yours' if mine_cdf else ''}: {question.title}"
    widths = (width,) if width else (None, NARROW_WIDTH)
    svg = "".join(density_chart(curves=curves, label=label, title=title, **({"width": w} if w else {})) for w in widths)
    slider = None
    if question.type == Question.Type.NUMERIC and question.zero_point is None:
        span = scale.upper - scale.lower
        slider = (f"{scale.lower:g}", f"{scale.upper:g}", f"{span / 1000:g}")
    return DistributionView(
        community=community,
        mine=mine,
        density_svg=svg,
        inputs=inputs,
        input_type="date" if question.type == Question.Type.DATE else "number",
        zone_name=str(zone),
        slider=slider,
    )


def fan_chart_svg(*, question: Question, steps, start, end) -> str:
    """The community's distribution over time, drawn for a wide and a narrow screen."""
    zone = timezone.get_current_timezone()
    label = value_label(question, zone)
    points = [(at, values) for at, values, _ in steps if values]
    title = f"Community distribution over time (median, 50% and 90% bands): {question.title}"
    drawing = {"steps": points, "start": start, "end": end, "label": label, "title": title, "zone": zone}
    return fan_chart(**drawing) + fan_chart(**drawing, width=NARROW_WIDTH)
