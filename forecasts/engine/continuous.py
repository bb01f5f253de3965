"""Numeric and date questions (issue #32): distributions, the community distribution and their scores, as pure
functions of numpy and the standard library, on Metaculus' conventions so that forecasts move between the two.

A question's range [lower, upper] is mapped to the unit interval (linearly, or logarithmically around a zero point,
as Metaculus does); a forecast is a CDF at 201 evenly spaced points of that interval. A closed bound keeps all the
mass inside (CDF 0 at the lower end, 1 at the upper); an open bound keeps some outside (at least 0.001 below an open
lower bound, at most 0.999 at an open upper one). Read as a PMF, a forecast has 202 buckets: below the range, the
200 steps inside it, above it. Scores (docs/forecasting.md, "Numeric and date questions"):
- baseline: 100 · ln(pmf[b] / baseline[b]) / 2, where b is the outcome's bucket and the baseline spreads
  1 − 0.05 · (open bounds) evenly over the 200 inner buckets and gives 0.05 to each outside one; averaged over the
  question's forecasting window by the time each forecast stood;
- peer: 100 · n/(n − 1) · ln(pmf[b] / gm[b]) / 2 against the geometric mean gm of the n standing forecasts' PMFs,
  integrated over the window the same way;
- CRPS of the CDF on the unit interval (lower is better), for a second, distance-aware opinion.
The community distribution is the recency-weighted mean of the standing CDFs (weights exp(√k − √n), all one for two
forecasts or fewer), as Metaculus aggregates continuous questions.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from forecasts.engine.aggregation import recency_weights

INBOUND = 200
POINTS = INBOUND + 1
MIN_STEP = round(0.01 / INBOUND, 10)  # 0.00005: every step of the CDF rises at least this much
MAX_STEP = 0.59  # and no more than this (Metaculus' limit for 201 points)
OPEN_TAIL = 0.001  # the least mass beyond an open bound
OUTSIDE_BASELINE = 0.05


@dataclass(frozen=True)
class Scale:
    """A question's range and how it maps to the unit interval (Metaculus' scaled and unscaled locations)."""

    lower: float
    upper: float
    zero_point: float | None = None  # set: a logarithmic scale

    def to_unit(self, value: float) -> float:
        if self.zero_point is not None:
            ratio = (self.upper - self.zero_point) / (self.lower - self.zero_point)
            inner = (value - self.lower) * (ratio - 1) + (self.upper - self.lower)
            return (math.log(inner) - math.log(self.upper - self.lower)) / math.log(ratio)
        return (value - self.lower) / (self.upper - self.lower)

    def from_unit(self, location: float) -> float:
        if self.zero_point is not None:
            ratio = (self.upper - self.zero_point) / (self.lower - self.zero_point)
            return self.lower + (self.upper - self.lower) * (ratio**location - 1) / (ratio - 1)
        return self.lower + (self.upper - self.lower) * location


def outcome_location(scale: Scale, value: float) -> float:
    """Where an outcome lies on the unit interval: below 0 or above 1 when it fell beyond the range (then it counts
    in the bucket beyond, for the scores and the PIT; its exact place there does not matter)."""
    if value < scale.lower:
        return -1.0
    if value > scale.upper:
        return 2.0
    return scale.to_unit(value)


def cdf_problems(cdf: Sequence[float], *, open_lower: bool, open_upper: bool) -> list[str]:
    """Every rule a CDF breaks, each said so that a 400 can name it; none for a valid forecast."""
    if len(cdf) != POINTS:
        return [f"A CDF has {POINTS} values; got {len(cdf)}."]
    values = np.round(np.asarray(cdf, dtype=float), 10)
    if not np.all(np.isfinite(values)) or values.min() < 0 or values.max() > 1:
        return ["Every CDF value is a number between 0 and 1."]
    steps = np.round(np.diff(values), 10)
    problems = []
    if np.any(steps < MIN_STEP):
        problems.append(f"The CDF must rise by at least {MIN_STEP} at every step.")
    if np.any(steps > MAX_STEP):
        problems.append(f"The CDF must rise by no more than {MAX_STEP} at any step.")
    if open_lower and values[0] < OPEN_TAIL:
        problems.append(f"With an open lower bound the CDF starts at {OPEN_TAIL} or more.")
    if not open_lower and values[0] != 0:
        problems.append("With a closed lower bound the CDF starts at 0.")
    if open_upper and values[-1] > 1 - OPEN_TAIL:
        problems.append(f"With an open upper bound the CDF ends at {1 - OPEN_TAIL} or less.")
    if not open_upper and values[-1] != 1:
        problems.append("With a closed upper bound the CDF ends at 1.")
    return problems


def pmf(cdf: Sequence[float]) -> np.ndarray:
    """The 202 buckets: below the range, the 200 steps inside it, above it."""
    values = np.asarray(cdf, dtype=float)
    return np.concatenate(([values[0]], np.diff(values), [1 - values[-1]]))


def outcome_bucket(location: float) -> int:
    """The bucket of an outcome at `location` on the unit interval (below 0: bucket 0; above 1: bucket 201)."""
    if location < 0:
        return 0
    if location > 1:
        return INBOUND + 1
    if location == 1:
        return INBOUND
    return max(int(location * INBOUND + 1 - 1e-10), 1)


def baseline_of_bucket(bucket: int, open_bounds: int) -> float:
    if bucket in (0, INBOUND + 1):
        return OUTSIDE_BASELINE
    return (1 - OUTSIDE_BASELINE * open_bounds) / INBOUND


def spot_baseline_score(cdf: Sequence[float], bucket: int, open_bounds: int) -> float:
    return 100 * math.log(pmf(cdf)[bucket] / baseline_of_bucket(bucket, open_bounds)) / 2


@dataclass(frozen=True)
class Standing:
    """A forecast and when it stood: from `start` until `end` (None: until the question closed), in seconds."""

    start: float
    end: float | None
    cdf: Sequence[float]


@dataclass(frozen=True)
class Window:
    """The question's forecasting window: opened, actually closed, and scheduled to close (seconds)."""

    opened: float
    closed: float
    scheduled_close: float


