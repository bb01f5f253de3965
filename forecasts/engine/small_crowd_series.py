"""Every step of many small crowds' binary series at once: CommunityState's numbers, as array operations.

A question that never has more than SMALL_CROWD forecasters (most of them) is aggregated by the small-crowd formulas
of `aggregation._aggregate_binary_small_all`. Stepping CommunityState through it costs microseconds of Python per
step. Here the steps of a whole batch of questions are the rows of one matrix of standing P(yes) values (a column
per forecaster slot, oldest standing forecast first), and each formula becomes a few array operations over all rows.
The operations are the formulas' own in the same order (left-to-right sums, the same weight tables and comparisons),
so the results are equal bit for bit; a property test holds the two to that.

The one formula that is not a plain array operation is the mean logit, whose sum the small-crowd formulas round
once from the exact value (fsum). Rows sum in double-double arithmetic with a certified error bound; a row whose
bound does not settle the rounding (in practice, sums within a few ulps of zero) is summed exactly instead.
"""

import math
from collections.abc import Hashable, Sequence

import numpy as np

from forecasts.engine.aggregation import (
    EXTREMIZED_LOG_ODDS,
    HALF_TOLERANCE,
    MEAN,
    MEDIAN,
    METHODS,
    RECENCY_WEIGHTED_MEDIAN,
    SMALL_CROWD,
    _recency_weight_list,
    _recency_weight_total,
)
from forecasts.engine.crowd_state import Values, exact, logit, rounded

BinaryEvent = tuple[Hashable, float, Values | None]
Series = list[tuple[float, tuple[float, ...] | None]]

# Rows per block: bounds memory to a few MB per array however many steps the batch has.
BLOCK_ROWS = 8192
# Probabilities lie in [0.001, 0.999], so their IEEE-754 bit patterns share the top byte: below it there is room to
# append a 6-bit recency rank and sort (value, rank) pairs as single integers.
_BITS_BASE = int(np.float64(0.001).view(np.int64)) & ~((1 << 56) - 1)
_RANK_BITS = 6
_ABSENT_KEY = np.iinfo(np.int64).max
_UNIT_ROUNDOFF = 2.0**-53


def _weight_tables() -> tuple[np.ndarray, np.ndarray]:
    """Recency weights by (crowd size n, recency rank) with zeros past n, and half of each size's total weight."""
    weights = np.zeros((SMALL_CROWD + 1, SMALL_CROWD))
    halves = np.zeros(SMALL_CROWD + 1)
    for n in range(1, SMALL_CROWD + 1):
        weights[n, :n] = _recency_weight_list(n)
        halves[n] = _recency_weight_total(n) / 2
    return weights, halves


WEIGHTS, HALVES = _weight_tables()
assert SMALL_CROWD <= 1 << _RANK_BITS
assert int(np.float64(0.999).view(np.int64)) - _BITS_BASE < 1 << (62 - _RANK_BITS)


def small_crowd_binary_series(
    events: Sequence[BinaryEvent],
    *,
    opens_at: float | None,
    closes_at: float | None,
    methods: Sequence[str],
    extremizing: float,
) -> Series:
    """binary_series for events (in time order) from at most SMALL_CROWD distinct users."""
    return small_crowd_binary_series_batch([(events, opens_at, closes_at)], methods=methods, extremizing=extremizing)[0]


class SmallCrowdBatch:
    """A batch's events as parallel arrays, after the close cut and the opening clamp, grouped by question.

    `users` are codes 0..n−1 within each question (n ≤ SMALL_CROWD), `yes` is NaN for a withdrawal.
    """

    def __init__(self, question_sizes: Sequence[int], users: np.ndarray, times: np.ndarray, yes: np.ndarray) -> None:
        self.question_sizes = list(question_sizes)
        self.count = len(times)
        self.width = max(1, int(users.max()) + 1) if self.count else 1
        if self.width > SMALL_CROWD:
            raise ValueError(f"A small crowd has at most {SMALL_CROWD} forecasters; got {self.width}.")
        self.users = users
        self.times = times
        self.yes = yes
        # Indexed by event, plus one entry past the end for absent slots: P(yes) and logit read 0 there.
        self.withdrawn = np.append(np.isnan(yes), True)
        self.padded_yes = np.append(np.nan_to_num(yes), 0.0)
        self.padded_logits = np.append(_logits(yes), 0.0)
        question_of = np.repeat(np.arange(len(self.question_sizes)), self.question_sizes)
        starts = np.ones(self.count, dtype=bool)
        starts[1:] = (times[1:] != times[:-1]) | (question_of[1:] != question_of[:-1])
        self.step_of = np.cumsum(starts) - 1
        self.step_at = times[starts]
        self.step_question = question_of[starts]
        self.step_ends = np.append(np.flatnonzero(starts[1:]), self.count - 1)
        first_event = np.concatenate([[0], np.cumsum(self.question_sizes)[:-1]]).astype(np.int64)
        self.step_first_event = first_event[self.step_question] if self.count else np.zeros(0, dtype=np.int64)

    @classmethod
    def from_events(
        cls, questions: Sequence[tuple[Sequence[BinaryEvent], float | None, float | None]]
    ) -> "SmallCrowdBatch":
        """From (events, opens_at, closes_at) per question, events as (user, at, [P(no), P(yes)] or None)."""
        users: list[int] = []
        times: list[float] = []
        yes: list[float] = []
        sizes: list[int] = []
        for events, opens_at, closes_at in questions:
            kept = events if closes_at is None else [event for event in events if event[1] < closes_at]
            codes: dict[Hashable, int] = {}
            users.extend(codes.setdefault(event[0], len(codes)) for event in kept)
            if opens_at is None:
                times.extend(event[1] for event in kept)
            else:
                times.extend(event[1] if event[1] >= opens_at else opens_at for event in kept)
            yes.extend(math.nan if event[2] is None else float(event[2][1]) for event in kept)
            sizes.append(len(kept))
        return cls(sizes, np.array(users, dtype=np.int64), np.array(times, dtype=float), np.array(yes, dtype=float))


