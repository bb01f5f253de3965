"""The demo forecast generator: deterministic, valid input, and skill that shows."""

import math
from datetime import UTC, datetime, timedelta

from forecasts.engine.demo_histories import DemoForecaster, demo_history
from forecasts.engine.validation import parse_binary_probability, parse_option_probabilities

START = datetime(2025, 1, 1, tzinfo=UTC)
END = START + timedelta(days=120)
CROWD = [
    DemoForecaster("sharp", skill=0.9, activity=1.0),
    DemoForecaster("middling", skill=0.5, activity=1.0),
    DemoForecaster("noisy", skill=0.1, activity=1.0),
]


def history(slug, prior=0.4, outcome=1, forecasters=CROWD):
    return demo_history(
        question_slug=slug, prior=prior, outcome=outcome, window_start=START, window_end=END, forecasters=forecasters
    )


def test_same_inputs_give_the_same_history():
    assert history("q-1") == history("q-1")
    assert history("q-1") != history("q-2")


def test_every_forecast_is_valid_input_inside_the_window_and_in_time_order():
    for index in range(30):
        forecasts = history(f"binary-{index}")
        assert [f.at for f in forecasts] == sorted(f.at for f in forecasts)
        for forecast in forecasts:
            assert START < forecast.at < END
            if forecast.value is not None:
                assert parse_binary_probability(forecast.value) == forecast.value
        for forecast in history(f"mc-{index}", prior=[0.25, 0.25, 0.25, 0.25], outcome=2):
            if forecast.value is not None:
                assert parse_option_probabilities(forecast.value, 4) == forecast.value


def test_a_withdrawal_always_follows_a_forecast_of_the_same_user():
    for index in range(60):
        seen = set()
        for forecast in history(f"withdrawals-{index}"):
            if forecast.value is None:
                assert forecast.username in seen
            seen.add(forecast.username)


def test_skilled_forecasters_end_closer_to_the_truth():
    def mean_final_brier(username):
        briers = []
        for index in range(200):
            outcome = index % 2
            finals = [f for f in history(f"skill-{index}", outcome=outcome) if f.username == username and f.value]
            if finals:
                briers.append((finals[-1].value - outcome) ** 2)
        return sum(briers) / len(briers)

    assert mean_final_brier("sharp") < mean_final_brier("middling") < mean_final_brier("noisy")


def test_unknown_outcomes_scatter_around_the_prior():
    values = [
        f.value
        for index in range(200)
        for f in history(f"open-{index}", prior=0.2, outcome=None)
        if f.value is not None
    ]
    mean_logit = sum(math.log(v / (1 - v)) for v in values) / len(values)
    assert abs(mean_logit - math.log(0.2 / 0.8)) < 0.3


def test_an_empty_window_has_no_forecasts():
    assert (
        demo_history(question_slug="q", prior=0.5, outcome=None, window_start=END, window_end=START, forecasters=CROWD)
        == []
    )
