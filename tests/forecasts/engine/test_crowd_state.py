"""The incremental crowd state and the batched small-crowd series against the reference formulas.

References: `aggregate` (numpy, from a matrix of the standing forecasts oldest first), the small-crowd formulas
(`_aggregate_binary_small_all` with an fsum of logits), math.fsum for correctly rounded sums, and the state rebuilt
from scratch from its standing forecasts (history must not matter).
"""

import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecasts.engine.aggregation import (
    MEDIAN,
    METHODS,
    RECENCY_WEIGHTED_MEDIAN,
    SMALL_CROWD,
    _aggregate_binary_small_all,
    aggregate,
    recency_weights,
)
from forecasts.engine.crowd_state import CommunityState, exact, logit, recency_weight_table, rounded
from forecasts.engine.series import binary_series, is_small_crowd, stepwise_binary_series
from forecasts.engine.small_crowd_series import _correctly_rounded_row_sums, small_crowd_binary_series_batch

probabilities = st.floats(0.001, 0.999)
# A few round values make ties in value, which the medians must order oldest first.
round_probabilities = st.sampled_from([0.1, 0.25, 0.3, 0.5, 0.7, 0.75, 0.9])
any_probability = st.one_of(probabilities, round_probabilities)


@settings(max_examples=300)
@given(st.lists(st.floats(-1e6, 1e6, allow_subnormal=True), max_size=40))
def test_exact_sums_round_like_fsum(values):
    assert rounded(sum(exact(v) for v in values)) == math.fsum(values)


@pytest.mark.parametrize("n", [1, 2, 3, 64, 65, 1000, 4097])
def test_the_shared_weight_table_is_the_reference_weights(n):
    assert np.array_equal(recency_weight_table(n), recency_weights(n))


def operations(draw_users: int, max_size: int):
    return st.lists(st.tuples(st.integers(0, draw_users - 1), st.one_of(st.none(), any_probability)), max_size=max_size)


def reference_binary(state: CommunityState, methods, extremizing):
    """What the state must answer: the small-crowd formulas up to SMALL_CROWD, `aggregate` beyond."""
    standing = state.standing_in_recency_order()
    ps = [values[1] for _, values in standing]
    if len(ps) <= SMALL_CROWD:
        mean_logit = math.fsum(logit(p) for p in ps) / len(ps)
        values = _aggregate_binary_small_all(ps, methods, extremizing, mean_logit)
        return tuple(values[m] for m in methods)
    matrix = np.array([values for _, values in standing])
    return tuple(float(aggregate(matrix, method=m, extremizing=extremizing)[1]) for m in methods)


def check_binary_state(state: CommunityState, extremizing: float = math.sqrt(3)) -> None:
    if state.forecaster_count == 0:
        assert state.binary_yes(METHODS, extremizing) is None
        return
    got = state.binary_yes(METHODS, extremizing)
    expected = reference_binary(state, METHODS, extremizing)
    for method, value, reference in zip(METHODS, got, expected, strict=True):
        if state.forecaster_count <= SMALL_CROWD or method in (MEDIAN, RECENCY_WEIGHTED_MEDIAN):
            assert value == reference, method  # the same formulas, bit for bit
        else:
            assert value == pytest.approx(reference, rel=1e-13, abs=1e-15), method  # exact sums vs numpy's
    rebuilt = CommunityState(state.standing_in_recency_order())
    assert rebuilt.binary_yes(METHODS, extremizing) == got  # history does not matter, bit for bit


@settings(max_examples=150, deadline=None)
@given(operations(draw_users=90, max_size=160), st.integers(0, 2**32 - 1))
def test_binary_state_answers_like_the_references_through_any_history(ops, seed):
    state = CommunityState()
    # Start from a crowd around SMALL_CROWD so the history crosses it both ways.
    rng = random.Random(seed)
    for user in range(rng.randint(0, 80)):
        state.apply(("seed", user), [0.5, 0.5] if user % 7 == 0 else [1 - (p := rng.uniform(0.01, 0.99)), p])
    for index, (user, p) in enumerate(ops):
        state.apply(user, None if p is None else [1 - p, p])
        if index % 7 == 0:
            check_binary_state(state)
    check_binary_state(state)


def test_a_large_crowd_with_many_ties_and_withdrawals():
    rng = random.Random(7)
    state = CommunityState()
    for step in range(3000):
        user = rng.randrange(400)
        p = rng.choice([0.2, 0.4, 0.5, 0.6, rng.uniform(0.001, 0.999)])
        state.apply(user, None if rng.random() < 0.1 else [1 - p, p])
        if step % 250 == 0:
            check_binary_state(state)
    assert state.forecaster_count > SMALL_CROWD
    check_binary_state(state)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(3, 4).flatmap(
        lambda k: st.lists(
            st.tuples(st.integers(0, 79), st.one_of(st.none(), st.lists(st.floats(0.05, 1.0), min_size=k, max_size=k))),
            max_size=120,
        )
    )
)
def test_multiple_choice_state_answers_like_aggregate(ops):
    state = CommunityState()
    for user, weights in ops:
        state.apply(user, None if weights is None else [w / sum(weights) for w in weights])
    # Normalised vectors can fall just outside [0.001, 0.999] only for extreme weights; the bounds here prevent it.
    standing = state.standing_in_recency_order()
    result = state.aggregate_all(METHODS, math.sqrt(3))
    if not standing:
        assert all(value is None for value in result.values())
        return
    matrix = np.array([values for _, values in standing])
    for method in METHODS:
        assert result[method] == pytest.approx(aggregate(matrix, method=method), rel=1e-12, abs=1e-15), method
        assert sum(result[method]) == pytest.approx(1.0, abs=1e-12)
    assert CommunityState(standing).aggregate_all(METHODS, math.sqrt(3)) == result


