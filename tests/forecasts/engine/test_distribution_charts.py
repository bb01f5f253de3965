"""The numeric and date charts: what each point says (a screen reader's whole view of the chart), and the bands."""

from datetime import UTC, datetime, timedelta

import numpy as np

from forecasts.engine.continuous import POINTS, cdf_from_quantiles
from forecasts.engine.distribution_charts import Curve, density_chart, fan_chart, pit_chart


def label(location: float) -> str:
    return f"{location * 10_000:,.0f} deaths"


CDF = cdf_from_quantiles([(0.1, 0.2), (0.5, 0.3), (0.9, 0.45)], open_lower=False, open_upper=True)


def test_the_density_chart_marks_each_curves_percentiles_in_the_unit():
    svg = density_chart(curves=[Curve("Community", CDF), Curve("You", CDF, mine=True)], label=label, title="Now")
    assert svg.count('class="point"') == 6
    assert "Community: median 3,000 deaths" in svg
    assert "You: 10th percentile 2,000 deaths" in svg
    assert 'stroke-dasharray="5 4" data-series="mine"' in svg
    narrow = density_chart(curves=[Curve("Community", CDF)], label=label, title="Now", width=320)
    assert "5,000 deaths" not in narrow  # a phone's axis has its two ends only
    assert "10,000 deaths" in narrow


def test_the_fan_chart_draws_both_bands_and_says_each_steps_median_and_bands():
    start = datetime(2026, 11, 1, tzinfo=UTC)
    wide = np.linspace(0, 0.95, POINTS).tolist()
    svg = fan_chart(
        steps=[(start + timedelta(days=1), wide), (start + timedelta(days=5), CDF)],
        start=start,
        end=start + timedelta(days=10),
        label=label,
        title="Over time",
    )
    assert 'data-band="90"' in svg
    assert 'data-band="50"' in svg
    assert svg.count('class="point"') == 2
    assert "Community median 3,000 deaths (50%:" in svg
    assert "on 2026-11-06 00:00 UTC" in svg
    assert fan_chart(steps=[], start=start, end=start, label=label, title="Empty").endswith("</svg>")


def test_the_pit_chart_has_a_bar_per_tenth_and_the_calibrated_level():
    svg = pit_chart(counts=[3, 0, 0, 0, 0, 0, 0, 0, 0, 2], title="PIT")
    assert svg.count("<rect") == 10
    assert "PIT 0.0–0.1: 3 of 5 outcomes" in svg
    assert 'stroke-dasharray="5 4"' in svg  # the level a calibrated forecaster's bars average
