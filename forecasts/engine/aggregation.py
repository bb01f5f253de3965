"""The community forecast (docs/forecasting.md, "Aggregates"), as pure functions of numpy and the standard library.

A forecast is a probability vector over a question's K options; a binary question has K = 2 with the vector
[P(no), P(yes)]. The community forecast is computed from each user's latest standing forecast and changes whenever
a forecast arrives or is withdrawn, so it is a step function: a list of points (time, vector, forecaster count).

Methods:
- recency-weighted median (Metaculus's default): the n latest forecasts ordered oldest→newest, the k-th weighted
  exp(√k − √n) (all weights 1 when n ≤ 2); weighted median per option, renormalised for multiple choice.
- mean, median, geometric mean of odds logit⁻¹(mean logit p), extremized log-odds logit⁻¹(d · mean logit p);
  these weigh every forecaster equally. For multiple choice each is taken per option, then renormalised.
"""

import functools
import math
import operator
from collections.abc import Iterable, Sequence

import numpy as np

RECENCY_WEIGHTED_MEDIAN = "recency_weighted_median"
MEAN = "mean"
MEDIAN = "median"
GEOMETRIC_MEAN_OF_ODDS = "geometric_mean_of_odds"
EXTREMIZED_LOG_ODDS = "extremized_log_odds"
METHODS = (RECENCY_WEIGHTED_MEDIAN, MEAN, MEDIAN, GEOMETRIC_MEAN_OF_ODDS, EXTREMIZED_LOG_ODDS)
DEFAULT_METHOD = RECENCY_WEIGHTED_MEDIAN
DEFAULT_EXTREMIZING = math.sqrt(3)
# Cumulative weights this close to half count as exactly half (so two equal weights give the midpoint).
HALF_TOLERANCE = 1e-12


def recency_weights(n: int) -> np.ndarray:
    """exp(√k − √n) for k = 1..n, oldest first; all ones when n ≤ 2 (Metaculus)."""
    if n <= 2:
        return np.ones(n)
    k = np.arange(1, n + 1, dtype=float)
    return np.exp(np.sqrt(k) - math.sqrt(n))


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value where cumulative weight reaches half; the midpoint of two values when it lands exactly on half."""
    order = np.argsort(values, kind="stable")
    return weighted_median_of_sorted(values[order], weights[order])


def weighted_median_of_sorted(sorted_values: np.ndarray, sorted_weights: np.ndarray) -> float:
    """weighted_median of values already in ascending order (equal values oldest first), weights in that order."""
    cumulative = np.cumsum(sorted_weights)
    half = cumulative[-1] / 2
    index = int(np.searchsorted(cumulative, half - HALF_TOLERANCE * cumulative[-1], side="left"))
    if abs(cumulative[index] - half) <= HALF_TOLERANCE * cumulative[-1] and index + 1 < len(sorted_values):
        return float((sorted_values[index] + sorted_values[index + 1]) / 2)
    return float(sorted_values[index])


def left_to_right_sum(values: Iterable[float]) -> float:
    """Floats added one after another from the left (as Python 3.11's sum did; 3.12 compensates, so say it)."""
    return functools.reduce(operator.add, values)


@functools.cache
def _recency_weight_list(n: int) -> tuple[float, ...]:
    return tuple(recency_weights(n).tolist())


# Below this many standing forecasts, plain Python beats numpy's per-call overhead on binary questions.
SMALL_CROWD = 64


def _aggregate_binary_small(ps: list[float], method: str, extremizing: float) -> float:
    """P(yes) of the community forecast by one method, the same rules as `aggregate`, computed without numpy."""
    return _aggregate_binary_small_all(ps, (method,), extremizing)[method]


def _aggregate_binary_small_all(
    ps: list[float], methods: Sequence[str], extremizing: float, mean_logit: float | None = None
) -> dict[str, float]:
    """P(yes) by several methods at once, without numpy, sorting the forecasts only once.

    `mean_logit` may be passed in when the caller keeps the forecasts' logits (CommunityState does).
    """
    n = len(ps)
    result: dict[str, float] = {}
    # Indices in ascending order of value, for the two medians (an empty list when neither is asked for).
    by_value = sorted(range(n), key=ps.__getitem__) if RECENCY_WEIGHTED_MEDIAN in methods or MEDIAN in methods else []
    for method in methods:
        if method == RECENCY_WEIGHTED_MEDIAN:
            recency = _recency_weight_list(n)
            half = _recency_weight_total(n) / 2
            tolerance = HALF_TOLERANCE * 2 * half
            cumulative = 0.0
            for position, index in enumerate(by_value):
                cumulative += recency[index]
                if cumulative >= half - tolerance:
                    if abs(cumulative - half) <= tolerance and position + 1 < n:
                        result[method] = (ps[index] + ps[by_value[position + 1]]) / 2
                    else:
                        result[method] = ps[index]
                    break
        elif method == MEDIAN:
            middle = n // 2
            upper = ps[by_value[middle]]
            result[method] = upper if n % 2 else (ps[by_value[middle - 1]] + upper) / 2
        elif method == MEAN:
            result[method] = left_to_right_sum(ps) / n
        elif method in (GEOMETRIC_MEAN_OF_ODDS, EXTREMIZED_LOG_ODDS):
            if mean_logit is None:
                mean_logit = sum(math.log(p) - math.log1p(-p) for p in ps) / n
            scale = extremizing if method == EXTREMIZED_LOG_ODDS else 1.0
            result[method] = 1 / (1 + math.exp(-scale * mean_logit))
        else:
            raise ValueError(f"Unknown aggregation method {method!r}; expected one of {', '.join(METHODS)}.")
    return result


@functools.cache
def _recency_weight_total(n: int) -> float:
    return float(np.sum(recency_weights(n)))


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p) - np.log1p(-p)


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _per_option(matrix: np.ndarray, method: str, extremizing: float) -> np.ndarray:
    """Aggregate each column of an (n forecasters × options) matrix whose rows run oldest→newest."""
    n = matrix.shape[0]
    if method == RECENCY_WEIGHTED_MEDIAN:
        weights = recency_weights(n)
        return np.array([weighted_median(matrix[:, j], weights) for j in range(matrix.shape[1])])
    if method == MEDIAN:
        return np.median(matrix, axis=0)
    if method == MEAN:
        return matrix.mean(axis=0)
    if method == GEOMETRIC_MEAN_OF_ODDS:
        return _expit(_logit(matrix).mean(axis=0))
    if method == EXTREMIZED_LOG_ODDS:
        return _expit(extremizing * _logit(matrix).mean(axis=0))
    raise ValueError(f"Unknown aggregation method {method!r}; expected one of {', '.join(METHODS)}.")


def aggregate(
    matrix: np.ndarray, *, method: str = DEFAULT_METHOD, extremizing: float = DEFAULT_EXTREMIZING
) -> np.ndarray:
    """The community vector from standing forecasts (rows oldest→newest, columns options).

    Binary questions (two columns) are aggregated on P(yes) and completed with P(no) = 1 − P(yes), so the median of
    P(yes) is exactly what a forecaster reads; multiple choice is aggregated per option and renormalised.
    """
    matrix = np.asarray(matrix, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] == 0:
        raise ValueError("aggregate needs at least one forecast, as rows of option probabilities.")
    if matrix.shape[1] == 2:
        yes = _per_option(matrix[:, 1:], method, extremizing)[0]
        return np.array([1 - yes, yes])
    combined = _per_option(matrix, method, extremizing)
    return combined / combined.sum()
