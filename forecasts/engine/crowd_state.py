"""The standing forecasts of a question's crowd, kept so that each new forecast updates the community forecast cheaply.

Rules (docs/forecasting.md, "Aggregates"; formulas in aggregation.py) are those of `aggregate`; this module only keeps
what they need between steps:
- each forecaster's standing vector and recency rank (0 = the oldest standing forecast);
- per option, the standing probabilities in ascending order (equal values oldest first), each with its rank, so the
  median is an index and the recency-weighted median one cumulative sum over ranks that never needs a sort;
- per option, the exact sums of p and of logit p as integers in units of 2⁻¹⁰⁷⁴ (every double is a whole number
  of those), so the mean and both log-odds pools are O(1), correctly rounded, and do not depend on the order the
  forecasts arrived in.

Costs per step with S standing forecasts: mean, median and the log-odds pools O(log S) (a binary search and O(1)
arithmetic); the recency-weighted median O(S), vectorised with no sort: its weights depend on each forecast's rank,
and a withdrawal or an update shifts the rank of every newer forecast, so no tree of partial sums stays exact.

Small crowds (≤ SMALL_CROWD standing) of binary questions keep the plain-Python formulas of
`aggregation._aggregate_binary_small_all`, bit for bit, so the stored and exported series do not change.
"""

import functools
import math
from collections.abc import Hashable, Iterable, Sequence

import numpy as np

from forecasts.engine.aggregation import (
    EXTREMIZED_LOG_ODDS,
    GEOMETRIC_MEAN_OF_ODDS,
    MEAN,
    MEDIAN,
    METHODS,
    RECENCY_WEIGHTED_MEDIAN,
    SMALL_CROWD,
    _aggregate_binary_small_all,
    weighted_median_of_sorted,
)

# A forecast's option probabilities, as a list or an array.
Values = Sequence[float] | np.ndarray

# Every finite double is a multiple of 2⁻¹⁰⁷⁴, so sums of them kept as integers in that unit are exact.
EXACT_UNIT_BITS = 1074
EXACT_UNIT = 1 << EXACT_UNIT_BITS


def exact(value: float) -> int:
    """`value` as a whole number of 2⁻¹⁰⁷⁴ units, exactly."""
    numerator, denominator = value.as_integer_ratio()
    return numerator << (EXACT_UNIT_BITS - denominator.bit_length() + 1)


def rounded(total: int) -> float:
    """An exact sum back to the nearest double (Python's int division is correctly rounded, ties to even)."""
    return total / EXACT_UNIT


def logit(p: float) -> float:
    return math.log(p) - math.log1p(-p)


def expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


class _SqrtTable:
    """√k for k = 1, 2, …, grown by doubling and shared: recency weights for n forecasts are exp(√k − √n)."""

    values = np.sqrt(np.arange(1, 1025, dtype=float))

    @classmethod
    def first(cls, n: int) -> np.ndarray:
        if n > len(cls.values):
            size = len(cls.values)
            while size < n:
                size *= 2
            cls.values = np.sqrt(np.arange(1, size + 1, dtype=float))
        return cls.values[:n]


@functools.lru_cache(maxsize=8)
def recency_weight_table(n: int) -> np.ndarray:
    """aggregation.recency_weights(n), the same doubles, from the shared √k table; indexed by recency rank."""
    if n <= 2:
        return np.ones(n)
    table = np.exp(_SqrtTable.first(n) - math.sqrt(n))
    table.flags.writeable = False
    return table


