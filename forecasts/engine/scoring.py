"""Scores per (user, question) from docs/forecasting.md, as pure functions of numpy and the standard library.

Conventions: a question has K options and every forecast is a probability vector over them (binary: [P(no),
P(yes)], so outcome index 1 is "yes"). Times are seconds since the epoch, UTC. A forecast stands from when it is
made (or the opening, if earlier) until the same user's next forecast or withdrawal, or the actual close; forecasts
made at or after the actual close are not scored.

Rules (names as stored):
- final_brier     two-sided Brier Σ_k (p_k − o_k)² (GJO, 0..2) of the forecast standing at the actual close.
- daily_brier     mean two-sided Brier over the UTC midnights in (open, actual close] at which the user had a
                  standing forecast (GJO/Cultivate); earlier midnights are not imputed.
- relative_brier  mean over those midnights of (own Brier − median Brier of everyone standing then).
- log             ln p_k* averaged over the time the user had a standing forecast.
- baseline        Metaculus baseline 100·ln(K·p_k*)/ln K, time-averaged over the scheduled horizon T (uncovered time
                  scores 0; an early close leaves the rest of T at 0).
- peer            Metaculus peer 100·(ln p_i − mean of the others' ln p), 0 when alone, time-averaged like baseline.
- coverage        covered time / T.

Each question is scored in O(F log F + S) for F forecasts and S (user, midnight) pairs: intervals are sorted once,
peer scores use prefix integrals over the breakpoints rather than a loop over the other forecasts, and the daily
snapshots are expanded with numpy.
"""

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

DAY = 86400.0
RULES = ("final_brier", "daily_brier", "relative_brier", "log", "baseline", "peer")
FIELDS = (*RULES, "coverage")


@dataclass(frozen=True)
class QuestionWindow:
    opens_at: float
    scheduled_close_at: float
    actual_close_at: float  # the retroactive close when one was set
    outcome: int  # index of the realised option (binary: 1 = yes)
    option_count: int

    @property
    def horizon(self) -> float:
        return self.scheduled_close_at - self.opens_at


@dataclass
class ForecastEvents:
    """A question's forecasts and withdrawals as parallel arrays, in any order.

    `values` has one row per event; a withdrawal's row is ignored (NaN is fine).
    """

    users: np.ndarray  # integer user codes
    times: np.ndarray  # float seconds
    values: np.ndarray  # (n, K)
    withdrawal: np.ndarray  # bool

    @classmethod
    def from_rows(
        cls, rows: Sequence[tuple[int, float, Sequence[float] | None]], option_count: int
    ) -> "ForecastEvents":
        n = len(rows)
        values = np.full((n, option_count), np.nan)
        withdrawal = np.zeros(n, dtype=bool)
        for index, (_, _, vector) in enumerate(rows):
            if vector is None:
                withdrawal[index] = True
            else:
                values[index] = vector
        return cls(
            users=np.fromiter((row[0] for row in rows), dtype=np.int64, count=n),
            times=np.fromiter((row[1] for row in rows), dtype=float, count=n),
            values=values,
            withdrawal=withdrawal,
        )


@dataclass
class Intervals:
    """Stretches of time during which one forecast stood, clipped to [open, actual close]."""

    users: np.ndarray
    start: np.ndarray
    end: np.ndarray
    values: np.ndarray  # (m, K)


def standing_intervals(events: ForecastEvents, window: QuestionWindow) -> Intervals:
    """The one rule for when a forecast stands; every score below builds on it."""
    n = len(events.times)
    if n == 0:
        empty = np.zeros(0)
        return Intervals(np.zeros(0, dtype=np.int64), empty, empty, np.zeros((0, window.option_count)))
    # Sort by user, then time, then arrival order (a later row at the same instant supersedes an earlier one).
    order = np.lexsort((np.arange(n), events.times, events.users))
    users = events.users[order]
    times = events.times[order]
    next_time = np.full(n, np.inf)
    same_user_next = users[1:] == users[:-1]
    next_time[:-1] = np.where(same_user_next, times[1:], np.inf)
    is_forecast = ~events.withdrawal[order] & (times < window.actual_close_at)
    start = np.maximum(times, window.opens_at)
    end = np.minimum(next_time, window.actual_close_at)
    keep = is_forecast & (end > start)
    return Intervals(users[keep], start[keep], end[keep], events.values[order][keep])


