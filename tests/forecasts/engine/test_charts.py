"""Server-rendered SVG charts (pure): points where the scales put them, a label on every point, escaped text."""

import re
from datetime import UTC, datetime, timedelta

from forecasts.engine.charts import (
    HEIGHT,
    PAD_BOTTOM,
    PAD_LEFT,
    PAD_RIGHT,
    PAD_TOP,
    WIDTH,
    Series,
    calibration_chart,
    forecast_chart,
    stacked_chart,
)

START = datetime(2027, 1, 1, tzinfo=UTC)
END = START + timedelta(days=10)


def test_points_sit_on_the_time_and_probability_scales_with_labels():
    svg = forecast_chart(
        community=[Series("Yes", [(START, 0.5), (START + timedelta(days=5), 0.25)])],
        mine=[Series("Yes", [(END, 0.75)], step=False)],
        start=START,
        end=END,
        title="Chart <of> things",
    )
    circles = re.findall(r'<circle class="point" cx="([\d.]+)" cy="([\d.]+)"', svg)
    middle_x = PAD_LEFT + (WIDTH - PAD_LEFT - PAD_RIGHT) / 2
    assert [(float(x), float(y)) for x, y in circles] == [
        (PAD_LEFT, PAD_TOP + 0.5 * (HEIGHT - PAD_TOP - PAD_BOTTOM)),
        (middle_x, PAD_TOP + 0.75 * (HEIGHT - PAD_TOP - PAD_BOTTOM)),
    ]
    assert 'aria-label="Community: 25% on 2027-01-06 00:00 UTC"' in svg
    assert 'data-value="0.7500"' in svg
    assert "You: 75% on 2027-01-11 00:00 UTC" in svg
    assert "Chart &lt;of&gt; things" in svg
    assert "<of>" not in svg
    # One Tab stop for the whole chart (the arrow keys move between its points), not one per point.
    assert svg.count('tabindex="0"') == 1
    assert svg.count('tabindex="-1"') == 3
    assert "data-chart-keys" in svg


def test_points_outside_the_window_are_clamped_and_an_empty_window_still_draws():
    svg = forecast_chart(
        community=[Series("Yes", [(START - timedelta(days=3), 0.4)])], mine=[], start=START, end=START, title="t"
    )
    assert f'cx="{float(PAD_LEFT)}"' in svg
    assert svg.endswith("</svg>")


def test_calibration_chart_draws_only_bins_with_forecasts():
    svg = calibration_chart(
        bins=[(0.0, 0.1, None, 0, 0, 0), (0.6, 0.7, 0.5, 0.2, 0.8, 4), (0.9, 1.0, 1.0, 0.5, 1.0, 3)],
        title="Calibration",
    )
    labels = re.findall(r'aria-label="(Forecasts [^"]+)"', svg)
    assert labels == [
        "Forecasts 60%–70%: 50% happened (4; 95% 20%–80%)",
        "Forecasts 90%–100%: 100% happened (3; 95% 50%–100%)",
    ]


def test_stacked_bars_fill_the_height_in_option_order_with_a_label_per_segment():
    svg = stacked_chart(
        labels=["Low", "High"],
        columns=[(START, [0.25, 0.75]), (END, [0.5, 0.5])],
        title="Set",
    )
    segments = re.findall(r'<rect class="point" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"', svg)
    inner = 220 - 26 - PAD_TOP
    assert [(float(y), float(h)) for y, h in segments] == [
        (PAD_TOP, 0.25 * inner),
        (PAD_TOP + 0.25 * inner, 0.75 * inner),
        (PAD_TOP, 0.5 * inner),
        (PAD_TOP + 0.5 * inner, 0.5 * inner),
    ]
    assert 'aria-label="High: 75% on 2027-01-01 00:00 UTC"' in svg
    assert ">Low</text>" not in svg  # the legend is the page's HTML (it wraps instead of being cut)
