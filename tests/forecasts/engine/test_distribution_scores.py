"""A numeric question's per-forecaster scores: each forecast's scores (continuous.py, checked against Metaculus'
formulas there) summed per forecaster; the crowd as one more forecaster; CRPS averaged over the time stood."""

import math

import numpy as np
import pytest

from forecasts.engine.continuous import (
    POINTS,
    Standing,
    Window,
    baseline_scores,
    crps,
    outcome_bucket,
    peer_scores,
    pit,
    pit_histogram,
)
from forecasts.engine.distribution_crowd import DistributionState
from forecasts.engine.distribution_scores import score_distributions, standings_of

WINDOW = Window(opened=0, closed=100, scheduled_close=100)
UNIFORM = np.linspace(0, 1, POINTS).tolist()
LOW = (np.linspace(0, 1, POINTS) ** 0.5).tolist()  # mass piled low
HIGH = (np.linspace(0, 1, POINTS) ** 2).tolist()  # mass piled high


def test_a_forecasters_forecasts_stand_until_their_next_row():
    rows = [("a", 0, LOW), ("b", 10, HIGH), ("a", 40, None), ("a", 60, UNIFORM)]
    assert [(user, s.start, s.end) for user, s in standings_of(rows)] == [
        ("a", 0, 40),
        ("a", 60, None),
        ("b", 10, None),
    ]


def test_scores_sum_each_forecast_and_the_crowd_is_one_more_forecaster():
    rows = [("a", 0, LOW), ("b", 10, HIGH), ("a", 50, UNIFORM)]
    crowd = [(0, LOW), (10, UNIFORM), (50, HIGH)]
    location = 0.3
    users, crowd_row = score_distributions(rows, crowd, location=location, window=WINDOW, open_bounds=0)
    bucket = outcome_bucket(location)
    forecasts = [Standing(0, 50, LOW), Standing(50, None, UNIFORM), Standing(10, None, HIGH)]
    baseline = baseline_scores(forecasts, bucket, WINDOW, 0)
    peer = peer_scores(forecasts, bucket, WINDOW)
    assert users["a"]["baseline"] == pytest.approx(baseline[0][0] + baseline[1][0], abs=1e-12)
    assert users["a"]["peer"] == pytest.approx(peer[0][0] + peer[1][0], abs=1e-12)
    assert users["b"]["peer"] == pytest.approx(peer[2][0], abs=1e-12)
    assert users["a"]["coverage"] == pytest.approx(1.0)
    assert users["b"]["coverage"] == pytest.approx(0.9)
    # CRPS: the time-weighted mean of each forecast's CRPS over the time it stood.
    assert users["a"]["crps"] == pytest.approx((crps(LOW, location) * 50 + crps(UNIFORM, location) * 50) / 100)
    crowd_forecasts = [Standing(0, 10, LOW), Standing(10, 50, UNIFORM), Standing(50, None, HIGH)]
    with_crowd = peer_scores(forecasts + crowd_forecasts, bucket, WINDOW)
    assert crowd_row["peer"] == pytest.approx(sum(score for score, _ in with_crowd[3:]), abs=1e-12)


def test_a_forecast_only_after_the_close_is_not_scored():
    users, _ = score_distributions([("late", 150, UNIFORM)], [], location=0.5, window=WINDOW, open_bounds=0)
    assert users["late"] == {"baseline": None, "peer": None, "crps": None, "coverage": None}


def test_the_distribution_crowd_is_the_recency_weighted_mean_in_recency_order():
    state = DistributionState()
    state.apply("a", LOW)
    state.apply("b", HIGH)
    state.apply("c", UNIFORM)
    state.apply("a", HIGH)  # a is now the newest: order b, c, a
    weights = np.exp(np.sqrt([1, 2, 3]) - math.sqrt(3))
    expected = (weights[0] * np.array(HIGH) + weights[1] * np.array(UNIFORM) + weights[2] * np.array(HIGH)) / sum(
        weights
    )
    assert state.aggregate_all(("recency_weighted_median",), 1.0)["recency_weighted_median"] == pytest.approx(expected)
    state.apply("b", None)
    assert state.forecaster_count == 2
    with pytest.raises(ValueError, match="no method 'mean'"):
        state.aggregate_all(("mean",), 1.0)


def test_pit_is_the_cdf_at_the_outcome_and_the_middle_of_the_mass_beyond_a_bound():
    assert pit(UNIFORM, 0.3) == pytest.approx(0.3)
    assert pit(HIGH, 0.5) == pytest.approx(0.25, abs=1e-3)  # F(x) = x² (to the grid)
    open_cdf = np.linspace(0.1, 0.8, POINTS).tolist()
    assert pit(open_cdf, -1.0) == pytest.approx(0.05)
    assert pit(open_cdf, 2.0) == pytest.approx(0.9)


def test_a_calibrated_forecasters_pits_are_level_and_an_overconfident_ones_u_shaped():
    rng = np.random.default_rng(7)
    grid = np.linspace(0, 1, POINTS)
    spread = np.clip(grid, 0, 1).tolist()  # the outcome is drawn from the forecast itself: calibrated
    calibrated = pit_histogram([pit(spread, x) for x in rng.uniform(0, 1, 2000)])
    assert max(calibrated) - min(calibrated) < 80  # about 200 each
    narrow = np.clip((grid - 0.45) * 10, 0, 1).tolist()  # sure it lies in [0.45, 0.55]; it lies anywhere
    overconfident = pit_histogram([pit(narrow, x) for x in rng.uniform(0, 1, 2000)])
    assert overconfident[0] > 600
    assert overconfident[-1] > 600
    assert sum(overconfident[2:8]) < 300
    assert pit_histogram([0.0, 0.05, 1.0]) == [2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
