"""The community distribution of a numeric or date question as a crowd state (the interface CommunityState offers
series.py): each forecaster's standing CDF, oldest first, and their recency-weighted mean (continuous.community_cdf,
Metaculus' "recency weighted" aggregation for continuous questions).

A step costs one weighted mean over the standing CDFs (n × 201 numbers, microseconds to a few milliseconds for
thousands of forecasters); the state is what lets an update start from the standing forecasts instead of rereading
the question's history. The mean is the only method: the binary methods (medians, log-odds pools) do not apply
to a distribution, and the mean of CDFs is itself a valid CDF."""

from collections.abc import Hashable, Iterable, Sequence

import numpy as np

from forecasts.engine.aggregation import DEFAULT_METHOD
from forecasts.engine.continuous import community_cdf
from forecasts.engine.crowd_state import Values

DISTRIBUTION_METHODS = (DEFAULT_METHOD,)


class DistributionState:
    def __init__(self, standing: Iterable[tuple[Hashable, Sequence[float]]] = ()) -> None:
        # Insertion order is recency order: a new forecast moves its user to the end.
        self._standing: dict[Hashable, list[float]] = {}
        for user, values in standing:
            self.apply(user, values)

    @classmethod
    def from_standing(cls, standing: Sequence[tuple[Hashable, Sequence[float]]]) -> "DistributionState":
        state = cls()
        for user, values in standing:
            if user in state._standing:
                raise ValueError(f"User {user!r} stands twice.")
            state._standing[user] = [float(v) for v in values]
        return state

    @property
    def forecaster_count(self) -> int:
        return len(self._standing)

    def apply(self, user: Hashable, values: Values | None) -> None:
        self._standing.pop(user, None)
        if values is not None:
            self._standing[user] = [float(v) for v in values]

    def aggregate_all(self, methods: Sequence[str], extremizing: float) -> dict[str, list[float] | None]:
        unknown = [method for method in methods if method not in DISTRIBUTION_METHODS]
        if unknown:
            raise ValueError(f"A distribution's crowd has no method {unknown[0]!r}; it has {DEFAULT_METHOD}.")
        if not self._standing:
            return dict.fromkeys(methods)
        mean = community_cdf(list(self._standing.values()))
        return dict.fromkeys(methods, np.round(mean, 12).tolist())

    def standing_in_recency_order(self) -> list[tuple[Hashable, list[float]]]:
        return list(self._standing.items())
