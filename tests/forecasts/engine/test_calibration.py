"""Calibration bins, Wilson intervals and the Murphy decomposition against vectors and scikit-learn."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve

from forecasts.engine.calibration import calibration_table, murphy_decomposition, sharpness, wilson_interval


@pytest.mark.parametrize(("successes", "count", "expected"), [(7, 10, (0.397, 0.892)), (0, 5, (0.0, 0.434))])
def test_wilson_vectors(successes, count, expected):
    low, high = wilson_interval(successes, count)
    assert (round(low, 3), round(high, 3)) == expected


def test_bins_agree_with_scikit_learn():
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 1, size=2000)
    y = (rng.uniform(0, 1, size=2000) < p).astype(int)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy="uniform")
    table = [row for row in calibration_table(p, y) if row.count]
    assert np.allclose([row.observed_frequency for row in table], prob_true, atol=1e-9)
    assert np.allclose([row.mean_forecast for row in table], prob_pred, atol=1e-9)
    assert sum(row.count for row in table) == 2000


def test_ten_equal_bins_without_folding():
    table = calibration_table([0.05, 0.95, 0.95], [0, 1, 0])
    assert (table[0].lower, table[0].upper) == (0.0, 0.1)
    assert len(table) == 10
    assert table[0].count == 1
    assert table[9].count == 2
    assert table[9].observed_frequency == 0.5
    assert table[4].count == 0
    assert table[4].wilson_low is None


def test_murphy_decomposition_is_exact_for_binned_forecasts():
    # Every forecast equals its bin's mean: no within-bin spread, so the residual vanishes.
    p = np.array([0.15] * 4 + [0.65] * 6 + [0.95] * 10)
    y = np.array([0, 0, 0, 1] + [1, 1, 0, 1, 0, 1] + [1] * 9 + [0])
    result = murphy_decomposition(p, y)
    assert result.residual == pytest.approx(0.0, abs=1e-12)
    assert result.brier == pytest.approx(np.mean((p - y) ** 2))
    base = y.mean()
    assert result.uncertainty == pytest.approx(base * (1 - base))


@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 1)), min_size=1, max_size=200))
def test_decomposition_plus_residual_is_the_brier_score(pairs):
    p = np.array([a for a, _ in pairs])
    y = np.array([b for _, b in pairs])
    result = murphy_decomposition(p, y)
    assert result.reliability - result.resolution + result.uncertainty + result.residual == pytest.approx(
        result.brier, abs=1e-12
    )
    assert result.reliability >= 0
    assert result.resolution >= 0


def test_sharpness_is_the_spread_of_the_forecasts():
    assert sharpness([0.5, 0.5, 0.5]) == 0.0
    assert sharpness([0.1, 0.9]) == pytest.approx(0.16)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        calibration_table([1.2], [1])
    with pytest.raises(ValueError):
        calibration_table([0.5], [2])
    with pytest.raises(ValueError):
        wilson_interval(0, 0)
