"""The community forecast (FORECASTING.md, "Aggregates"), as pure functions of numpy and the standard library.

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
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

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
    sorted_values = values[order]
    cumulative = np.cumsum(weights[order])
    half = cumulative[-1] / 2
    index = int(np.searchsorted(cumulative, half - HALF_TOLERANCE * cumulative[-1], side="left"))
    if abs(cumulative[index] - half) <= HALF_TOLERANCE * cumulative[-1] and index + 1 < len(sorted_values):
        return float((sorted_values[index] + sorted_values[index + 1]) / 2)
    return float(sorted_values[index])


@functools.cache
def _recency_weight_list(n: int) -> tuple[float, ...]:
    return tuple(recency_weights(n).tolist())


# Below this many standing forecasts, plain Python beats numpy's per-call overhead on binary questions.
SMALL_CROWD = 64


def _aggregate_binary_small(ps: list[float], method: str, extremizing: float) -> float:
    """P(yes) of the community forecast by one method, the same rules as `aggregate`, computed without numpy."""
    return _aggregate_binary_small_all(ps, (method,), extremizing)[method]


def _aggregate_binary_small_all(
    ps: list[float], methods, extremizing: float, mean_logit: float | None = None
) -> dict[str, float]:
    """P(yes) by several methods at once, without numpy, sorting the forecasts only once.

    `mean_logit` may be passed in when the caller keeps the forecasts' logits (CommunityState does).
    """
    n = len(ps)
    result = {}
    by_value = sorted(range(n), key=ps.__getitem__) if RECENCY_WEIGHTED_MEDIAN in methods or MEDIAN in methods else None
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
            result[method] = sum(ps) / n
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


class CommunityState:
    """Each user's latest standing forecast, kept in the order those forecasts were made (oldest first).

    Applying a forecast or a withdrawal is O(1); aggregating is O(n log n) in the number of standing forecasts, so
    the series can be extended one event at a time without replaying the history.
    """

    def __init__(self, standing: Iterable[tuple[Hashable, np.ndarray]] = ()) -> None:
        self._standing: dict[Hashable, np.ndarray] = {}
        # Binary questions: each standing P(yes) and its logit, in the same order, computed once per forecast.
        self._yes: dict[Hashable, float] = {}
        self._logits: dict[Hashable, float] = {}
        for user, values in standing:
            self.apply(user, values)

    def apply(self, user: Hashable, values: np.ndarray | None) -> None:
        """A new forecast moves the user to the newest position; None (a withdrawal) removes them."""
        self._standing.pop(user, None)
        self._yes.pop(user, None)
        self._logits.pop(user, None)
        if values is not None:
            self._standing[user] = values
            if len(values) == 2:
                p = float(values[1])
                self._yes[user] = p
                self._logits[user] = math.log(p) - math.log1p(-p)

    def binary_yes(self, methods, extremizing: float) -> tuple[float, ...] | None:
        """P(yes) by each method for a binary question; None while nobody has a standing forecast."""
        if not self._yes:
            return None
        ps = list(self._yes.values())
        if len(ps) > SMALL_CROWD:
            matrix = self.matrix()
            return tuple(float(aggregate(matrix, method=m, extremizing=extremizing)[1]) for m in methods)
        # fsum is exactly rounded, so the result does not depend on the order forecasts arrived in.
        mean_logit = math.fsum(self._logits.values()) / len(ps)
        values = _aggregate_binary_small_all(ps, methods, extremizing, mean_logit)
        return tuple(values[m] for m in methods)

    def aggregate_all(self, methods, extremizing: float) -> dict[str, Sequence[float] | None]:
        """Every method's community vector for the current standing forecasts."""
        if not self._standing:
            return dict.fromkeys(methods)
        if self._yes:
            return {m: [1 - yes, yes] for m, yes in zip(methods, self.binary_yes(methods, extremizing), strict=True)}
        matrix = self.matrix()
        return {method: aggregate(matrix, method=method, extremizing=extremizing) for method in methods}

    @property
    def forecaster_count(self) -> int:
        return len(self._standing)

    def matrix(self) -> np.ndarray:
        """Standing forecasts as rows, oldest first."""
        return np.array(list(self._standing.values()), dtype=float)


