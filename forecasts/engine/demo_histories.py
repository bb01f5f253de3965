"""Deterministic, plausible forecast histories for the demo accounts (no Django import).

Each demo forecaster has a skill (how far their forecasts move towards the truth as a question runs) and an
activity (the chance they forecast on a given question). The randomness is seeded from the forecaster's and the
question's names, so the same story always produces the same histories, on every machine.
"""

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import datetime
from typing import cast

# Forecasts are drawn well inside the input range [0.001, 0.999]: demo forecasters are never certain.
LOWEST_DEMO_PROBABILITY = 0.02
# Where a skilled forecaster ends up on a question that will resolve yes (or no: 1 minus this).
INFORMED_PROBABILITY = 0.93
RATIONALES = {
    "up": [
        "Raised: new reporting points the same way.",
        "Moving up after the latest official statements.",
        "Officials are now saying this on the record; raising.",
    ],
    "down": [
        "Lowered: the signals I expected have not appeared.",
        "Cutting back; time is running out for this to happen.",
        "Reports so far point the other way; lowering.",
    ],
    "first": [
        "Starting near the base rate for this kind of event.",
        "Initial estimate from the article's claim and past behaviour.",
        "First pass: the outside view, adjusted a little for the news.",
    ],
}


@dataclass(frozen=True)
class DemoForecaster:
    username: str
    skill: float
    activity: float


@dataclass(frozen=True)
class DemoForecast:
    username: str
    at: datetime
    # P(yes) for binary questions, per-option probabilities for multiple choice, [[probability, place on the unit
    # interval], ...] quantiles for numeric and date questions, None for a withdrawal.
    value: float | list[float] | list[list[float]] | None
    rationale: str


def _rng(*names: str) -> random.Random:
    digest = hashlib.sha256("/".join(names).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _binary_value(
    prior: float, outcome: int | None, skill: float, progress: float, rng: random.Random, start: float
) -> float:
    target = (
        _logit(INFORMED_PROBABILITY if outcome == 1 else 1 - INFORMED_PROBABILITY)
        if outcome is not None
        else _logit(prior)
    )
    drift = skill * progress if outcome is not None else 0.0
    noise = rng.gauss(0, 0.45 * (1.2 - skill))
    p = _sigmoid(start + (target - start) * drift + noise)
    return round(min(max(p, LOWEST_DEMO_PROBABILITY), 1 - LOWEST_DEMO_PROBABILITY), 2)


def _option_values(
    prior: list[float], outcome: int | None, skill: float, progress: float, rng: random.Random
) -> list[float]:
    log_weights = [math.log(p) + rng.gauss(0, 0.5 * (1.2 - skill)) for p in prior]
    if outcome is not None:
        log_weights[outcome] += 3.0 * skill * progress
    total = sum(math.exp(w) for w in log_weights)
    shares = [math.exp(w) / total for w in log_weights]
    # Whole percentages, each at least 2%, adjusted on the largest so the vector sums exactly to 100.
    percents = [max(2, round(share * 100)) for share in shares]
    percents[percents.index(max(percents))] += 100 - sum(percents)
    return [percent / 100 for percent in percents]


def _quantile_values(
    prior: list[list[float]], outcome: float | None, skill: float, progress: float, rng: random.Random
) -> list[list[float]]:
    """[[probability, place], ...] of a distribution on the unit interval: the prior's quantiles, moved towards the
    outcome's place and narrowed as a skilled forecaster learns more, with a little noise (rounded to 0.001)."""
    median = next(place for probability, place in prior if probability == 0.5)
    shift = rng.gauss(0, 0.06 * (1.2 - skill))
    if outcome is not None:
        shift += (min(max(outcome, 0.0), 1.0) - median) * skill * progress
    narrowing = 1 - 0.6 * skill * progress if outcome is not None else 1.0
    narrowing *= math.exp(rng.gauss(0, 0.15))
    places = []
    for probability, place in prior:
        moved = median + shift + (place - median) * narrowing
        places.append([probability, round(min(max(moved, 0.01), 0.99), 3)])
    for index in range(1, len(places)):  # keep them apart (the CDF's steepest step has a limit)
        places[index][1] = max(places[index][1], places[index - 1][1] + 0.03)
    if places[-1][1] > 0.99:
        return [[probability, place - (places[-1][1] - 0.99)] for probability, place in places]
    return places


def demo_history(
    *,
    question_slug: str,
    prior: float | list[float] | list[list[float]],
    outcome: float | None,
    window_start: datetime,
    window_end: datetime,
    forecasters: list[DemoForecaster],
) -> list[DemoForecast]:
    """The demo forecasts on one question, oldest first, all inside (window_start, window_end).

    `outcome` is 1/0 for a binary question that resolves yes/no, the option index for multiple choice, the outcome's
    place on the unit interval for a numeric or date question (whose prior is [[probability, place], ...]), or None
    when the answer is unknown (forecasters then scatter around the prior without drifting).
    """
    span = (window_end - window_start).total_seconds()
    if span <= 0:
        return []
    history: list[DemoForecast] = []
    for forecaster in forecasters:
        rng = _rng(forecaster.username, question_slug)
        if rng.random() > forecaster.activity:
            continue
        updates = 1 + rng.randrange(4)
        fractions = sorted(rng.uniform(0.02, 0.97) for _ in range(updates))
        start = _logit(prior) + rng.gauss(0, 0.5) if isinstance(prior, float) else 0.0
        previous: float | list[float] | list[list[float]] | None = None
        for fraction in fractions:
            at = window_start + (window_end - window_start) * fraction
            value: float | list[float] | list[list[float]]
            known = None if outcome is None else int(outcome)  # yes/no or an option's index
            if prior and isinstance(prior, list) and isinstance(prior[0], list):
                quantiles = cast(list[list[float]], prior)
                value = _quantile_values(quantiles, outcome, forecaster.skill, fraction, rng)
                direction = "first" if previous is None else "up"
            elif isinstance(prior, float):
                value = _binary_value(prior, known, forecaster.skill, fraction, rng, start)
                went_up = isinstance(previous, float) and value >= previous
                direction = "first" if previous is None else ("up" if went_up else "down")
            else:
                value = _option_values(cast(list[float], prior), known, forecaster.skill, fraction, rng)
                direction = "first" if previous is None else "up"
            history.append(DemoForecast(forecaster.username, at, value, rng.choice(RATIONALES[direction])))
            previous = value
        if rng.random() < 0.07:
            at = window_start + (window_end - window_start) * rng.uniform(fractions[-1], 0.99)
            history.append(DemoForecast(forecaster.username, at, None, ""))
    history.sort(key=lambda forecast: (forecast.at, forecast.username))
    return history