class OptionColumn:
    """One option's standing probabilities in ascending order (equal values oldest first) with their recency ranks."""

    __slots__ = ("logit_sum", "p_sum", "ranks", "size", "values")

    def __init__(self, capacity: int = 16) -> None:
        self.values = np.empty(capacity)
        self.ranks = np.empty(capacity, dtype=np.int64)
        self.size = 0
        self.p_sum = 0
        self.logit_sum = 0

    def add_newest(self, p: float, p_exact: int, logit_exact: int) -> None:
        """A forecast newer than every standing one: its rank is the current count."""
        n = self.size
        if n == len(self.values):
            self.values = np.concatenate([self.values, np.empty(n)])
            self.ranks = np.concatenate([self.ranks, np.empty(n, dtype=np.int64)])
        index = int(np.searchsorted(self.values[:n], p, side="right"))
        if index < n:
            self.values[index + 1 : n + 1] = self.values[index:n]
            self.ranks[index + 1 : n + 1] = self.ranks[index:n]
        self.values[index] = p
        self.ranks[index] = n
        self.size = n + 1
        self.p_sum += p_exact
        self.logit_sum += logit_exact

    def remove(self, p: float, rank: int, p_exact: int, logit_exact: int) -> None:
        """Remove the forecast of this value and rank; every newer forecast moves one rank down."""
        n = self.size
        values = self.values[:n]
        low = int(np.searchsorted(values, p, side="left"))
        high = int(np.searchsorted(values, p, side="right"))
        # Equal values sit oldest first, so ranks rise within the run and a binary search finds this one.
        index = low + int(np.searchsorted(self.ranks[low:high], rank))
        self.values[index : n - 1] = self.values[index + 1 : n]
        self.ranks[index : n - 1] = self.ranks[index + 1 : n]
        self.size = n - 1
        ranks = self.ranks[: n - 1]
        ranks -= ranks > rank
        self.p_sum -= p_exact
        self.logit_sum -= logit_exact

    def mean(self) -> float:
        return rounded(self.p_sum) / self.size

    def mean_logit(self) -> float:
        return rounded(self.logit_sum) / self.size

    def median(self) -> float:
        n = self.size
        middle = n // 2
        upper = float(self.values[middle])
        return upper if n % 2 else (float(self.values[middle - 1]) + upper) / 2

    def recency_weighted_median(self) -> float:
        n = self.size
        return weighted_median_of_sorted(self.values[:n], recency_weight_table(n)[self.ranks[:n]])

    def pooled(self, method: str, extremizing: float) -> float:
        if method == RECENCY_WEIGHTED_MEDIAN:
            return self.recency_weighted_median()
        if method == MEDIAN:
            return self.median()
        if method == MEAN:
            return self.mean()
        if method == GEOMETRIC_MEAN_OF_ODDS:
            return expit(self.mean_logit())
        if method == EXTREMIZED_LOG_ODDS:
            return expit(extremizing * self.mean_logit())
        raise ValueError(f"Unknown aggregation method {method!r}; expected one of {', '.join(METHODS)}.")


class _Standing:
    """One forecaster's standing forecast: its vector, when it became standing (sequence), exact sums per option."""

    __slots__ = ("exact_logit", "exact_p", "sequence", "values")

    def __init__(self, values: Values, sequence: int) -> None:
        self.values = [float(v) for v in values]
        self.sequence = sequence
        # Binary questions keep P(yes) alone in their column, so P(no) needs no exact sums.
        columns = range(1, 2) if len(self.values) == 2 else range(len(self.values))
        self.exact_p = {option: exact(self.values[option]) for option in columns}
        self.exact_logit = {option: exact(logit(self.values[option])) for option in columns}


