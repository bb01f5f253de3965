"""The community forecast against docs/forecasting.md's test vectors and a full-recompute reference."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forecasts.engine.aggregation import (
    EXTREMIZED_LOG_ODDS,
    GEOMETRIC_MEAN_OF_ODDS,
    MEAN,
    MEDIAN,
    METHODS,
    RECENCY_WEIGHTED_MEDIAN,
    aggregate,
    recency_weights,
    weighted_median,
)
from forecasts.engine.crowd_state import CommunityState
from forecasts.engine.series import Event, community_series, extend_series

DAY = 86400.0


def binary(*ps):
    return np.array([[1 - p, p] for p in ps])


@pytest.mark.parametrize(("ps", "expected"), [((0.2, 0.3, 0.4), 0.3), ((0.2, 0.3, 0.5, 0.4), 0.4)])
def test_recency_weighted_median_vectors(ps, expected):
    assert aggregate(binary(*ps))[1] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("method", "options", "expected"),
    [
        (MEAN, {}, 0.79),
        (MEDIAN, {}, 0.8),
        (GEOMETRIC_MEAN_OF_ODDS, {}, 0.8258),
        (EXTREMIZED_LOG_ODDS, {"extremizing": 1.5}, 0.91167),
    ],
)
def test_pooling_vectors(method, options, expected):
    value = aggregate(binary(0.6, 0.7, 0.8, 0.9, 0.95), method=method, **options)[1]
    assert round(value, len(str(expected)) - 2) == expected


def test_default_extremizing_is_root_three():
    ps = binary(0.6, 0.7, 0.8, 0.9, 0.95)
    mean_logit = np.mean([math.log(p / (1 - p)) for p in (0.6, 0.7, 0.8, 0.9, 0.95)])
    assert aggregate(ps, method=EXTREMIZED_LOG_ODDS)[1] == pytest.approx(1 / (1 + math.exp(-math.sqrt(3) * mean_logit)))


def test_five_day_withdrawal_example():
    # Alex 80% days 1–5, Bailey 60% days 1–3 then withdraws, Cedar 20% days 2–5 → 70, 60, 60, 50, 50.
    events = [
        Event(0, "alex", np.array([0.2, 0.8])),
        Event(0, "bailey", np.array([0.4, 0.6])),
        Event(DAY, "cedar", np.array([0.8, 0.2])),
        Event(3 * DAY, "bailey", None),
    ]
    series = community_series(events, opens_at=0, closes_at=5 * DAY)
    daily = []
    for day in range(5):
        point = [p for p in series if p.at <= day * DAY + 1][-1]
        daily.append(round(point.values[1] * 100))
    assert daily == [70, 60, 60, 50, 50]
    assert [p.forecaster_count for p in series] == [2, 3, 2]


def test_weights_are_one_for_two_forecasts_and_recent_ones_weigh_more():
    assert list(recency_weights(2)) == [1.0, 1.0]
    weights = recency_weights(5)
    assert weights[-1] == 1.0
    assert np.all(np.diff(weights) > 0)


def test_weighted_median_is_the_midpoint_on_an_exact_half():
    assert weighted_median(np.array([0.2, 0.8]), np.ones(2)) == pytest.approx(0.5)
    assert weighted_median(np.array([0.2, 0.4, 0.8]), np.ones(3)) == 0.4


def test_multiple_choice_is_per_option_then_renormalised():
    matrix = np.array([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3], [0.3, 0.3, 0.4]])
    for method in METHODS:
        result = aggregate(matrix, method=method)
        assert result.sum() == pytest.approx(1.0, abs=1e-12)
    median = np.median(matrix, axis=0)
    assert aggregate(matrix, method=MEDIAN) == pytest.approx(median / median.sum())


def test_forecasts_before_opening_count_from_the_opening_and_after_close_are_ignored():
    events = [Event(-5.0, "a", np.array([0.5, 0.5])), Event(10.0, "b", np.array([0.1, 0.9]))]
    series = community_series(events, opens_at=0.0, closes_at=10.0)
    assert [(p.at, p.forecaster_count) for p in series] == [(0.0, 1)]


def test_everyone_withdrawn_means_no_community_forecast():
    events = [Event(1.0, "a", np.array([0.5, 0.5])), Event(2.0, "a", None)]
    assert community_series(events)[-1].values is None


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="Unknown aggregation method"):
        aggregate(binary(0.5), method="mode")


def reference_series(events, method):
    """Recompute from scratch at every distinct time: the latest forecast per user, oldest first."""
    times = sorted({e.at for e in events})
    points = []
    for t in times:
        latest = {}
        for e in events:
            if e.at <= t:
                latest.pop(e.user, None)
                latest[e.user] = e.values
        standing = [v for v in latest.values() if v is not None]
        points.append((t, None if not standing else aggregate(np.stack(standing), method=method), len(standing)))
    return points


event_lists = st.lists(
    st.tuples(
        st.integers(0, 30),  # time
        st.sampled_from(["a", "b", "c", "d", "e"]),
        st.one_of(st.none(), st.floats(0.01, 0.99)),
    ),
    min_size=1,
    max_size=25,
)


def as_events(raw):
    ordered = sorted(enumerate(raw), key=lambda item: (item[1][0], item[0]))
    return [Event(float(t), user, None if p is None else np.array([1 - p, p])) for _, (t, user, p) in ordered]


@settings(max_examples=150, deadline=None)
@given(event_lists, st.sampled_from(METHODS), st.integers(0, 25))
def test_incremental_extension_equals_a_full_recompute(raw, method, split):
    events = as_events(raw)
    split = min(split, len(events))
    state = CommunityState()
    incremental = extend_series(state, events[:split], method=method)
    for point in extend_series(state, events[split:], method=method):
        if incremental and incremental[-1].at == point.at:
            incremental[-1] = point  # same instant: the later point replaces the earlier one, as in storage
        else:
            incremental.append(point)
    reference = reference_series(events, method)
    assert [(p.at, p.forecaster_count) for p in incremental] == [(t, n) for t, _, n in reference]
    for point, (_, values, _) in zip(incremental, reference, strict=True):
        if values is None:
            assert point.values is None
        else:
            assert np.allclose(point.values, values, atol=1e-12)


@given(st.lists(st.floats(0.001, 0.999), min_size=1, max_size=40))
def test_every_pooled_forecast_lies_within_the_forecasts(ps):
    matrix = binary(*ps)
    for method in (RECENCY_WEIGHTED_MEDIAN, MEAN, MEDIAN, GEOMETRIC_MEAN_OF_ODDS):
        assert min(ps) - 1e-12 <= aggregate(matrix, method=method)[1] <= max(ps) + 1e-12


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0.001, 0.999), min_size=1, max_size=70), st.sampled_from(METHODS), st.floats(0.5, 3.0))
def test_the_small_crowd_fast_path_equals_the_numpy_path(ps, method, extremizing):
    from forecasts.engine.aggregation import _aggregate_binary_small

    fast = _aggregate_binary_small(ps, method, extremizing)
    reference = aggregate(binary(*ps), method=method, extremizing=extremizing)[1]
    assert fast == pytest.approx(reference, abs=1e-12)


@given(st.integers(1, 40).flatmap(lambda n: st.lists(st.sampled_from([0.2, 0.4, 0.6]), min_size=n, max_size=n)))
def test_fast_path_agrees_on_ties_and_exact_halves(ps):
    from forecasts.engine.aggregation import _aggregate_binary_small

    for method in (RECENCY_WEIGHTED_MEDIAN, MEDIAN):
        assert _aggregate_binary_small(ps, method, 1.0) == pytest.approx(
            aggregate(binary(*ps), method=method)[1], abs=1e-12
        )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0.001, 0.999), min_size=1, max_size=64), st.floats(0.5, 3.0))
def test_all_methods_at_once_equal_each_method_alone(ps, extremizing):
    from forecasts.engine.aggregation import _aggregate_binary_small_all

    mean_logit = sum(math.log(p / (1 - p)) for p in ps) / len(ps)
    together = _aggregate_binary_small_all(ps, METHODS, extremizing, mean_logit)
    for method in METHODS:
        reference = aggregate(binary(*ps), method=method, extremizing=extremizing)[1]
        assert together[method] == pytest.approx(reference, abs=1e-12), method


@settings(max_examples=200, deadline=None)
@given(event_lists, st.integers(0, 5), st.integers(20, 40))
def test_the_binary_float_series_equals_the_general_series(raw, opens, closes):
    from forecasts.engine.series import binary_series, community_series_all_methods

    events = as_events(raw)
    general = community_series_all_methods(events, opens_at=float(opens), closes_at=float(closes))
    fast = binary_series(
        [(e.user, e.at, None if e.values is None else list(e.values)) for e in events],
        opens_at=float(opens),
        closes_at=float(closes),
    )
    assert [at for at, _ in fast] == [at for at, _ in general]
    for (_, values), (_, reference) in zip(fast, general, strict=True):
        if values is None:
            assert all(v is None for v in reference.values())
        else:
            assert values == pytest.approx([reference[m][1] for m in METHODS], abs=1e-12)


def test_the_binary_float_series_falls_back_to_numpy_for_large_crowds():
    from forecasts.engine.aggregation import SMALL_CROWD
    from forecasts.engine.series import binary_series

    ps = [0.01 + 0.98 * i / (SMALL_CROWD + 10) for i in range(SMALL_CROWD + 10)]
    series = binary_series([(i, float(i), [1 - p, p]) for i, p in enumerate(ps)])
    assert series[-1][1] == pytest.approx([aggregate(binary(*ps), method=m)[1] for m in METHODS], abs=1e-12)
