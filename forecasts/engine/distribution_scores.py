"""Every score of a resolved numeric or date question, per forecaster and for the crowd (docs/forecasting.md,
"Numeric and date questions"), from its forecast events: the pure counterpart of scoring.score_with_crowd.

- baseline and peer: continuous.baseline_scores / peer_scores of each of the user's forecasts, summed (Metaculus
  sums a user's forecasts' scores, each weighted by the share of the window it stood);
- crps: the CRPS of each forecast at the outcome, averaged over the time the user's forecasts stood (lower is
  better; the window's uncovered time is not counted, as a time-average of the forecaster's own record);
- coverage: the share of the window with a standing forecast.
The crowd is scored from its stored steps as one more forecaster: its peer score compares it with every user's,
and users' peer scores do not count it."""

from collections.abc import Hashable, Sequence

from forecasts.engine.continuous import Standing, Window, baseline_scores, crps, outcome_bucket, peer_scores

DISTRIBUTION_RULES = ("baseline", "peer", "crps")
UserRow = tuple[Hashable, float, Sequence[float] | None]  # (user, time, CDF or None for a withdrawal)


def standings_of(rows: Sequence[UserRow]) -> list[tuple[Hashable, Standing]]:
    """Each forecast with the time it stopped standing: its author's next forecast or withdrawal (rows in time
    order)."""
    by_user: dict[Hashable, list[tuple[float, Sequence[float] | None]]] = {}
    for user, at, cdf in rows:
        by_user.setdefault(user, []).append((at, cdf))
    standings = []
    for user, events in by_user.items():
        for index, (at, cdf) in enumerate(events):
            if cdf is None:
                continue
            end = events[index + 1][0] if index + 1 < len(events) else None
            standings.append((user, Standing(start=at, end=end, cdf=cdf)))
    return standings


def score_distributions(
    user_rows: Sequence[UserRow],
    crowd_points: Sequence[tuple[float, Sequence[float] | None]],
    *,
    location: float,
    window: Window,
    open_bounds: int,
) -> tuple[dict[Hashable, dict[str, float | None]], dict[str, float | None]]:
    """({user: {rule: value, "coverage": share}}, the crowd's row) for an outcome at `location` on the unit
    interval (below 0 or above 1: beyond an open bound)."""
    bucket = outcome_bucket(location)
    users = standings_of(user_rows)
    crowd = standings_of([("crowd", at, values) for at, values in crowd_points])
    own = [standing for _, standing in users]
    baseline = baseline_scores(own + [s for _, s in crowd], bucket, window, open_bounds)
    peer_users = peer_scores(own, bucket, window)
    peer_with_crowd = peer_scores(own + [s for _, s in crowd], bucket, window)
    rows: dict[Hashable, dict[str, float]] = {}
    labelled = [
        (user, s, baseline[i], peer_users[i] if i < len(own) else peer_with_crowd[i])
        for i, (user, s) in enumerate(users + crowd)
    ]
    for user, standing, (base, covered), (peer, _) in labelled:
        row = rows.setdefault(user, {"baseline": 0.0, "peer": 0.0, "crps_weighted": 0.0, "coverage": 0.0})
        row["baseline"] += base
        row["peer"] += peer
        row["crps_weighted"] += crps(standing.cdf, location) * covered if covered else 0.0
        row["coverage"] += covered
    result = {user: _finished(row) for user, row in rows.items()}
    for user, _, _ in user_rows:
        result.setdefault(user, dict.fromkeys((*DISTRIBUTION_RULES, "coverage")))
    crowd_row = result.pop("crowd", dict.fromkeys((*DISTRIBUTION_RULES, "coverage")))
    return result, crowd_row


def _finished(row: dict[str, float]) -> dict[str, float | None]:
    if row["coverage"] <= 0:  # only forecasts after the close: nothing was scored
        return dict.fromkeys((*DISTRIBUTION_RULES, "coverage"))
    return {
        "baseline": float(row["baseline"]),
        "peer": float(row["peer"]),
        "crps": float(row["crps_weighted"] / row["coverage"]),
        "coverage": float(row["coverage"]),
    }