class CommunityState:
    """Each user's latest standing forecast, in the order those forecasts were made (oldest first), with what every
    aggregation method needs to answer for the current crowd without rereading or sorting it."""

    def __init__(self, standing: Iterable[tuple[Hashable, Sequence[float]]] = ()) -> None:
        self._standing: dict[Hashable, _Standing] = {}
        self._columns: list[OptionColumn] = []
        self._option_count: int | None = None
        # Sequences of the standing forecasts in ascending order: a forecast's recency rank is its index here.
        self._sequences = np.empty(16, dtype=np.int64)
        self._next_sequence = 0
        # Binary questions: each standing P(yes), oldest first, for the small-crowd formulas.
        self._yes: dict[Hashable, float] = {}
        for user, values in standing:
            self.apply(user, values)

    @classmethod
    def from_standing(cls, standing: Sequence[tuple[Hashable, Sequence[float]]]) -> "CommunityState":
        """The state of these standing forecasts (oldest first), built with one sort per option instead of one
        insertion per forecast: what a worker does when it first meets a question with a large crowd."""
        state = cls()
        if not standing:
            return state
        option_count = len(standing[0][1])
        state._option_count = option_count
        options = range(1, 2) if option_count == 2 else range(option_count)
        n = len(standing)
        capacity = max(16, 1 << (n - 1).bit_length())
        state._sequences = np.zeros(capacity, dtype=np.int64)
        state._sequences[:n] = np.arange(n)
        state._next_sequence = n
        for sequence, (user, values) in enumerate(standing):
            if user in state._standing:
                raise ValueError(f"User {user!r} stands twice.")
            entry = _Standing(values, sequence)
            state._standing[user] = entry
            if option_count == 2:
                state._yes[user] = entry.values[1]
        entries = list(state._standing.values())
        for option in options:
            column = OptionColumn(capacity)
            column_values = np.array([entry.values[option] for entry in entries])
            order = np.argsort(column_values, kind="stable")  # equal values stay oldest first
            column.values[:n] = column_values[order]
            column.ranks[:n] = order
            column.size = n
            column.p_sum = sum(entry.exact_p[option] for entry in entries)
            column.logit_sum = sum(entry.exact_logit[option] for entry in entries)
            state._columns.append(column)
        return state

    @property
    def forecaster_count(self) -> int:
        return len(self._standing)

    @property
    def is_binary(self) -> bool:
        return self._option_count == 2

    def apply(self, user: Hashable, values: Values | None) -> None:
        """A new forecast makes the user the newest standing forecaster; None (a withdrawal) removes them."""
        previous = self._standing.pop(user, None)
        if previous is not None:
            self._remove(user, previous)
        if values is not None:
            self._add(user, values)

    def _add(self, user: Hashable, values: Values) -> None:
        if self._option_count is None:
            self._option_count = len(values)
            self._columns = [OptionColumn() for _ in range(1 if len(values) == 2 else len(values))]
        standing = _Standing(values, self._next_sequence)
        self._next_sequence += 1
        n = len(self._standing)
        if n == len(self._sequences):
            self._sequences = np.concatenate([self._sequences, np.empty(n, dtype=np.int64)])
        self._sequences[n] = standing.sequence
        self._standing[user] = standing
        for column, option in zip(self._columns, self._column_options(), strict=True):
            column.add_newest(standing.values[option], standing.exact_p[option], standing.exact_logit[option])
        if self.is_binary:
            self._yes[user] = standing.values[1]

    def _remove(self, user: Hashable, standing: _Standing) -> None:
        n = len(self._standing) + 1  # the user was popped already
        rank = int(np.searchsorted(self._sequences[:n], standing.sequence))
        self._sequences[rank : n - 1] = self._sequences[rank + 1 : n]
        for column, option in zip(self._columns, self._column_options(), strict=True):
            column.remove(standing.values[option], rank, standing.exact_p[option], standing.exact_logit[option])
        self._yes.pop(user, None)

    def _column_options(self) -> range:
        """The option each column holds: P(yes) alone for binary questions, every option otherwise."""
        return range(1, 2) if self.is_binary else range(self._option_count or 0)

    def binary_yes(self, methods: Sequence[str], extremizing: float) -> tuple[float, ...] | None:
        """P(yes) by each method for a binary question; None while nobody has a standing forecast."""
        n = len(self._standing)
        if n == 0:
            return None
        if n <= SMALL_CROWD:
            mean_logit = rounded(self._columns[0].logit_sum) / n
            values = _aggregate_binary_small_all(list(self._yes.values()), methods, extremizing, mean_logit)
            return tuple(values[method] for method in methods)
        column = self._columns[0]
        return tuple(column.pooled(method, extremizing) for method in methods)

    def aggregate_all(self, methods: Sequence[str], extremizing: float) -> dict[str, list[float] | None]:
        """Every method's community vector for the current standing forecasts."""
        if not self._standing:
            return dict.fromkeys(methods)
        yes_by_method = self.binary_yes(methods, extremizing) if self.is_binary else None
        if yes_by_method is not None:
            return {m: [1 - yes, yes] for m, yes in zip(methods, yes_by_method, strict=True)}
        result: dict[str, list[float] | None] = {}
        for method in methods:
            combined = np.array([column.pooled(method, extremizing) for column in self._columns])
            result[method] = (combined / combined.sum()).tolist()
        return result

    def standing_in_recency_order(self) -> list[tuple[Hashable, list[float]]]:
        """(user, vector) of every standing forecast, oldest first: what a rebuild of this state starts from."""
        return [(user, standing.values) for user, standing in self._standing.items()]
