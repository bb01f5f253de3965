"""Server-rendered SVG charts for the web UI (pure Python, no Django): the community forecast over time with the
reader's own forecasts overlaid, and a calibration chart. Every point carries a <title> (hover shows value and date)
and is focusable with a label, so the chart works with a mouse, a keyboard and a screen reader; pages also print the
data table behind each chart.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from html import escape

WIDTH, HEIGHT = 720, 280
# A phone's chart is drawn for its width, not shrunk: 320 units across a 390 px screen keep 11-unit text >= 11 px.
NARROW_WIDTH = 320
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 16, 14, 30
# Colour-blind-safe (Okabe–Ito) series colours, each with at least 3:1 contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8F7200", "#56B4E9", "#000000"]
MINE = "#000000"
# A chart is one Tab stop; the arrow keys (Home, End) move between its points, each with its label (signpost.js).
# Without the script the data table under each chart has every value.
KEYS = 'tabindex="0" data-chart-keys aria-roledescription="chart: arrow keys move between points"'


@dataclass(frozen=True)
class Series:
    label: str
    points: list[tuple[datetime, float]]  # (time, probability), in time order
    step: bool = True  # the community forecast holds until its next step


def _x(at: datetime, start: datetime, end: datetime, width: int = WIDTH) -> float:
    span = (end - start).total_seconds() or 1.0
    share = min(max((at - start).total_seconds() / span, 0.0), 1.0)
    return round(PAD_LEFT + share * (width - PAD_LEFT - PAD_RIGHT), 1)


def _y(p: float) -> float:
    return round(PAD_TOP + (1 - p) * (HEIGHT - PAD_TOP - PAD_BOTTOM), 1)


def percent_text(p: float) -> str:
    """72%, 0.5%, 99.5%: to the 0.1% forecasts are made in."""
    return f"{round(p * 100, 1):g}%"


def _when(at: datetime, zone: tzinfo = UTC) -> str:
    """A point's time in the reader's time zone, named ("2027-01-06 09:00 KST"); UTC by default."""
    local = at.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def _path(series: Series, start: datetime, end: datetime, width: int = WIDTH) -> str:
    commands = []
    for index, (at, p) in enumerate(series.points):
        x, y = _x(at, start, end, width), _y(p)
        if index == 0:
            commands.append(f"M{x},{y}")
        elif series.step:
            commands.append(f"H{x}V{y}")
        else:
            commands.append(f"L{x},{y}")
    if series.step and series.points:
        commands.append(f"H{_x(end, start, end, width)}")
    return " ".join(commands)


def _axes(start: datetime, end: datetime, width: int = WIDTH) -> list[str]:
    parts = []
    for p in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = _y(p)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{width - PAD_RIGHT}" y1="{y}" y2="{y}" stroke="#d0d7de" stroke-width="1"/>'
            f'<text x="{PAD_LEFT - 6}" y="{y + 4}" text-anchor="end" font-size="11" fill="#57606a">{p:.0%}</text>'
        )
    for share in (0.0, 0.5, 1.0):
        at = start + (end - start) * share
        anchor = {0.0: "start", 0.5: "middle", 1.0: "end"}[share]
        parts.append(
            f'<text x="{_x(at, start, end, width)}" y="{HEIGHT - 8}" text-anchor="{anchor}" font-size="11" '
            f'fill="#57606a">{at:%Y-%m-%d}</text>'
        )
    return parts


MARKER = "#8F7200"


def forecast_chart(
    *,
    community: list[Series],
    mine: list[Series],
    start: datetime,
    end: datetime,
    title: str,
    markers: Sequence[tuple[datetime, str]] = (),
    width: int = WIDTH,
    zone: tzinfo = UTC,
) -> str:
    """The community forecast (lines) with the reader's forecasts (black diamonds, joined) over [start, end], and
    markers (a dashed rule with a flag) where the reader named the evidence that changed their mind. `width` is the
    drawing's width in SVG units (NARROW_WIDTH for phones: text keeps its size instead of shrinking)."""
    if end <= start:
        end = start.replace(year=start.year + 1)
    parts = [
        f'<svg class="chart {"chart-narrow" if width < WIDTH else "chart-wide"}" viewBox="0 0 {width} {HEIGHT}" role="group" aria-label="{escape(title)}" {KEYS} '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f"<title>{escape(title)}</title>",
        *_axes(start, end, width),
    ]
    for index, series in enumerate(community):
        colour = PALETTE[index % len(PALETTE)]
        if not series.points:
            continue
        parts.append(
            f'<path d="{_path(series, start, end, width)}" fill="none" stroke="{colour}" stroke-width="2.5" '
            f'data-series="community" data-label="{escape(series.label)}"/>'
        )
        for at, p in series.points:
            label = f"Community{'' if len(community) == 1 else ' · ' + series.label}: {percent_text(p)} on {_when(at, zone)}"
            parts.append(
                f'<circle class="point" cx="{_x(at, start, end, width)}" cy="{_y(p)}" r="3.5" fill="{colour}" '
                f'data-x="{_x(at, start, end, width)}" data-series="community" '
                f'tabindex="-1" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title></circle>'
            )
    for index, series in enumerate(mine):
        colour = MINE if len(mine) == 1 else PALETTE[index % len(PALETTE)]
        if not series.points:
            continue
        parts.append(
            f'<path d="{_path(series, start, end, width)}" fill="none" stroke="{colour}" stroke-width="1.5" '
            f'stroke-dasharray="5 4" data-series="mine" data-label="{escape(series.label)}"/>'
        )
        for at, p in series.points:
            x, y = _x(at, start, end, width), _y(p)
            label = f"You{'' if len(mine) == 1 else ' · ' + series.label}: {percent_text(p)} on {_when(at, zone)}"
            parts.append(
                f'<path class="point mine" d="M{x},{y - 6}L{x + 6},{y}L{x},{y + 6}L{x - 6},{y}Z" fill="#fff" data-x="{x}" '
                f'data-series="mine" '
                f'stroke="{colour}" stroke-width="2" tabindex="-1" role="img" aria-label="{escape(label)}" '
                f'data-value="{p:.4f}"><title>{escape(label)}</title></path>'
            )
    bottom = HEIGHT - PAD_BOTTOM
    for at, text in markers:
        x = _x(at, start, end, width)
        label = f"{_when(at, zone)}: {text}"
        parts.append(
            f'<g class="marker" tabindex="-1" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
            f'<line x1="{x}" x2="{x}" y1="{PAD_TOP}" y2="{bottom}" stroke="{MARKER}" stroke-width="1.5" '
            f'stroke-dasharray="2 3"/><path d="M{x},{PAD_TOP}l8,4l-8,4Z" fill="{MARKER}"/></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def calibration_chart(*, bins: list[tuple[float, float, float | None, float, float, int]], title: str) -> str:
    """Observed frequency against forecast per bin: (lower, upper, observed, wilson_low, wilson_high, count)."""
    size, pad = 320, 40
    inner = size - 2 * pad

    def at(p: float) -> float:
        return round(pad + p * inner, 1)

    def up(p: float) -> float:
        return round(size - pad - p * inner, 1)

    parts = [
        f'<svg class="chart calibration" viewBox="0 0 {size} {size}" role="group" aria-label="{escape(title)}" {KEYS} '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="none" stroke="#d0d7de"/>',
        f'<line x1="{at(0)}" y1="{up(0)}" x2="{at(1)}" y2="{up(1)}" stroke="#8c959f" stroke-dasharray="4 4"/>',
    ]
    for p in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{at(p)}" y="{size - pad + 16}" text-anchor="middle" font-size="11">{p:.0%}</text>')
        parts.append(f'<text x="{pad - 6}" y="{up(p) + 4}" text-anchor="end" font-size="11">{p:.0%}</text>')
    parts.append(
        f'<text x="{size / 2}" y="{size - 6}" text-anchor="middle" font-size="11" fill="#57606a">forecast</text>'
    )
    for lower, upper, observed, low, high, count in bins:
        if not count or observed is None:
            continue
        middle = (lower + upper) / 2
        x = at(middle)
        label = f"Forecasts {lower:.0%}–{upper:.0%}: {observed:.0%} happened ({count}; 95% {low:.0%}–{high:.0%})"
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{up(low)}" y2="{up(high)}" stroke="#0072B2" stroke-width="6" '
            f'stroke-opacity="0.25"/>'
        )
        parts.append(
            f'<circle class="point" cx="{x}" cy="{up(observed)}" r="5" fill="#0072B2" tabindex="-1" role="img" '
            f'aria-label="{escape(label)}"><title>{escape(label)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_chart(
    *,
    labels: list[str],
    columns: list[tuple[datetime, list[float]]],
    title: str,
    width: int = WIDTH,
    zone: tzinfo = UTC,
) -> str:
    """A scenario set's probabilities over time: one stacked bar per time, one colour per option. The legend is the
    page's (HTML, class key-series-N): text in an SVG shrinks with it and cannot wrap, so long labels were cut."""
    height, bottom, left = 220, 26, 44
    parts = [
        f'<svg class="chart stacked {"chart-narrow" if width < WIDTH else "chart-wide"}" viewBox="0 0 {width} {height}" role="group" {KEYS} '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    inner_height = height - bottom - PAD_TOP
    for p in (0.0, 0.5, 1.0):
        y = round(PAD_TOP + (1 - p) * inner_height, 1)
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" font-size="11" fill="#57606a">{p:.0%}</text>')
    if columns:
        slot = (width - left - PAD_RIGHT) / len(columns)
        for index, (at, values) in enumerate(columns):
            x = round(left + index * slot + slot * 0.1, 1)
            top: float = PAD_TOP
            for option, value in enumerate(values):
                bar = round(value * inner_height, 1)
                label = f"{labels[option]}: {value:.0%} on {_when(at, zone)}"
                parts.append(
                    f'<rect class="point" x="{x}" y="{round(top, 1)}" width="{round(slot * 0.8, 1)}" height="{bar}" '
                    f'fill="{PALETTE[option % len(PALETTE)]}" tabindex="-1" role="img" aria-label="{escape(label)}">'
                    f"<title>{escape(label)}</title></rect>"
                )
                top += bar
        for index in (0, len(columns) - 1):
            at = columns[index][0]
            x = round(left + index * slot + slot / 2, 1)
            anchor = "start" if index == 0 else "end"
            parts.append(
                f'<text x="{x}" y="{height - 8}" text-anchor="{anchor}" font-size="11" fill="#57606a">{at:%Y-%m-%d}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
