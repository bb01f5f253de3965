"""Distributions for numeric and date questions, without a database: Metaculus' scale and validation rules,
hand-worked baseline and peer scores, CRPS against numerical integration, the community distribution, and
properties that hold for any valid forecast."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecasts.engine.continuous import (
    MIN_STEP,
    POINTS,
    Scale,
    Standing,
    Window,
    baseline_scores,
    cdf_from_quantiles,
    cdf_problems,
    community_cdf,
    crps,
    outcome_bucket,
    peer_scores,
    pmf,
    quantile,
    spot_baseline_score,
)

GRID = np.linspace(0, 1, POINTS)
UNIFORM = GRID.tolist()  # closed bounds, all mass spread evenly


def doubled_near(location: float) -> list[float]:
    """A closed-range CDF whose density is twice the uniform one on the 50 steps around `location`."""
    density = np.full(POINTS - 1, 2 / 3)  # the other 150 steps share what is left
    centre = min(max(int(location * 200), 25), 175)
    density[centre - 25 : centre + 25] = 2.0
    return np.concatenate(([0.0], np.cumsum(density) / 200)).tolist()


def test_a_log_scale_puts_the_geometric_midpoint_in_the_middle():
    scale = Scale(lower=1, upper=100, zero_point=0)
    assert scale.to_unit(10) == pytest.approx(0.5, abs=1e-12)
    assert scale.from_unit(0.5) == pytest.approx(10, abs=1e-9)
    linear = Scale(lower=-50, upper=150)
    assert linear.to_unit(50) == 0.5
    assert linear.from_unit(0.25) == 0


@given(st.floats(min_value=0, max_value=1), st.floats(min_value=0.5, max_value=1e5))
def test_to_and_from_the_unit_interval_are_inverse(location, span):
    for scale in (Scale(lower=1, upper=1 + span, zero_point=0), Scale(lower=-span, upper=span)):
        assert scale.to_unit(scale.from_unit(location)) == pytest.approx(location, abs=1e-9)


def test_a_valid_cdf_passes_and_each_rule_is_named_when_broken():
    assert cdf_problems(UNIFORM, open_lower=False, open_upper=False) == []
    assert cdf_problems(UNIFORM[:-1], open_lower=False, open_upper=False) == ["A CDF has 201 values; got 200."]
    flat = UNIFORM.copy()
    flat[100] = flat[99]
    assert "at least 5e-05 at every step" in cdf_problems(flat, open_lower=False, open_upper=False)[0]
    jump = [0.0] + [0.7 + 0.3 * i / 199 for i in range(200)]
    assert any("no more than 0.59" in p for p in cdf_problems(jump, open_lower=False, open_upper=False))
    assert cdf_problems(UNIFORM, open_lower=True, open_upper=False) == [
        "With an open lower bound the CDF starts at 0.001 or more."
    ]
    squeezed = (0.01 + 0.98 * GRID).tolist()
    assert cdf_problems(squeezed, open_lower=True, open_upper=True) == []
    assert cdf_problems(squeezed, open_lower=False, open_upper=False) == [
        "With a closed lower bound the CDF starts at 0.",
        "With a closed upper bound the CDF ends at 1.",
    ]
    assert cdf_problems([0.5] * 200 + [math.nan], open_lower=True, open_upper=True) == [
        "Every CDF value is a number between 0 and 1."
    ]


def test_outcomes_fall_in_metaculus_buckets():
    assert [outcome_bucket(x) for x in (-0.1, 0.0, 0.0025, 0.005, 0.5, 0.9999, 1.0, 1.2)] == [
        0, 1, 1, 1, 100, 200, 200, 201,
    ]  # fmt: skip
    assert len(pmf(UNIFORM)) == 202
    assert sum(pmf(UNIFORM)) == pytest.approx(1)


def test_baseline_scores_by_hand():
    outcome = outcome_bucket(0.5)
    assert spot_baseline_score(UNIFORM, outcome, open_bounds=0) == pytest.approx(0, abs=1e-9)  # no better than even
    # Twice the even density at the outcome: 100 · ln 2 / 2.
    assert spot_baseline_score(doubled_near(0.5), outcome, open_bounds=0) == pytest.approx(50 * math.log(2))
    # An open upper bound, 5% above it, and the outcome above: as good as the baseline's 5%.
    open_above = (0.95 * GRID).tolist()
    assert spot_baseline_score(open_above, outcome_bucket(1.3), open_bounds=1) == pytest.approx(0, abs=1e-9)
    # Inside, an open bound lowers the baseline to (1 − 0.05)/200.
    expected = 50 * math.log((0.95 / 200) / (0.95 / 200))
    assert spot_baseline_score(open_above, outcome, open_bounds=1) == pytest.approx(expected, abs=1e-9)


def test_a_baseline_score_counts_the_share_of_the_window_each_forecast_stood():
    window = Window(opened=0, closed=100, scheduled_close=100)
    early = Standing(start=0, end=50, cdf=doubled_near(0.5))
    late = Standing(start=50, end=None, cdf=UNIFORM)
    never = Standing(start=120, end=None, cdf=UNIFORM)  # after the close
    scores = baseline_scores([early, late, never], outcome_bucket(0.5), window, open_bounds=0)
    assert scores[0] == pytest.approx((25 * math.log(2), 0.5))
    assert scores[1] == pytest.approx((0, 0.5), abs=1e-9)
    assert scores[2] == (0.0, 0.0)


def test_peer_scores_by_hand_and_they_sum_to_zero():
    window = Window(opened=0, closed=100, scheduled_close=100)
    sharp, even = Standing(0, None, doubled_near(0.5)), Standing(0, None, UNIFORM)
    scores = peer_scores([sharp, even], outcome_bucket(0.5), window)
    # Against the geometric mean √2/200 at the outcome, with n/(n−1) = 2: ±100 · ln √2.
    assert scores[0] == pytest.approx((100 * math.log(math.sqrt(2)), 1.0))
    assert scores[1] == pytest.approx((-100 * math.log(math.sqrt(2)), 1.0))
    alone = peer_scores([sharp], outcome_bucket(0.5), window)
    assert alone[0][0] == 0  # nobody to compare with


def reference_peer(forecasts, bucket, window):
    """The peer score integrated piece by piece: on each span between consecutive times a forecast starts or ends,
    the forecasts standing at its start, their geometric mean at the outcome, n/(n−1) · ln(own/mean) · 100/2."""
    edges = sorted({window.opened, window.closed} | {f.start for f in forecasts} | {f.end for f in forecasts if f.end})
    edges = [t for t in edges if window.opened <= t <= window.closed]
    totals = [0.0] * len(forecasts)
    for left, right in itertools.pairwise(edges):
        standing = [i for i, f in enumerate(forecasts) if f.start <= left and (f.end is None or f.end > left)]
        if len(standing) < 2:
            continue
        at_outcome = {i: pmf(forecasts[i].cdf)[bucket] for i in standing}
        mean = math.exp(sum(math.log(p) for p in at_outcome.values()) / len(standing))
        factor = len(standing) / (len(standing) - 1)
        for i in standing:
            totals[i] += (
                50 * factor * math.log(at_outcome[i] / mean) * (right - left) / (window.scheduled_close - window.opened)
            )
    return totals


cdfs = st.lists(st.floats(min_value=0.05, max_value=0.95), min_size=3, max_size=3, unique=True).map(
    lambda xs: cdf_from_quantiles(list(zip((0.1, 0.5, 0.9), sorted(xs), strict=True)), open_lower=True, open_upper=True)
)
times = st.tuples(st.integers(0, 90), st.one_of(st.none(), st.integers(1, 110)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(times, cdfs), min_size=2, max_size=4), st.floats(min_value=-0.2, max_value=1.2))
def test_peer_scores_match_a_piecewise_reference(entries, outcome):
    forecasts = [
        Standing(start=start, end=None if end is None else max(end, start + 1), cdf=cdf)
        for (start, end), cdf in entries
    ]
    window = Window(opened=0, closed=100, scheduled_close=100)
    bucket = outcome_bucket(outcome)
    got = [score for score, _ in peer_scores(forecasts, bucket, window)]
    assert got == pytest.approx(reference_peer(forecasts, bucket, window), abs=1e-9)


def numeric_crps(cdf, location, samples=200_001):
    # The outcome twice in the grid: the step from 0 to 1 takes no width, so only the smooth parts are approximated.
    x = np.sort(np.concatenate((np.linspace(0, 1, samples), [location, location])))
    step = (x >= location).astype(float)
    step[np.searchsorted(x, location)] = 0.0  # the first copy is still below the outcome
    f = np.interp(x, GRID, cdf)
    return float(np.trapezoid((f - step) ** 2, x))


def test_crps_by_hand_and_against_numerical_integration():
    assert crps(UNIFORM, 0.5) == pytest.approx(1 / 12)
    assert crps(UNIFORM, 1.5) == pytest.approx(1 / 3)  # every point below an outcome above the range
    assert crps(UNIFORM, -0.5) == pytest.approx(1 / 3)
    sharp = cdf_from_quantiles([(0.1, 0.45), (0.5, 0.5), (0.9, 0.55)], open_lower=False, open_upper=False)
    assert crps(sharp, 0.5) < crps(UNIFORM, 0.5) < crps(sharp, 0.9)
    for location in (0.123, 0.5, 0.77):
        assert crps(sharp, location) == pytest.approx(numeric_crps(sharp, location), abs=1e-9)


def test_the_community_distribution_weighs_recent_forecasts_more():
    low = cdf_from_quantiles([(0.1, 0.1), (0.5, 0.2), (0.9, 0.3)], open_lower=False, open_upper=False)
    high = cdf_from_quantiles([(0.1, 0.7), (0.5, 0.8), (0.9, 0.9)], open_lower=False, open_upper=False)
    two = community_cdf([low, high])
    assert two == pytest.approx((np.array(low) + np.array(high)) / 2)  # two forecasts: equal weights
    three = community_cdf([low, low, high])
    weights = np.exp(np.sqrt([1, 2, 3]) - math.sqrt(3))
    assert three == pytest.approx(
        (weights[0] * np.array(low) + weights[1] * np.array(low) + weights[2] * np.array(high)) / weights.sum()
    )
    assert quantile(community_cdf([low, high, high]), 0.5) > quantile(community_cdf([high, low, low]), 0.5)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(min_value=0.02, max_value=0.98), min_size=2, max_size=5, unique=True),
    st.booleans(),
    st.booleans(),
)
def test_a_cdf_from_spread_out_quantiles_is_valid_and_goes_through_them(locations, open_lower, open_upper):
    locations = sorted(locations)
    if min(np.diff(locations)) < 0.02:
        return  # quantiles this close make a step steeper than Metaculus allows; the API refuses those, by name
    probabilities = np.linspace(0.1, 0.9, len(locations))
    cdf = cdf_from_quantiles(
        list(zip(probabilities, locations, strict=True)), open_lower=open_lower, open_upper=open_upper
    )
    assert cdf_problems(cdf, open_lower=open_lower, open_upper=open_upper) == []
    assert min(np.diff(cdf)) >= MIN_STEP
    # Through each point (the shape is set so that the uniform floor mixed in does not move them), up to the
    # 201-point grid: a point between two grid points is met by the line joining them, within the steepest slope
    # over half a step. The steepest slope may be the shape's own from a closed bound to the first or last point
    # ([0.0234, 0.75] rises from 0 to 0.1 over 0.0234), so the CDF's slopes count as well as the points'.
    steepest = max(*(np.diff(probabilities) / np.diff(locations)), *(np.diff(cdf) / np.diff(GRID))) + 0.02
    for probability, location in zip(probabilities, locations, strict=True):
        assert np.interp(location, GRID, cdf) == pytest.approx(probability, abs=steepest * 0.0025 + 1e-9)
        assert quantile(cdf, float(np.interp(location, GRID, cdf))) == pytest.approx(location, abs=1e-9)


def test_bad_quantiles_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="rise with them"):
        cdf_from_quantiles([(0.9, 0.2), (0.1, 0.8)], open_lower=False, open_upper=False)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        cdf_from_quantiles([(0.0, 0.2), (0.5, 0.8)], open_lower=False, open_upper=False)
