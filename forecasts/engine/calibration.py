"""Calibration figures (docs/forecasting.md, "Calibration"), as pure functions of numpy and the standard library.

Input: probabilities p of binary predictions and what happened y (1 or 0). A multiple-choice forecast contributes
one prediction per option. Bins are ten equal-width bins over [0, 1] with the same edges as scikit-learn's
`calibration_curve` (a probability on an inner edge falls in the lower bin), with no folding to 50–100%.
"""

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

BIN_COUNT = 10
# Two-sided 95% normal quantile, for Wilson score intervals.
Z_95 = 1.959963984540054


@dataclass(frozen=True)
class CalibrationBin:
    lower: float
    upper: float
    count: int
    mean_forecast: float | None
    observed_frequency: float | None
    wilson_low: float | None
    wilson_high: float | None


@dataclass(frozen=True)
class MurphyDecomposition:
    """One-sided Brier = reliability − resolution + uncertainty + residual (residual: spread inside the bins)."""

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    residual: float
    count: int


def wilson_interval(successes: int, count: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (Wilson, 1927)."""
    if count <= 0:
        raise ValueError("A Wilson interval needs at least one observation.")
    proportion = successes / count
    denominator = 1 + z * z / count
    centre = (proportion + z * z / (2 * count)) / denominator
    half_width = z / denominator * math.sqrt(proportion * (1 - proportion) / count + z * z / (4 * count * count))
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def _validated(probabilities: ArrayLike, outcomes: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if p.shape != y.shape or p.ndim != 1:
        raise ValueError("Probabilities and outcomes must be flat arrays of the same length.")
    if np.any((p < 0) | (p > 1)) or np.any(~np.isin(y, (0.0, 1.0))):
        raise ValueError("Probabilities must lie in [0, 1] and outcomes be 0 or 1.")
    return p, y


def bin_indices(probabilities: np.ndarray, bin_count: int = BIN_COUNT) -> np.ndarray:
    edges = np.linspace(0.0, 1.0, bin_count + 1)
    return np.searchsorted(edges[1:-1], probabilities)


def calibration_table(
    probabilities: ArrayLike, outcomes: ArrayLike, bin_count: int = BIN_COUNT
) -> list[CalibrationBin]:
    p, y = _validated(probabilities, outcomes)
    # Edges rounded for display (linspace gives 0.30000000000000004); binning itself uses the exact edges.
    edges = np.round(np.linspace(0.0, 1.0, bin_count + 1), 10)
    index = bin_indices(p, bin_count)
    counts = np.bincount(index, minlength=bin_count)
    forecast_sums = np.bincount(index, weights=p, minlength=bin_count)
    outcome_sums = np.bincount(index, weights=y, minlength=bin_count)
    table = []
    for k in range(bin_count):
        n = int(counts[k])
        lower, upper = float(edges[k]), float(edges[k + 1])
        if n == 0:
            table.append(CalibrationBin(lower, upper, 0, None, None, None, None))
            continue
        low, high = wilson_interval(round(outcome_sums[k]), n)
        mean_forecast, observed = float(forecast_sums[k] / n), float(outcome_sums[k] / n)
        table.append(CalibrationBin(lower, upper, n, mean_forecast, observed, low, high))
    return table


def murphy_decomposition(
    probabilities: ArrayLike, outcomes: ArrayLike, bin_count: int = BIN_COUNT
) -> MurphyDecomposition:
    """Murphy (1973) decomposition of the one-sided Brier score over the ten bins."""
    p, y = _validated(probabilities, outcomes)
    n = len(p)
    if n == 0:
        raise ValueError("The Murphy decomposition needs at least one prediction.")
    index = bin_indices(p, bin_count)
    counts = np.bincount(index, minlength=bin_count).astype(float)
    occupied = counts > 0
    mean_forecast = np.bincount(index, weights=p, minlength=bin_count)[occupied] / counts[occupied]
    observed = np.bincount(index, weights=y, minlength=bin_count)[occupied] / counts[occupied]
    base_rate = y.mean()
    reliability = float((counts[occupied] * (mean_forecast - observed) ** 2).sum() / n)
    resolution = float((counts[occupied] * (observed - base_rate) ** 2).sum() / n)
    uncertainty = float(base_rate * (1 - base_rate))
    brier_score = float(((p - y) ** 2).mean())
    return MurphyDecomposition(
        brier=brier_score,
        reliability=reliability,
        resolution=resolution,
        uncertainty=uncertainty,
        residual=brier_score - (reliability - resolution + uncertainty),
        count=n,
    )


def sharpness(probabilities: ArrayLike) -> float:
    """How far forecasts stray from their own mean: the variance of the probabilities (0 for a constant forecaster)."""
    p = np.asarray(probabilities, dtype=float)
    if p.size == 0:
        raise ValueError("Sharpness needs at least one prediction.")
    return float(p.var())
