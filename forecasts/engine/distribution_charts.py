"""SVG charts of numeric and date questions (pure Python and numpy, no Django), drawn like charts.py's: the current
density of the community's distribution with the reader's on top, and the community's distribution over time as a
fan chart (median, 50% and 90% bands). Every labelled point is focusable and titled; pages print the data beside.

Values are placed on the question's scale (the unit interval of continuous.py); `label` turns a place on it into
what the reader reads ("12,000 troops", "14 March 2027")."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from html import escape

import numpy as np

from forecasts.engine.charts import HEIGHT, KEYS, MINE, PAD_BOTTOM, PAD_LEFT, PAD_RIGHT, PAD_TOP, PALETTE, WIDTH
from forecasts.engine.continuous import INBOUND, pmf, quantile

COMMUNITY = PALETTE[0]
BANDS = ((0.05, 0.95, 0.18), (0.25, 0.75, 0.32))  # (low, high quantile, opacity): the 90% and the 50% band
MARKED = (0.1, 0.5, 0.9)  # the quantiles a density curve marks, each a focusable point
LEFT = PAD_LEFT + 40  # value labels ("12,000 troops") need more room than percentages


@dataclass(frozen=True)
class Curve:
    label: str  # "Community", "You", "Your draft"
    cdf: Sequence[float]
    mine: bool = False


def _chart_open(title: str, width: int) -> list[str]:
    kind = "chart-narrow" if width < WIDTH else "chart-wide"
    return [
        f'<svg class="chart {kind}" viewBox="0 0 {width} {HEIGHT}" role="group" aria-label="{escape(title)}" {KEYS} '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title>",
    ]


def _value_x(location: float, width: int) -> float:
    return round(LEFT + min(max(location, 0.0), 1.0) * (width - LEFT - PAD_RIGHT), 1)


def _value_axis(label: Callable[[float], str], width: int) -> list[str]:
    parts = []
    # A phone's chart has room for the two ends only ("10,000 deaths" is a sixth of its width).
    for share in (0.0, 0.5, 1.0) if width >= WIDTH else (0.0, 1.0):
        anchor = {0.0: "start", 0.5: "middle", 1.0: "end"}[share]
        parts.append(
            f'<text x="{_value_x(share, width)}" y="{HEIGHT - 8}" text-anchor="{anchor}" font-size="11" '
            f'fill="#57606a">{escape(label(share))}</text>'
        )
    return parts


def density(cdf: Sequence[float]) -> np.ndarray:
    """The density inside the range at each of the 200 steps (per unit of the scale)."""
    return pmf(cdf)[1 : INBOUND + 1] * INBOUND


def density_chart(*, curves: Sequence[Curve], label: Callable[[float], str], title: str, width: int = WIDTH) -> str:
    """Each curve's density over the range (the community filled, the reader's dashed in black), with its 10th,
    50th and 90th percentiles as points to hover or step through with the arrow keys."""
    parts = _chart_open(title, width)
    bottom = HEIGHT - PAD_BOTTOM
    parts.append(f'<line x1="{LEFT}" x2="{width - PAD_RIGHT}" y1="{bottom}" y2="{bottom}" stroke="#d0d7de"/>')
    parts += _value_axis(label, width)
    peak = max((float(density(curve.cdf).max()) for curve in curves), default=1.0) or 1.0
    centres = (np.arange(INBOUND) + 0.5) / INBOUND
    for index, curve in enumerate(curves):
        heights = density(curve.cdf) / peak
        points = " ".join(
            f"L{_value_x(x, width)},{round(bottom - h * (bottom - PAD_TOP), 1)}"
            for x, h in zip(centres, heights, strict=True)
        )
        colour = MINE if curve.mine else PALETTE[index % len(PALETTE)]
        start, end = _value_x(0, width), _value_x(1, width)
        if curve.mine:
            parts.append(
                f'<path d="M{start},{bottom} {points} L{end},{bottom}" fill="none" stroke="{colour}" '
                f'stroke-width="2" stroke-dasharray="5 4" data-series="mine"/>'
            )
        else:
            parts.append(
                f'<path d="M{start},{bottom} {points} L{end},{bottom} Z" fill="{colour}" fill-opacity="0.25" '
                f'stroke="{colour}" stroke-width="2" data-series="community"/>'
            )
        for probability in MARKED:
            location = quantile(curve.cdf, probability)
            x = _value_x(location, width)
            step = min(int(location * INBOUND), INBOUND - 1)
            y = round(bottom - heights[step] * (bottom - PAD_TOP), 1)
            text = f"{curve.label}: {round(probability * 100)}th percentile {label(location)}"
            if probability == 0.5:
                text = f"{curve.label}: median {label(location)}"
            parts.append(
                f'<circle class="point" cx="{x}" cy="{y}" r="3.5" fill="{"#fff" if curve.mine else colour}" '
                f'stroke="{colour}" stroke-width="2" data-x="{x}" tabindex="-1" role="img" '
                f'aria-label="{escape(text)}"><title>{escape(text)}</title></circle>'
            )
    parts.append("</svg>")
    return "".join(parts)


def fan_chart(
    *,
    steps: Sequence[tuple[datetime, Sequence[float]]],
    start: datetime,
    end: datetime,
    label: Callable[[float], str],
    title: str,
    width: int = WIDTH,
    zone: tzinfo = UTC,
) -> str:
    """The community's distribution over time: its median (a line with a point per step) inside its 50% and 90%
    bands, each step holding until the next."""
    if end <= start:
        end = start.replace(year=start.year + 1)
    span = (end - start).total_seconds() or 1.0
    bottom = HEIGHT - PAD_BOTTOM

    def x_of(at: datetime) -> float:
        share = min(max((at - start).total_seconds() / span, 0.0), 1.0)
        return round(LEFT + share * (width - LEFT - PAD_RIGHT), 1)

    def y_of(location: float) -> float:
        return round(bottom - min(max(location, 0.0), 1.0) * (bottom - PAD_TOP), 1)

    parts = _chart_open(title, width)
    for share in (0.0, 0.5, 1.0):
        y = y_of(share)
        parts.append(
            f'<line x1="{LEFT}" x2="{width - PAD_RIGHT}" y1="{y}" y2="{y}" stroke="#d0d7de" stroke-width="1"/>'
            # Above its line, from the plot's left edge: a date ("14 November 2026") is wider than any margin.
            f'<text x="{LEFT}" y="{y - 4 if share < 1 else y + 12}" text-anchor="start" font-size="11" '
            f'fill="#57606a">{escape(label(share))}</text>'
        )
    for share in (0.0, 1.0):
        at = start + (end - start) * share
        anchor = "start" if share == 0 else "end"
        parts.append(
            f'<text x="{x_of(at)}" y="{HEIGHT - 8}" text-anchor="{anchor}" font-size="11" fill="#57606a">'
            f"{at.astimezone(zone):%Y-%m-%d}</text>"
        )
    if not steps:
        parts.append("</svg>")
        return "".join(parts)
    edges = [x_of(at) for at, _ in steps] + [x_of(end)]
    for low, high, opacity in BANDS:
        lows = [quantile(cdf, low) for _, cdf in steps]
        highs = [quantile(cdf, high) for _, cdf in steps]
        top = " ".join(f"L{edges[i]},{y_of(h)} L{edges[i + 1]},{y_of(h)}" for i, h in enumerate(highs))
        under = " ".join(f"L{edges[i + 1]},{y_of(v)} L{edges[i]},{y_of(v)}" for i, v in reversed(list(enumerate(lows))))
        parts.append(
            f'<path d="M{edges[0]},{y_of(highs[0])} {top} {under} Z" fill="{COMMUNITY}" fill-opacity="{opacity}" '
            f'stroke="none" data-band="{round((high - low) * 100)}"/>'
        )
    medians = [quantile(cdf, 0.5) for _, cdf in steps]
    line = " ".join(f"L{edges[i]},{y_of(m)} L{edges[i + 1]},{y_of(m)}" for i, m in enumerate(medians))
    parts.append(
        f'<path d="M{edges[0]},{y_of(medians[0])} {line}" fill="none" stroke="{COMMUNITY}" stroke-width="2.5"/>'
    )
    for (at, cdf), x, median in zip(steps, edges, medians, strict=False):
        local = at.astimezone(zone)
        text = (
            f"Community median {label(median)} (50%: {label(quantile(cdf, 0.25))}–{label(quantile(cdf, 0.75))}; "
            f"90%: {label(quantile(cdf, 0.05))}–{label(quantile(cdf, 0.95))}) on {local:%Y-%m-%d %H:%M} {local.tzname()}"
        )
        parts.append(
            f'<circle class="point" cx="{x}" cy="{y_of(median)}" r="3.5" fill="{COMMUNITY}" data-x="{x}" '
            f'data-series="community" tabindex="-1" role="img" aria-label="{escape(text)}"><title>{escape(text)}</title>'
            "</circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def pit_chart(*, counts: Sequence[int], title: str, width: int = WIDTH) -> str:
    """The PIT histogram as bars with the flat line a calibrated forecaster's would follow; each bar titled and
    focusable."""
    parts = _chart_open(title, width)
    bottom, total = HEIGHT - PAD_BOTTOM, sum(counts)
    expected = total / len(counts) if counts else 0
    top = max([*counts, expected, 1])
    step = (width - LEFT - PAD_RIGHT) / max(len(counts), 1)

    def y_of(count: float) -> float:
        return round(bottom - count / top * (bottom - PAD_TOP), 1)

    parts.append(f'<line x1="{LEFT}" x2="{width - PAD_RIGHT}" y1="{bottom}" y2="{bottom}" stroke="#d0d7de"/>')
    for index, count in enumerate(counts):
        x = round(LEFT + index * step + 2, 1)
        low, high = index / len(counts), (index + 1) / len(counts)
        text = f"PIT {low:.1f}–{high:.1f}: {count} of {total} outcomes"
        parts.append(
            f'<rect class="point" x="{x}" y="{y_of(count)}" width="{round(step - 4, 1)}" '
            f'height="{round(bottom - y_of(count), 1)}" fill="{COMMUNITY}" data-x="{x}" tabindex="-1" role="img" '
            f'aria-label="{escape(text)}"><title>{escape(text)}</title></rect>'
        )
    if total:
        parts.append(
            f'<line x1="{LEFT}" x2="{width - PAD_RIGHT}" y1="{y_of(expected)}" y2="{y_of(expected)}" stroke="#000" '
            f'stroke-dasharray="5 4"/>'
        )
    for share in (0.0, 0.5, 1.0):
        anchor = {0.0: "start", 0.5: "middle", 1.0: "end"}[share]
        parts.append(
            f'<text x="{_value_x(share, width)}" y="{HEIGHT - 8}" text-anchor="{anchor}" font-size="11" '
            f'fill="#57606a">{share:.1f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