def _stood(forecast: Standing, window: Window) -> tuple[float, float]:
    """When the forecast stood inside the window: from its start (or the opening) to its end (or the close)."""
    end = window.closed if forecast.end is None else min(forecast.end, window.closed)
    return max(forecast.start, window.opened), end


def baseline_scores(
    forecasts: Sequence[Standing], bucket: int, window: Window, open_bounds: int
) -> list[tuple[float, float]]:
    """(score, coverage) of each forecast: its baseline score weighted by the share of the window it stood."""
    total = window.scheduled_close - window.opened
    scored = []
    for forecast in forecasts:
        start, end = _stood(forecast, window)
        if end - start <= 0:
            scored.append((0.0, 0.0))
            continue
        coverage = (end - start) / total
        scored.append((spot_baseline_score(forecast.cdf, bucket, open_bounds) * coverage, coverage))
    return scored


def _geometric_means(forecasts: Sequence[Standing]) -> list[tuple[float, np.ndarray | None, int]]:
    """(time, geometric mean PMF, forecaster count) at every time a standing forecast starts or ends; the count is
    0 while only one stands (no peer to compare with), and the mean None while none does. (Metaculus' code skips
    such a time, so the mean before it runs on through the gap; here nobody scores in a gap. The two agree whenever
    some forecast stands.)"""
    times = sorted({f.start for f in forecasts} | {f.end for f in forecasts if f.end is not None})
    pmfs = [pmf(f.cdf) for f in forecasts]  # once each, not at every time the forecast stands
    means: list[tuple[float, np.ndarray | None, int]] = []
    for time in times:
        standing = [pmfs[i] for i, f in enumerate(forecasts) if f.start <= time and (f.end is None or f.end > time)]
        if not standing:
            means.append((time, None, 0))
            continue
        with np.errstate(divide="ignore"):  # a closed bound's outside bucket is 0: its mean is 0 too
            mean = np.exp(np.mean(np.log(np.asarray(standing)), axis=0))
        means.append((time, mean, len(standing) if len(standing) > 1 else 0))
    return means


def peer_scores(forecasts: Sequence[Standing], bucket: int, window: Window) -> list[tuple[float, float]]:
    """(score, coverage) of each forecast against the geometric mean of the forecasts standing beside it."""
    means = [(max(time, window.opened), mean, count) for time, mean, count in _geometric_means(forecasts)]
    total = window.scheduled_close - window.opened
    times = [time for time, _, _ in means if time < window.closed] + [window.closed]
    scored = []
    for forecast in forecasts:
        start, end = _stood(forecast, window)
        if end - start <= 0:
            scored.append((0.0, 0.0))
            continue
        own = pmf(forecast.cdf)[bucket]
        score = coverage = 0.0
        for index in range(len(times) - 1):
            time, mean, count = means[index]
            if mean is None or not start <= time < end:
                continue
            factor = count / (count - 1) if count > 1 else 0.0  # a lone forecast (count 0) has no peer
            share = (times[index + 1] - times[index]) / total
            score += 100 * factor * math.log(own / mean[bucket]) / 2 * share
            coverage += share
        scored.append((score, coverage))
    return scored


def crps(cdf: Sequence[float], location: float) -> float:
    """∫₀¹ (F(x) − 1[x ≥ y])² dx for the piecewise-linear CDF F and the outcome y on the unit interval (an outcome
    outside the range counts as at its nearer end's far side: every point is then below it, or above it)."""
    values = np.asarray(cdf, dtype=float)
    grid = np.linspace(0.0, 1.0, POINTS)
    total = 0.0
    for left, right, a, b in zip(grid[:-1], grid[1:], values[:-1], values[1:], strict=True):
        if location >= right or location < left:
            step = 0.0 if location >= right else 1.0
            total += _squared_linear(a - step, b - step, right - left)
        else:  # the outcome falls inside this step: split it there
            middle = a + (b - a) * (location - left) / (right - left)
            total += _squared_linear(a, middle, location - left)
            total += _squared_linear(middle - 1, b - 1, right - location)
    return total


