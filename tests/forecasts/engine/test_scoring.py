"""Scores against docs/forecasting.md's test vectors, scikit-learn, brute-force references and proper-scoring properties."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, log_loss

from forecasts.engine.scoring import (
    DAY,
    ForecastEvents,
    QuestionWindow,
    baseline_score,
    brier,
    score_question,
    score_with_crowd,
)


def yes(p):
    return [1 - p, p]


def five_day(outcome=1):
    return QuestionWindow(
        opens_at=0.0, scheduled_close_at=5 * DAY, actual_close_at=5 * DAY, outcome=outcome, option_count=2
    )


def scores(rows, window):
    return score_with_crowd(rows, [], window)[0]


# --- test vectors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("p", "expected"), [(0.9, 0.02), (0.95, 0.005)])
def test_binary_two_sided_brier(p, expected):
    assert brier(np.array(yes(p)), 1) == pytest.approx(expected, abs=1e-12)


def test_multiple_choice_brier():
    assert brier(np.array([0.15, 0.45, 0.25, 0.15]), 2) == pytest.approx(0.81, abs=1e-12)


@pytest.mark.parametrize(("p", "expected"), [(0.9, 84.79969066), (0.1, -232.19280949)])
def test_baseline_vectors(p, expected):
    assert baseline_score(np.array([p]), 2)[0] == pytest.approx(expected, abs=1e-8)
    row = scores([("u", 0.0, yes(p))], five_day())["u"]
    assert row["baseline"] == pytest.approx(expected, abs=1e-8)
    assert row["coverage"] == 1.0


def test_five_day_baseline_example():
    # No forecast day 1, 40% day 2, 70% days 3–4, 80% day 5, resolves Yes → +26.5 averaged over the five days.
    rows = [("u", DAY, yes(0.4)), ("u", 2 * DAY, yes(0.7)), ("u", 4 * DAY, yes(0.8))]
    row = scores(rows, five_day())["u"]
    daily = [0, 100 * math.log2(0.8), 100 * math.log2(1.4), 100 * math.log2(1.4), 100 * math.log2(1.6)]
    assert [round(x, 1) for x in daily] == [0, -32.2, 48.5, 48.5, 67.8]
    assert row["baseline"] == pytest.approx(sum(daily) / 5, abs=1e-9)
    assert round(row["baseline"], 1) == 26.5
    assert row["coverage"] == pytest.approx(0.8)


def test_daily_brier_vector():
    # 0.9 standing at 3 snapshots, then 0.95 at 4, Yes → 0.0114.
    window = QuestionWindow(0.0, 7 * DAY, 7 * DAY, 1, 2)
    rows = [("u", 0.5 * DAY, yes(0.9)), ("u", 3.5 * DAY, yes(0.95))]
    row = scores(rows, window)["u"]
    assert row["daily_brier"] == pytest.approx((3 * 0.02 + 4 * 0.005) / 7, abs=1e-12)
    assert round(row["daily_brier"], 4) == 0.0114
    assert row["final_brier"] == pytest.approx(0.005)


def test_peer_two_forecasters():
    rows = [("low", 0.0, yes(0.1)), ("high", 0.0, yes(0.9))]
    result = scores(rows, five_day())
    assert round(result["low"]["peer"], 2) == -219.72
    assert round(result["high"]["peer"], 2) == 219.72


def test_peer_withdrawal_example():
    # Alex 80% days 1–5, Bailey 60% days 1–3 then withdraws, Cedar 20% days 2–5 → +94.7 / +10.5 / −105.1.
    rows = [("alex", 0.0, yes(0.8)), ("bailey", 0.0, yes(0.6)), ("bailey", 3 * DAY, None), ("cedar", DAY, yes(0.2))]
    result = scores(rows, five_day())
    assert [round(result[name]["peer"], 1) for name in ("alex", "bailey", "cedar")] == [94.7, 10.5, -105.1]
    assert result["bailey"]["final_brier"] is None  # nothing stood at the close
    assert result["bailey"]["coverage"] == pytest.approx(0.6)


# --- rules and edge cases ------------------------------------------------------------------------------------------


def test_a_lone_forecaster_has_no_relative_brier_and_zero_peer():
    row = scores([("u", 0.0, yes(0.7))], five_day())["u"]
    assert row["relative_brier"] is None
    assert row["peer"] == 0.0


def test_forecasts_at_or_after_the_actual_close_are_not_scored():
    window = QuestionWindow(0.0, 5 * DAY, 2 * DAY, 1, 2)  # retroactive close on day 2
    rows = [("early", 0.0, yes(0.6)), ("late", 2 * DAY, yes(0.99))]
    result = scores(rows, window)
    assert result["late"] == dict.fromkeys(result["late"], None) | {"coverage": 0.0}
    # Early resolution leaves the rest of the horizon at 0: truncation.
    assert result["early"]["baseline"] == pytest.approx(100 * math.log2(1.2) * 2 / 5)
    assert result["early"]["coverage"] == pytest.approx(0.4)


def test_forecast_before_opening_counts_from_the_opening():
    window = QuestionWindow(10 * DAY, 15 * DAY, 15 * DAY, 1, 2)
    row = scores([("u", 3 * DAY, yes(0.9))], window)["u"]
    assert row["coverage"] == 1.0
    assert row["baseline"] == pytest.approx(84.79969066)


def test_log_score_averages_over_covered_time_only():
    rows = [("u", 3 * DAY, yes(0.5)), ("u", 4 * DAY, yes(0.8))]
    row = scores(rows, five_day())["u"]
    assert row["log"] == pytest.approx((math.log(0.5) + math.log(0.8)) / 2)


def test_multiple_choice_question():
    window = QuestionWindow(0.0, 4 * DAY, 4 * DAY, 2, 3)
    rows = [("a", 0.0, [0.2, 0.3, 0.5]), ("b", 0.0, [0.5, 0.3, 0.2])]
    result = scores(rows, window)
    assert result["a"]["final_brier"] == pytest.approx(0.04 + 0.09 + 0.25)
    assert result["a"]["baseline"] == pytest.approx(100 * math.log(1.5) / math.log(3))
    assert result["a"]["peer"] == pytest.approx(100 * (math.log(0.5) - math.log(0.2)))
    assert result["a"]["peer"] + result["b"]["peer"] == pytest.approx(0.0, abs=1e-9)


def test_the_crowd_is_scored_like_one_more_forecaster():
    rows = [("a", 0.0, yes(0.8)), ("b", 0.0, yes(0.4))]
    users, crowd = score_with_crowd(rows, [(0.0, yes(0.6))], five_day())
    assert crowd["baseline"] == pytest.approx(100 * math.log2(1.2))
    # The crowd against the mean of both users' log scores; users' own peer scores ignore the crowd.
    assert crowd["peer"] == pytest.approx(100 * (math.log(0.6) - (math.log(0.8) + math.log(0.4)) / 2))
    assert users["a"]["peer"] == pytest.approx(100 * (math.log(0.8) - math.log(0.4)))
    # Median of the three Briers each day, crowd included.
    assert crowd["relative_brier"] == pytest.approx(2 * 0.4**2 - 2 * 0.4**2)


# --- independent references ----------------------------------------------------------------------------------------


def test_brier_and_log_agree_with_scikit_learn():
    rng = np.random.default_rng(7)
    p = rng.uniform(0.001, 0.999, size=500)
    y = rng.integers(0, 2, size=500)
    ours_brier, ours_log = [], []
    for probability, outcome in zip(p, y, strict=True):
        row = scores([("u", 0.0, yes(probability))], five_day(outcome=int(outcome)))["u"]
        ours_brier.append(row["final_brier"])
        ours_log.append(row["log"])
    assert np.mean(ours_brier) == pytest.approx(brier_score_loss(y, p, scale_by_half=False), abs=1e-9)
    assert -np.mean(ours_log) == pytest.approx(log_loss(y, p), abs=1e-9)


def test_multiple_choice_brier_agrees_with_scikit_learn():
    rng = np.random.default_rng(11)
    vectors = rng.dirichlet(np.ones(4), size=300)
    outcomes = rng.integers(0, 4, size=300)
    ours = np.mean([brier(v, int(o)) for v, o in zip(vectors, outcomes, strict=True)])
    assert ours == pytest.approx(
        brier_score_loss(outcomes, vectors, labels=[0, 1, 2, 3], scale_by_half=False), abs=1e-9
    )
    assert np.mean([-math.log(v[o]) for v, o in zip(vectors, outcomes, strict=True)]) == pytest.approx(
        log_loss(outcomes, vectors, labels=[0, 1, 2, 3]), abs=1e-9
    )


def brute_force(rows, window):
    """Instant by instant, on every breakpoint segment and every midnight: the definitions, written out."""
    users = sorted({r[0] for r in rows})
    ordered = sorted(enumerate(rows), key=lambda item: (item[1][1], item[0]))

    def standing_at(t, strictly_before):
        latest = {}
        for _, (user, at, values) in ordered:
            made = max(at, window.opens_at)
            if at >= window.actual_close_at:
                continue
            if (made < t) if strictly_before else (made <= t):
                latest[user] = values
        return {u: v for u, v in latest.items() if v is not None}

    cuts = sorted(
        {window.opens_at, window.actual_close_at}
        | {max(r[1], window.opens_at) for r in rows if r[1] < window.actual_close_at}
    )
    peer = dict.fromkeys(users, 0.0)
    for left, right in itertools.pairwise(cuts):
        standing = standing_at(left, strictly_before=False)
        logs = {u: math.log(v[window.outcome]) for u, v in standing.items()}
        for u, value in logs.items():
            if len(logs) > 1:
                others = [x for w, x in logs.items() if w != u]
                peer[u] += 100 * (value - sum(others) / len(others)) * (right - left)
    daily = {u: [] for u in users}
    relative = {u: [] for u in users}
    shared = dict.fromkeys(users, False)
    midnight = (math.floor(window.opens_at / DAY) + 1) * DAY
    while midnight <= window.actual_close_at:
        standing = standing_at(midnight, strictly_before=True)
        briers = {u: float(brier(np.array(v), window.outcome)) for u, v in standing.items()}
        if briers:
            median = float(np.median(list(briers.values())))
            for u, b in briers.items():
                daily[u].append(b)
                relative[u].append(b - median)
                shared[u] |= len(briers) > 1
        midnight += DAY
    return {
        u: {
            "peer": peer[u] / window.horizon,
            "daily_brier": np.mean(daily[u]) if daily[u] else None,
            "relative_brier": np.mean(relative[u]) if shared[u] else None,
        }
        for u in users
    }


histories = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d"]),
        st.integers(-2, 40).map(lambda quarter_days: quarter_days * DAY / 4 + 3600.0),
        st.one_of(st.none(), st.floats(0.01, 0.99)),
    ),
    min_size=1,
    max_size=18,
)


@settings(max_examples=120, deadline=None)
@given(histories, st.integers(0, 1), st.integers(4, 10))
def test_scores_match_a_brute_force_reference(raw, outcome, close_day):
    window = QuestionWindow(0.0, 10 * DAY, close_day * DAY, outcome, 2)
    rows = [(user, at, None if p is None else yes(p)) for user, at, p in raw]
    ours = scores(rows, window)
    reference = brute_force(rows, window)
    for user, expected in reference.items():
        for rule in ("peer", "daily_brier", "relative_brier"):
            if ours[user]["coverage"] == 0:
                continue
            if expected[rule] is None:
                assert ours[user][rule] is None, (user, rule)
            else:
                assert ours[user][rule] == pytest.approx(expected[rule], abs=1e-9), (user, rule)


@settings(max_examples=150, deadline=None)
@given(histories, st.integers(0, 1), st.integers(1, 10))
def test_peer_scores_sum_to_zero_at_every_instant(raw, outcome, close_day):
    # Summing to zero over any window (every actual close) means summing to zero at every instant.
    rows = [(user, at, None if p is None else yes(p)) for user, at, p in raw]
    for close in range(1, close_day + 1):
        window = QuestionWindow(0.0, 10 * DAY, close * DAY, outcome, 2)
        peers = [row["peer"] for row in scores(rows, window).values() if row["peer"] is not None]
        assert sum(peers) == pytest.approx(0.0, abs=1e-7)


@given(st.floats(0.02, 0.98), st.floats(-0.3, 0.3).filter(lambda d: abs(d) > 1e-3))
def test_brier_and_log_are_proper(truth, shift):
    report = min(max(truth + shift, 0.001), 0.999)

    def expected(score, p):
        return truth * score(p, 1) + (1 - truth) * score(p, 0)

    def brier_of(p, outcome):
        return float(brier(np.array(yes(p)), outcome))

    def log_of(p, outcome):
        return math.log(p if outcome else 1 - p)

    assert expected(brier_of, truth) < expected(brier_of, report)
    assert expected(log_of, truth) > expected(log_of, report)
    assert expected(lambda p, o: float(baseline_score(np.array([p if o else 1 - p]), 2)[0]), truth) > expected(
        lambda p, o: float(baseline_score(np.array([p if o else 1 - p]), 2)[0]), report
    )


def test_scoring_arrays_directly():
    events = ForecastEvents.from_rows([(0, 0.0, yes(0.7)), (1, 0.0, yes(0.2))], 2)
    result = score_question(events, five_day())
    assert list(result.users) == [0, 1]
    assert result.peer.sum() == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=120, deadline=None)
@given(histories, st.integers(0, 1), st.integers(2, 10))
def test_one_pass_crowd_scoring_equals_two_separate_passes(raw, outcome, close_day):
    """Users scored without the crowd, the crowd scored as a plain extra forecaster: the reference definition."""
    from forecasts.engine.series import Event, community_series

    window = QuestionWindow(0.0, 10 * DAY, close_day * DAY, outcome, 2)
    rows = [(user, at, None if p is None else yes(p)) for user, at, p in raw]
    labels = sorted({row[0] for row in rows})
    coded = [(labels.index(u), at, v) for u, at, v in rows]
    ordered = sorted(enumerate(coded), key=lambda item: (item[1][1], item[0]))
    series = community_series(
        [Event(at, u, None if v is None else np.array(v)) for _, (u, at, v) in ordered],
        opens_at=window.opens_at,
        closes_at=window.actual_close_at,
    )
    points = [(point.at, point.values) for point in series]
    users, crowd = score_with_crowd(rows, points, window)
    users_only = score_question(ForecastEvents.from_rows(coded, 2), window)
    crowd_code = len(labels)
    everyone = score_question(ForecastEvents.from_rows(coded + [(crowd_code, at, v) for at, v in points], 2), window)
    for code, label in enumerate(labels):
        for rule, value in users_only.row(code).items():
            assert users[label][rule] == (None if value is None else pytest.approx(value, abs=1e-9)), (label, rule)
    for rule, value in everyone.row(crowd_code).items():
        assert crowd[rule] == (None if value is None else pytest.approx(value, abs=1e-9)), rule