def small_crowd_binary_series_batch(
    questions: Sequence[tuple[Sequence[BinaryEvent], float | None, float | None]],
    *,
    methods: Sequence[str],
    extremizing: float,
) -> list[Series]:
    """small_crowd_binary_series for each (events, opens_at, closes_at), computed together."""
    return small_crowd_batch_series(SmallCrowdBatch.from_events(questions), methods=methods, extremizing=extremizing)


def small_crowd_batch_series(flat: SmallCrowdBatch, *, methods: Sequence[str], extremizing: float) -> list[Series]:
    """The series of every question in a SmallCrowdBatch."""
    for method in methods:
        if method not in METHODS:
            raise ValueError(f"Unknown aggregation method {method!r}; expected one of {', '.join(METHODS)}.")
    results: list[Series] = [[] for _ in flat.question_sizes]
    if flat.count == 0:
        return results
    at = flat.step_at.tolist()
    step_question = flat.step_question.tolist()
    carry = np.full(flat.width, -1, dtype=np.int64)
    event_start = 0
    for block_start in range(0, len(at), BLOCK_ROWS):
        block_end = min(block_start + BLOCK_ROWS, len(at))
        event_end = int(flat.step_ends[block_end - 1]) + 1
        # Each row: the index of each forecaster slot's latest event as of that step (forward-filled).
        last = np.tile(carry, (block_end - block_start, 1))
        np.maximum.at(
            last,
            (flat.step_of[event_start:event_end] - block_start, flat.users[event_start:event_end]),
            np.arange(event_start, event_end),
        )
        np.maximum.accumulate(last, axis=0, out=last)
        carry = last[-1].copy()
        event_start = event_end
        rows = _Rows(last, flat.step_first_event[block_start:block_end], flat)
        values = rows.columns(methods, extremizing)
        for step in range(block_start, block_end):
            results[step_question[step]].append((at[step], values[step - block_start]))
    return results


def _logits(yes: np.ndarray) -> np.ndarray:
    """logit p of each event with math.log (as CommunityState computes it), once per distinct value; 0 for NaN."""
    cache: dict[float, float] = {}
    out = []
    for p in yes.tolist():
        value = cache.get(p)
        if value is None:
            value = cache[p] = 0.0 if p != p else logit(p)
        out.append(value)
    return np.array(out, dtype=float)