def _squared_linear(start: float, end: float, width: float) -> float:
    """∫ over `width` of a line from `start` to `end`, squared."""
    return width * (start * start + start * end + end * end) / 3


def community_cdf(cdfs_oldest_first: Sequence[Sequence[float]]) -> np.ndarray:
    """The recency-weighted mean of the standing forecasts' CDFs (each forecaster's latest, oldest first)."""
    values = np.asarray(cdfs_oldest_first, dtype=float)
    return np.average(values, axis=0, weights=recency_weights(len(values)))


def quantile(cdf: Sequence[float], probability: float) -> float:
    """Where the CDF reaches `probability`, on the unit interval (linear between points; −∞/+∞ sides clamp to the
    range's ends)."""
    values = np.asarray(cdf, dtype=float)
    grid = np.linspace(0.0, 1.0, POINTS)
    if probability <= values[0]:
        return 0.0
    if probability >= values[-1]:
        return 1.0
    return float(np.interp(probability, values, grid))


def cdf_from_quantiles(
    points: Sequence[tuple[float, float]], *, open_lower: bool, open_upper: bool, floor: float = 0.02
) -> list[float]:
    """A valid CDF through a few (probability, location on the unit interval) points, e.g. the 10th, 50th and 90th
    percentiles: linear between them, the tails carried on at the nearest segment's slope and cut at the bounds
    (closed: 0 and 1; open: what lies beyond, at least 0.001), then mixed with `floor` of a uniform spread so that
    every step rises at least MIN_STEP. The shape's knots are set so that the mixture still goes through each given
    point exactly (a forecaster reads back the median they typed), unless that would make the shape fall."""
    ordered = sorted(points, key=lambda point: point[1])
    probabilities = [p for p, _ in ordered]
    locations = [x for _, x in ordered]
    if len(ordered) < 2 or probabilities != sorted(probabilities) or len(set(locations)) < len(locations):
        raise ValueError("Give two or more distinct locations whose probabilities rise with them.")
    if not all(0 < p < 1 for p in probabilities) or not all(0 <= x <= 1 for x in locations):
        raise ValueError("Probabilities lie strictly between 0 and 1, locations within the range.")

    def slope(i: int, j: int) -> float:
        return (probabilities[j] - probabilities[i]) / (locations[j] - locations[i])

    left, right = slope(0, 1), slope(-2, -1)
    at_lower = probabilities[0] - left * locations[0]
    at_upper = probabilities[-1] + right * (1 - locations[-1])
    lower = min(max(at_lower, OPEN_TAIL), probabilities[0]) if open_lower else 0.0
    upper = max(min(at_upper, 1 - OPEN_TAIL), probabilities[-1]) if open_upper else 1.0

    def uniform_at(x: float) -> float:
        return lower + (upper - lower) * x

    exact = [(p - floor * uniform_at(x)) / (1 - floor) for p, x in zip(probabilities, locations, strict=True)]
    if all(a < b for a, b in zip([lower, *exact], [*exact, upper], strict=True)):
        probabilities = exact
        left, right = slope(0, 1), slope(-2, -1)
        at_lower = probabilities[0] - left * locations[0]
        at_upper = probabilities[-1] + right * (1 - locations[-1])
    knots = [(0.0, lower), *zip(locations, probabilities, strict=True), (1.0, upper)]
    # Where the outer segments, carried on, reach the value at the bound before the bound, they level off there:
    # the tails keep the forecaster's slope instead of being stretched flat to the bound.
    if at_lower < lower:
        knots.insert(1, (locations[0] - (probabilities[0] - lower) / left, lower))
    if at_upper > upper:
        knots.insert(-1, (locations[-1] + (upper - probabilities[-1]) / right, upper))
    knots = [knots[0], *(k for k in knots[1:-1] if 0 < k[0] < 1), knots[-1]]
    grid = np.linspace(0.0, 1.0, POINTS)
    shape = np.interp(grid, [x for x, _ in knots], [p for _, p in knots])
    uniform = lower + (upper - lower) * grid
    return ((1 - floor) * shape + floor * uniform).tolist()


def pit(cdf: Sequence[float], location: float) -> float:
    """The probability integral transform of an outcome at `location`: the forecast's CDF there (linear between its
    points). Beyond an open bound the outcome lies somewhere in the mass there, so it takes that mass's middle (half
    of F(0) below the range, halfway from F(1) to 1 above it). A calibrated forecaster's PITs are uniform on [0, 1]."""
    values = np.asarray(cdf, dtype=float)
    if location < 0:
        return float(values[0] / 2)
    if location > 1:
        return float((values[-1] + 1) / 2)
    return float(np.interp(location, np.linspace(0.0, 1.0, POINTS), values))


def pit_histogram(values: Sequence[float], bins: int = 10) -> list[int]:
    """How many PIT values fall in each of `bins` equal parts of [0, 1] (1 itself in the last)."""
    counts = [0] * bins
    for value in values:
        counts[min(int(value * bins), bins - 1)] += 1
    return counts