@dataclass(frozen=True)
class Event:
    """A forecast (values) or a withdrawal (values None) by a user at a time (seconds since the epoch, UTC)."""

    at: float
    user: Hashable
    values: np.ndarray | None


@dataclass(frozen=True)
class CommunityPoint:
    at: float
    values: Sequence[float] | None  # option probabilities; None while nobody has a standing forecast
    forecaster_count: int


def _steps(state: CommunityState, events, *, opens_at, closes_at, snapshot):
    """Apply (user, time, values) events in time order; yield (time, snapshot()) per instant.

    Forecasts made before the question opens count from the opening; events at or after the actual close are
    stored elsewhere but change nothing here. Events at the same instant make one point.
    """
    pending_at: float | None = None
    for user, event_at, values in events:
        if closes_at is not None and event_at >= closes_at:
            continue
        at = event_at if opens_at is None or event_at >= opens_at else opens_at
        if pending_at is not None and at != pending_at:
            yield pending_at, snapshot()
        state.apply(user, values)
        pending_at = at
    if pending_at is not None:
        yield pending_at, snapshot()


def _triples(events: Iterable[Event]):
    return ((event.user, event.at, event.values) for event in events)


def extend_series(
    state: CommunityState,
    events: Iterable[Event],
    *,
    opens_at: float | None = None,
    closes_at: float | None = None,
    method: str = DEFAULT_METHOD,
    extremizing: float = DEFAULT_EXTREMIZING,
) -> list[CommunityPoint]:
    """Apply events (in time order) to `state` and return the points they add to the series (rules: _steps)."""
    return [
        CommunityPoint(at, values[method], count)
        for at, (values, count) in _steps(
            state,
            _triples(events),
            opens_at=opens_at,
            closes_at=closes_at,
            snapshot=lambda: (state.aggregate_all((method,), extremizing), state.forecaster_count),
        )
    ]


def extend_series_all_methods(
    state: CommunityState,
    events: Iterable[Event],
    *,
    opens_at: float | None = None,
    closes_at: float | None = None,
    methods: tuple[str, ...] = METHODS,
    extremizing: float = DEFAULT_EXTREMIZING,
) -> list[tuple[float, dict[str, Sequence[float] | None], int]]:
    """extend_series for several methods in one pass: (time, {method: vector or None}, forecaster count)."""
    return [
        (at, values, count)
        for at, (values, count) in _steps(
            state,
            _triples(events),
            opens_at=opens_at,
            closes_at=closes_at,
            snapshot=lambda: (state.aggregate_all(methods, extremizing), state.forecaster_count),
        )
    ]


def community_series_all_methods(
    events: Iterable[Event],
    *,
    opens_at: float | None = None,
    closes_at: float | None = None,
    methods: tuple[str, ...] = METHODS,
    extremizing: float = DEFAULT_EXTREMIZING,
) -> list[tuple[float, dict[str, np.ndarray | None]]]:
    """The series for several methods at once, sharing one pass over the events."""
    state = CommunityState()
    return list(
        _steps(
            state,
            _triples(events),
            opens_at=opens_at,
            closes_at=closes_at,
            snapshot=lambda: state.aggregate_all(methods, extremizing),
        )
    )


def community_series(events: Iterable[Event], **options) -> list[CommunityPoint]:
    """The whole community-forecast series of a question, from its events in time order."""
    return extend_series(CommunityState(), events, **options)


def binary_series(
    events: Iterable[tuple[Hashable, float, Sequence[float] | None]],
    *,
    opens_at: float | None = None,
    closes_at: float | None = None,
    methods: tuple[str, ...] = METHODS,
    extremizing: float = DEFAULT_EXTREMIZING,
) -> list[tuple[float, tuple[float, ...] | None]]:
    """community_series_all_methods for a binary question, as (time, P(yes) per method) with plain floats.

    The same state and steps; it skips the per-step vectors and dictionaries, which is what an offline re-score of
    millions of forecasts spends its time on.
    """
    state = CommunityState()
    return list(
        _steps(
            state,
            events,
            opens_at=opens_at,
            closes_at=closes_at,
            snapshot=lambda: state.binary_yes(methods, extremizing),
        )
    )