@dataclass
class QuestionScores:
    """Per user code: each rule's value (NaN where the rule does not apply) and the coverage."""

    users: np.ndarray
    final_brier: np.ndarray
    daily_brier: np.ndarray
    relative_brier: np.ndarray
    log: np.ndarray
    baseline: np.ndarray
    peer: np.ndarray
    coverage: np.ndarray

    def row(self, user: int) -> dict[str, float | None]:
        index = int(np.searchsorted(self.users, user))
        if index >= len(self.users) or self.users[index] != user:
            return dict.fromkeys((*RULES, "coverage"))
        return self.rows()[index]

    def rows(self) -> list[dict[str, float | None]]:
        """One {rule: value} per user, in `users` order, with None where a rule does not apply."""
        columns = [[None if value != value else value for value in getattr(self, rule).tolist()] for rule in FIELDS]
        return [dict(zip(FIELDS, values, strict=True)) for values in zip(*columns, strict=True)]


def brier(values: np.ndarray, outcome: int) -> np.ndarray:
    """Two-sided Brier Σ_k (p_k − o_k)² of each row (GJO's 0..2 scale)."""
    truth = np.zeros(values.shape[-1])
    truth[outcome] = 1.0
    return ((values - truth) ** 2).sum(axis=-1)


def baseline_score(p_realised: np.ndarray, option_count: int) -> np.ndarray:
    """Metaculus baseline: 100 · ln(K · p) / ln K (binary: 100 · log2(2p))."""
    return 100 * np.log(option_count * p_realised) / math.log(option_count)


def _safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _peer_integrals(intervals: Intervals, log_p: np.ndarray, in_pool: np.ndarray) -> np.ndarray:
    """Each interval's ∫ 100·(ln p_i − mean of the others' ln p) dt over the pool of forecasters.

    At an instant with N standing pool forecasts summing S = Σ ln p, a pool interval earns 100·(N·ln p_i − S)/(N−1)
    (0 while it stands alone): with g = N/(N−1) and h = S/(N−1) integrated over the breakpoints, that is
    100·(ln p_i·ΔG − ΔH), two prefix-sum lookups per interval instead of a loop over the others. An interval outside
    the pool (the crowd) is one more forecaster judged against the whole pool: 100·(ln p − S/N) while N ≥ 1.
    """
    breakpoints, inverse = np.unique(np.concatenate([intervals.start, intervals.end]), return_inverse=True)
    m = len(intervals.start)
    start_index, end_index = inverse[:m], inverse[m:]
    pool_log_p = np.where(in_pool, log_p, 0.0)
    count_delta = np.zeros(len(breakpoints))
    sum_delta = np.zeros(len(breakpoints))
    np.add.at(count_delta, start_index, in_pool.astype(float))
    np.add.at(count_delta, end_index, -in_pool.astype(float))
    np.add.at(sum_delta, start_index, pool_log_p)
    np.add.at(sum_delta, end_index, -pool_log_p)
    count = np.rint(np.cumsum(count_delta)[:-1])
    total = np.cumsum(sum_delta)[:-1]
    lengths = np.diff(breakpoints)

    def prefix(values: np.ndarray) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(values * lengths)])

    shared = count >= 2
    G = prefix(np.where(shared, count / np.where(shared, count - 1, 1), 0.0))
    H = prefix(np.where(shared, total / np.where(shared, count - 1, 1), 0.0))
    pool_part = log_p * (G[end_index] - G[start_index]) - (H[end_index] - H[start_index])
    if in_pool.all():
        return 100 * pool_part
    anyone = count >= 1
    A = prefix(anyone.astype(float))
    B = prefix(np.where(anyone, total / np.where(anyone, count, 1), 0.0))
    outside_part = log_p * (A[end_index] - A[start_index]) - (B[end_index] - B[start_index])
    return 100 * np.where(in_pool, pool_part, outside_part)