class _Rows:
    """One block of steps: each row's standing forecasts in recency order and in value order."""

    def __init__(self, last: np.ndarray, first_event: np.ndarray, flat: SmallCrowdBatch) -> None:
        self.count, width = last.shape
        sentinel = flat.count
        # A slot stands when its latest event belongs to this row's question and is a forecast.
        standing = (last >= first_event[:, None]) & ~flat.withdrawn[np.maximum(last, 0)]
        self.n = standing.sum(axis=1)
        self.occupied = self.n > 0
        self.safe_n = np.maximum(self.n, 1)
        # Oldest first: event indices ascending, absent slots (the sentinel, reading 0) after them.
        recent_events = np.sort(np.where(standing, last, sentinel), axis=1)
        self.p_recent = flat.padded_yes[recent_events]
        self.logit_recent = flat.padded_logits[recent_events]
        # Ascending P(yes), equal values oldest first: (value bits, recency rank) packed into one sortable integer.
        keys = ((self.p_recent.view(np.int64) - _BITS_BASE) << _RANK_BITS) | np.arange(width)
        keys = np.sort(np.where(recent_events < sentinel, keys, _ABSENT_KEY), axis=1)
        self.rank = keys & ((1 << _RANK_BITS) - 1)
        self.by_value = ((keys >> _RANK_BITS) + _BITS_BASE).view(np.float64)
        self.row = np.arange(self.count)

    def columns(self, methods: Sequence[str], extremizing: float) -> list[tuple[float, ...] | None]:
        mean_logits = None
        columns = []
        for method in methods:
            if method == MEAN:
                columns.append((_left_to_right_row_sums(self.p_recent) / self.safe_n).tolist())
            elif method == MEDIAN:
                columns.append(self._median().tolist())
            elif method == RECENCY_WEIGHTED_MEDIAN:
                columns.append(self._recency_weighted_median().tolist())
            else:  # GEOMETRIC_MEAN_OF_ODDS, EXTREMIZED_LOG_ODDS: the small-crowd formulas' own arithmetic
                if mean_logits is None:
                    mean_logits = (_correctly_rounded_row_sums(self.logit_recent) / self.safe_n).tolist()
                scale = extremizing if method == EXTREMIZED_LOG_ODDS else 1.0
                columns.append([1 / (1 + math.exp(-scale * value)) for value in mean_logits])
        return [
            values if occupied else None
            for occupied, values in zip(self.occupied.tolist(), zip(*columns, strict=True), strict=True)
        ]

    def _median(self) -> np.ndarray:
        middle = self.safe_n // 2
        upper = self.by_value[self.row, middle]
        lower = self.by_value[self.row, np.maximum(middle - 1, 0)]
        return np.where(self.safe_n % 2 == 1, upper, (lower + upper) / 2)

    def _recency_weighted_median(self) -> np.ndarray:
        n = self.safe_n
        weights = WEIGHTS.ravel()[n[:, None] * SMALL_CROWD + self.rank]
        half = HALVES[n]
        threshold = half - HALF_TOLERANCE * 2 * half
        # Walk the columns with a running left-to-right sum; the first column reaching the threshold is the median.
        cumulative = np.zeros(self.count)
        position = np.full(self.count, -1)
        reached = np.zeros(self.count)
        for column in range(weights.shape[1]):
            cumulative = cumulative + weights[:, column]
            newly = (position < 0) & (cumulative >= threshold)
            position[newly] = column
            reached[newly] = cumulative[newly]
            if not (position < 0).any():
                break
        tolerance = HALF_TOLERANCE * 2 * half
        following = np.minimum(position + 1, self.by_value.shape[1] - 1)
        value = self.by_value[self.row, position]
        midpoint = (np.abs(reached - half) <= tolerance) & (position + 1 < n)
        return np.where(midpoint, (value + self.by_value[self.row, following]) / 2, value)


def _left_to_right_row_sums(matrix: np.ndarray) -> np.ndarray:
    """Each row summed from the left, one addition after another (trailing zeros change nothing)."""
    total = matrix[:, 0].copy()
    for column in range(1, matrix.shape[1]):
        total += matrix[:, column]
    return total


def _correctly_rounded_row_sums(matrix: np.ndarray) -> np.ndarray:
    """Each row's exact sum rounded once to the nearest double (ties to even), as math.fsum returns it.

    Sum2 of Ogita, Rump and Oishi (2005): error-free TwoSum steps leave s + Σq equal to the exact sum, and c = fl(Σq).
    Where every addition into c was exact too (checked with TwoSum again), s + c is the exact sum and fl(s + c) its
    correct rounding, ties included. Elsewhere c is off by at most γ²·Σ|x| (γ = m·u/(1 − m·u) for m terms): with
    (hi, lo) = TwoSum(s, c), hi is the correct rounding when |lo| plus that bound stays under half the spacing of
    doubles around hi; the rows left (in practice, sums within a few ulps of a tie) are summed exactly.
    """
    rows, m = matrix.shape
    s = matrix[:, 0].copy()
    c = np.zeros(rows)
    inexact = np.zeros(rows, dtype=bool)
    magnitude = np.abs(s)
    for column in range(1, m):
        x = matrix[:, column]
        total = s + x
        virtual = total - s
        q = (s - (total - virtual)) + (x - virtual)
        s = total
        carried = c + q
        virtual = carried - c
        inexact |= ((c - (carried - virtual)) + (q - virtual)) != 0
        c = carried
        magnitude += np.abs(x)
    hi = s + c
    if not inexact.any():
        return hi
    virtual = hi - s
    lo = (s - (hi - virtual)) + (c - virtual)
    gamma = m * _UNIT_ROUNDOFF / (1 - m * _UNIT_ROUNDOFF)
    bound = gamma * gamma * magnitude * (1 + 4 * m * _UNIT_ROUNDOFF)
    spacing = np.minimum(hi - np.nextafter(hi, -np.inf), np.nextafter(hi, np.inf) - hi)
    unsure = inexact & ~(np.abs(lo) + bound < spacing / 2)
    for index in np.flatnonzero(unsure).tolist():
        hi[index] = rounded(sum(exact(value) for value in matrix[index].tolist()))
    return hi
