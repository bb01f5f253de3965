"""The community forecast as a series: a step per instant at which a forecast arrives or is withdrawn.

Built on CommunityState (crowd_state.py), which answers each step without replaying the history; a binary question
that never has more than SMALL_CROWD forecasters is computed for all its steps at once (small_crowd_series.py).
"""

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from forecasts.engine.aggregation import DEFAULT_EXTREMIZING, DEFAULT_METHOD, METHODS, SMALL_CROWD
from forecasts.engine.crowd_state import CommunityState, Values
from forecasts.engine.small_crowd_series import small_crowd_binary_series


@dataclass(frozen=True)
class Event:
    """A forecast (values) or a withdrawal (values None) by a user at a time (seconds since the epoch, UTC)."""

    at: float
    user: Hashable
    values: Values | None


class CrowdState(Protocol):
    """What a series steps through: CommunityState (probabilities) or DistributionState (CDFs)."""

    @property
    def forecaster_count(self) -> int: ...

    def apply(self, user: Hashable, values: Values | None) -> None: ...

    def aggregate_all(self, methods: Sequence[str], extremizing: float) -> dict[str, list[float] | None]: ...


# What a series records at each instant: the community vectors by method, with or without the forecaster count.
Snapshot = TypeVar("Snapshot")


@dataclass(frozen=True)
class CommunityPoint:
    at: float
    values: Sequence[float] | None  # option probabilities; None while nobody has a standing forecast
    forecaster_count: int


def _steps(
    state: CrowdState,
    events: Iterable[tuple[Hashable, float, Values | None]],
    *,
    opens_at: float | None,
    closes_at: float | None,
    snapshot: Callable[[], Snapshot],
) -> Iterator[tuple[float, Snapshot]]:
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


def _triples(events: Iterable[Event]) -> Iterator[tuple[Hashable, float, Values | None]]:
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
    state: CrowdState,
    events: Iterable[Event],
    *,
    opens_at: float | None = None,
    closes_at: float | None = None,
    methods: tuple[str, ...] = METHODS,
    extremizing: float = DEFAULT_EXTREMIZING,
) -> list[tuple[float, dict[str, list[float] | None], int]]:
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
) -> list[tuple[float, dict[str, list[float] | None]]]:
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


def community_series(events: Iterable[Event], **options: Any) -> list[CommunityPoint]:
    """The whole community-forecast series of a question, from its events in time order."""
    return extend_series(CommunityState(), events, **options)


BinaryEvents = Sequence[tuple[Hashable, float, Values | None]]
BinarySeries = list[tuple[float, tuple[float, ...] | None]]


def binary_series(
    events: BinaryEvents,
    *,
    opens_at: float | None = None,
    closes_at: float | None = None,
    methods: tuple[str, ...] = METHODS,
    extremizing: float = DEFAULT_EXTREMIZING,
) -> BinarySeries:
    """community_series_all_methods for a binary question, as (time, P(yes) per method) with plain floats.

    The same numbers without the per-step vectors and dictionaries, which is what an offline re-score of millions of
    forecasts spends its time on; a small crowd's steps are computed all at once.
    """
    if is_small_crowd(events):
        return small_crowd_binary_series(
            events, opens_at=opens_at, closes_at=closes_at, methods=methods, extremizing=extremizing
        )
    return stepwise_binary_series(
        events, opens_at=opens_at, closes_at=closes_at, methods=methods, extremizing=extremizing
    )


def is_small_crowd(events: BinaryEvents) -> bool:
    """True when no more than SMALL_CROWD users ever forecast, so every step takes the small-crowd formulas."""
    return len({event[0] for event in events}) <= SMALL_CROWD


def stepwise_binary_series(
    events: BinaryEvents,
    *,
    opens_at: float | None = None,
    closes_at: float | None = None,
    methods: tuple[str, ...] = METHODS,
    extremizing: float = DEFAULT_EXTREMIZING,
) -> BinarySeries:
    """binary_series by stepping one CommunityState through the events (any crowd size)."""
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