def _daily_snapshots(window: QuestionWindow) -> np.ndarray:
    first_day = math.floor(window.opens_at / DAY) + 1
    last_day = math.floor(window.actual_close_at / DAY)
    return np.arange(first_day, last_day + 1, dtype=float) * DAY


def _snapshot_medians(snapshot: np.ndarray, score: np.ndarray, snapshot_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Median Brier at each snapshot and how many stood there: sort by (snapshot, Brier), take each group's middle."""
    order = np.lexsort((score, snapshot))
    sorted_scores = score[order]
    group_size = np.bincount(snapshot, minlength=snapshot_count)
    group_start = np.concatenate([[0], np.cumsum(group_size)[:-1]])
    occupied = group_size > 0
    median = np.full(snapshot_count, np.nan)
    low = group_start[occupied] + (group_size[occupied] - 1) // 2
    high = group_start[occupied] + group_size[occupied] // 2
    median[occupied] = (sorted_scores[low] + sorted_scores[high]) / 2
    return median, group_size


def _daily_and_relative(
    intervals: Intervals, briers: np.ndarray, window: QuestionWindow, user_count: int, in_pool: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    snapshots = _daily_snapshots(window)
    nan = np.full(user_count, np.nan)
    if len(snapshots) == 0 or len(briers) == 0:
        return nan, nan.copy()
    # A forecast stands at midnight t when it was made before t and not replaced or withdrawn before t.
    first = np.searchsorted(snapshots, intervals.start, side="right")
    last = np.searchsorted(snapshots, intervals.end, side="right") - 1
    counts = np.maximum(last - first + 1, 0)
    total = int(counts.sum())
    if total == 0:
        return nan, nan.copy()
    owner = np.repeat(np.arange(len(counts)), counts)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    snapshot = first[owner] + (np.arange(total) - offsets[owner])
    user = intervals.users[owner]
    score = briers[owner]
    pool_entry = in_pool[owner]
    per_user_count = np.bincount(user, minlength=user_count).astype(float)
    daily = _safe_divide(np.bincount(user, weights=score, minlength=user_count), per_user_count)
    # Pool members are compared with the pool; anyone outside it (the crowd) with everyone, itself included.
    pool_median, pool_size = _snapshot_medians(snapshot[pool_entry], score[pool_entry], len(snapshots))
    if pool_entry.all():
        median, size = pool_median[snapshot], pool_size[snapshot]
    else:
        all_median, all_size = _snapshot_medians(snapshot, score, len(snapshots))
        median = np.where(pool_entry, pool_median[snapshot], all_median[snapshot])
        size = np.where(pool_entry, pool_size[snapshot], all_size[snapshot])
    relative = _safe_divide(np.bincount(user, weights=score - median, minlength=user_count), per_user_count)
    shared_any = np.bincount(user, weights=(size >= 2).astype(float), minlength=user_count) > 0
    relative[~shared_any] = np.nan
    return daily, relative


def score_question(
    events: ForecastEvents, window: QuestionWindow, *, outside_pool: int | None = None
) -> QuestionScores:
    """Every rule for every user with an event on the question (users who never stood get NaN and 0 coverage).

    `outside_pool` names a user (the crowd) scored as one more forecaster against all the others while the others'
    peer and relative Brier ignore it.
    """
    users, codes = np.unique(events.users, return_inverse=True)
    user_count = len(users)
    compact = ForecastEvents(codes.astype(np.int64), events.times, events.values, events.withdrawal)
    intervals = standing_intervals(compact, window)
    outside_code = -1 if outside_pool is None else int(np.searchsorted(users, outside_pool))
    in_pool = intervals.users != outside_code
    p_realised = intervals.values[:, window.outcome] if len(intervals.users) else np.zeros(0)
    log_p = np.log(p_realised)
    briers = brier(intervals.values, window.outcome) if len(intervals.users) else np.zeros(0)
    durations = intervals.end - intervals.start
    horizon = window.horizon

    covered = np.bincount(intervals.users, weights=durations, minlength=user_count)
    log_score = _safe_divide(np.bincount(intervals.users, weights=log_p * durations, minlength=user_count), covered)
    baseline = (
        np.bincount(
            intervals.users, weights=baseline_score(p_realised, window.option_count) * durations, minlength=user_count
        )
        / horizon
    )
    peer = (
        np.bincount(intervals.users, weights=_peer_integrals(intervals, log_p, in_pool), minlength=user_count) / horizon
        if len(intervals.users)
        else np.zeros(user_count)
    )
    final_brier = np.full(user_count, np.nan)
    standing_at_close = intervals.end == window.actual_close_at
    final_brier[intervals.users[standing_at_close]] = briers[standing_at_close]
    daily, relative = _daily_and_relative(intervals, briers, window, user_count, in_pool)
    never_covered = covered == 0
    baseline[never_covered] = np.nan
    peer[never_covered] = np.nan
    return QuestionScores(
        users=users,
        final_brier=final_brier,
        daily_brier=daily,
        relative_brier=relative,
        log=log_score,
        baseline=baseline,
        peer=peer,
        coverage=covered / horizon,
    )


def crowd_events(
    points: Sequence[tuple[float, Sequence[float] | None]], crowd_user: int
) -> list[tuple[int, float, Sequence[float] | None]]:
    """The community forecast's steps as a pseudo-user's forecasts (None: nobody stood, a withdrawal)."""
    return [(crowd_user, at, values) for at, values in points]


def score_with_crowd(
    user_rows: Sequence[tuple[Hashable, float, Sequence[float] | None]],
    crowd_points: Sequence[tuple[float, Sequence[float] | None]],
    window: QuestionWindow,
) -> tuple[dict[Hashable, dict[str, float | None]], dict[str, float | None]]:
    """Score every user, and the crowd as a pseudo-user judged against the same users.

    The crowd's peer score compares it with all users and its relative Brier takes the median with the crowd
    included, exactly as if it were one more forecaster; users' own scores do not count the crowd.
    Returns ({user: {rule: value}}, crowd row).
    """
    labels = sorted({row[0] for row in user_rows}, key=str)
    code_of = {label: code for code, label in enumerate(labels)}
    coded = [(code_of[user], at, values) for user, at, values in user_rows]
    crowd = crowd_events(crowd_points, len(labels))
    rows = score_coded_with_crowd(
        ForecastEvents.from_rows(coded, window.option_count),
        len(labels),
        ForecastEvents.from_rows(crowd, window.option_count),
        window,
    )
    return dict(zip(labels, rows, strict=False)), rows[len(labels)]


def score_coded_with_crowd(
    users: ForecastEvents, label_count: int, crowd: ForecastEvents, window: QuestionWindow
) -> list[dict[str, float | None]]:
    """score_with_crowd on events already coded: users 0..label_count − 1 (every code has an event) and the crowd's
    steps, whose codes are ignored (it is scored as code label_count). One row per code, the crowd's last."""
    events = ForecastEvents(
        users=np.concatenate([users.users, np.full(len(crowd.times), label_count, dtype=np.int64)]),
        times=np.concatenate([users.times, crowd.times]),
        values=np.concatenate([users.values, crowd.values]),
        withdrawal=np.concatenate([users.withdrawal, crowd.withdrawal]),
    )
    scores = score_question(events, window, outside_pool=label_count)
    if len(scores.users) == label_count + 1:
        return scores.rows()
    return [scores.row(code) for code in range(label_count + 1)]