small_crowd_events = st.lists(
    st.tuples(
        st.integers(0, 40),  # time: repeats make several events one step
        st.integers(0, SMALL_CROWD - 1),
        st.one_of(st.none(), any_probability),
    ),
    min_size=0,
    max_size=120,
)


def as_binary_events(raw):
    ordered = sorted(enumerate(raw), key=lambda item: (item[1][0], item[0]))
    return [(user, float(t), None if p is None else [1 - p, p]) for _, (t, user, p) in ordered]


@settings(max_examples=200, deadline=None)
@given(st.lists(small_crowd_events, min_size=1, max_size=6), st.integers(0, 10), st.integers(15, 45), st.floats(0.5, 3))
def test_the_batched_small_crowd_series_equals_the_stepwise_series_bit_for_bit(batch, opens, closes, extremizing):
    questions = [(as_binary_events(raw), float(opens), float(closes)) for raw in batch]
    together = small_crowd_binary_series_batch(questions, methods=METHODS, extremizing=extremizing)
    for (events, opens_at, closes_at), series in zip(questions, together, strict=True):
        stepwise = stepwise_binary_series(
            events, opens_at=opens_at, closes_at=closes_at, methods=METHODS, extremizing=extremizing
        )
        assert series == stepwise


def test_the_batch_handles_many_blocks_and_questions_without_events():
    rng = random.Random(3)
    questions = []
    for index in range(30):
        events, t = [], 0.0
        for _ in range(rng.randint(0, 900)):
            t += rng.choice([0.0, 1.0, 2.5])
            p = round(rng.uniform(0.001, 0.999), 3)
            events.append((rng.randrange(SMALL_CROWD), t, None if rng.random() < 0.05 else [1 - p, p]))
        questions.append((events, 3.0 if index % 2 else None, None if index % 3 else t / 2))
    import forecasts.engine.small_crowd_series as module

    original = module.BLOCK_ROWS
    module.BLOCK_ROWS = 100  # blocks end inside questions: the forward fill must carry over correctly
    try:
        together = small_crowd_binary_series_batch(questions, methods=METHODS, extremizing=1.5)
    finally:
        module.BLOCK_ROWS = original
    for (events, opens_at, closes_at), series in zip(questions, together, strict=True):
        assert series == stepwise_binary_series(
            events, opens_at=opens_at, closes_at=closes_at, methods=METHODS, extremizing=1.5
        )


def test_binary_series_takes_the_stepwise_path_for_large_crowds():
    events = [(user, float(user), [0.3, 0.7]) for user in range(SMALL_CROWD + 1)]
    assert not is_small_crowd(events)
    assert binary_series(events) == stepwise_binary_series(events)
    assert is_small_crowd(events[:SMALL_CROWD])


@settings(max_examples=300)
@given(st.lists(st.lists(st.floats(-50, 50), min_size=1, max_size=64), min_size=1, max_size=20))
def test_row_sums_are_correctly_rounded(rows):
    width = max(len(row) for row in rows)
    matrix = np.array([row + [0.0] * (width - len(row)) for row in rows])
    assert _correctly_rounded_row_sums(matrix).tolist() == [math.fsum(row) for row in rows]


def test_row_sums_settle_cancellation_and_ties_exactly():
    rows = [
        [1e16, 1.0, -1e16, 0.0],
        [0.1] * 4,
        [1.0, 2.0**-53, 0.0, 0.0],  # an exact tie between two doubles: to even
        [1.0, 2.0**-53, 2.0**-60, 0.0],  # just past the tie
        [logit(0.3), logit(0.7), 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0],
    ]
    assert _correctly_rounded_row_sums(np.array(rows)).tolist() == [math.fsum(row) for row in rows]


@settings(max_examples=100, deadline=None)
@given(operations(draw_users=120, max_size=200))
def test_a_state_built_in_bulk_equals_one_built_forecast_by_forecast(ops):
    state = CommunityState()
    for user, p in ops:
        state.apply(user, None if p is None else [1 - p, p])
    bulk = CommunityState.from_standing(state.standing_in_recency_order())
    assert bulk.binary_yes(METHODS, 1.5) == state.binary_yes(METHODS, 1.5)
    # It keeps working as a state: the same next forecasts give the same answers.
    for user, p in ops[:20]:
        state.apply(user, [0.5, 0.5] if p is None else [p, 1 - p])
        bulk.apply(user, [0.5, 0.5] if p is None else [p, 1 - p])
        assert bulk.binary_yes(METHODS, 1.5) == state.binary_yes(METHODS, 1.5)
    check_binary_state(bulk)


def test_a_multiple_choice_state_built_in_bulk():
    rng = random.Random(11)
    state = CommunityState()
    for _ in range(300):
        weights = [rng.randint(1, 9) for _ in range(3)]
        state.apply(rng.randrange(90), [w / sum(weights) for w in weights])
    bulk = CommunityState.from_standing(state.standing_in_recency_order())
    assert bulk.aggregate_all(METHODS, 1.7) == state.aggregate_all(METHODS, 1.7)
