"""Numeric and date questions through the services: create, forecast (CDF or quantiles), crowd, resolve, score."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forecasts.engine import continuous
from forecasts.engine.aggregation import DEFAULT_METHOD
from forecasts.engine.continuous import POINTS, Scale
from forecasts.models import AggregateForecast, CommunityStanding, Forecast, Score
from forecasts.services.community import community_forecast_rebuild
from forecasts.services.forecasting import forecast_reaffirm, forecast_submit, forecast_withdraw
from forecasts.services.scores import question_score
from tests.factories import UserFactory, make_question
from tracker.models import Question
from tracker.questions.services.lifecycle import question_resolve, question_unresolve
from tracker.questions.services.questions import question_create, question_update

pytestmark = pytest.mark.django_db

QUANTILES = [[0.1, 7_500], [0.5, 12_000], [0.9, 19_000]]


def uniform_cdf(open_upper=True):
    top = 0.95 if open_upper else 1.0
    return np.linspace(0.0, top, POINTS).tolist()


def create(**overrides):
    now = timezone.now()
    fields = {
        "title": "How many North Korean troops will be in Russia on 1 June 2027?",
        "resolution_criteria": "The highest figure South Korea's intelligence service publishes.",
        "opens_at": now,
        "scheduled_close_at": now + timedelta(days=30),
        "resolve_by": now + timedelta(days=60),
        "type": Question.Type.NUMERIC,
        "range_min": 0,
        "range_max": 50_000,
        "unit": "troops",
    }
    return question_create(**(fields | overrides))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"range_min": None}, "range_min"),
        ({"range_max": 0}, "range_max"),
        ({"range_max": "many"}, "range_max"),
        ({"range_min": float("nan")}, "range_min"),
        ({"zero_point": 10}, "zero_point"),
        ({"options": ["a", "b"]}, "options"),
        ({"type": Question.Type.BINARY}, "range_min"),
        ({"type": Question.Type.DATE, "range_min": "next spring"}, "range_min"),
        ({"type": Question.Type.DATE, "range_min": "2027-01-01", "range_max": "2028-01-01", "unit": "days"}, "unit"),
    ],
)
def test_a_bad_range_is_refused_with_the_field_and_nothing_written(overrides, field):
    with pytest.raises(ValidationError) as error:
        create(**overrides)
    assert field in error.value.message_dict
    assert not Question.objects.exists()


def test_a_date_question_takes_its_range_as_dates_and_stores_seconds():
    question = create(type=Question.Type.DATE, range_min="2027-01-01", range_max="2028-01-01T00:00:00Z", unit="")
    assert question.range_min == datetime(2027, 1, 1, tzinfo=UTC).timestamp()
    assert question.range_max == datetime(2028, 1, 1, tzinfo=UTC).timestamp()


def test_the_range_changes_only_before_the_question_opens():
    question = create()
    question_update(question=question, actor=None, range_max=60_000)
    question.refresh_from_db()
    assert question.range_max == 60_000
    with pytest.raises(ValidationError) as error:
        question_update(question=question, actor=None, range_max=-10)
    assert "above the lower end" in " ".join(error.value.message_dict["range_max"])
    opened = make_question(type=Question.Type.NUMERIC)
    with pytest.raises(ValidationError) as error:
        question_update(question=opened, actor=None, range_max=70_000)
    assert "range_max" in error.value.message_dict


def test_quantiles_become_a_valid_cdf_through_them():
    question = make_question(type=Question.Type.NUMERIC)
    forecast = forecast_submit(user=UserFactory(), question=question, quantiles=QUANTILES)
    cdf = forecast.probabilities
    assert continuous.cdf_problems(cdf, open_lower=False, open_upper=True) == []
    scale = Scale(0, 50_000)
    for probability, value in QUANTILES:
        # the uniform floor (2%) moves each quantile a little; it stays within 1% of the range
        assert abs(scale.from_unit(continuous.quantile(cdf, probability)) - value) < 500


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"probability": 0.3}, "probability", "cdf or quantiles"),
        ({"cdf": [0.5] * POINTS}, "cdf", "rise by at least"),
        ({"cdf": uniform_cdf()[:-1]}, "cdf", "201"),
        ({"cdf": uniform_cdf(open_upper=False)}, "cdf", "open upper bound"),
        ({"cdf": "0.1,0.2"}, "cdf", "list"),
        ({"quantiles": [[0.5, 12_000]]}, "quantiles", "two or more"),
        ({"quantiles": [[0.1, 9_000], [0.9, 8_000]]}, "quantiles", "higher values"),
        ({"quantiles": [[0.1, 9_000], [0.9, 80_000]]}, "quantiles[1]", "within the question's range"),
        ({"quantiles": [[1.5, 9_000], [0.9, 10_000]]}, "quantiles[0]", "between 0 and 1"),
        ({}, "cdf", "needs a CDF or quantiles"),
    ],
)
def test_a_bad_distribution_is_refused_naming_the_rule_and_nothing_is_written(values, field, words):
    question = make_question(type=Question.Type.NUMERIC)
    with pytest.raises(ValidationError) as error:
        forecast_submit(user=UserFactory(), question=question, **values)
    assert words in " ".join(error.value.message_dict[field])
    assert not Forecast.objects.filter(question=question).exists()


def test_the_crowd_is_the_recency_weighted_mean_of_the_standing_cdfs_updated_per_forecast():
    question = make_question(type=Question.Type.NUMERIC, opens_in=timedelta(days=-5))
    users = [UserFactory() for _ in range(4)]
    start = question.opened_at
    medians = [9_000, 12_000, 15_000, 30_000]
    for index, (user, median) in enumerate(zip(users, medians, strict=True)):
        forecast_submit(
            user=user,
            question=question,
            quantiles=[[0.1, median * 0.6], [0.5, median], [0.9, median * 1.5]],
            at=start + timedelta(hours=index + 1),
        )
    forecast_withdraw(user=users[1], question=question, at=start + timedelta(hours=6))
    forecast_reaffirm(user=users[0], question=question, at=start + timedelta(hours=7))
    steps = list(AggregateForecast.objects.filter(question=question).order_by("at"))
    assert [step.method for step in steps] == [DEFAULT_METHOD] * 6
    assert [step.forecaster_count for step in steps] == [1, 2, 3, 4, 3, 3]
    standing = {row.user_id: row.probabilities for row in CommunityStanding.objects.filter(question=question)}
    # After the reaffirm, the order oldest first is users 2, 3, 0.
    expected = continuous.community_cdf([standing[users[i].pk] for i in (2, 3, 0)])
    assert np.allclose(steps[-1].values, expected, atol=1e-12)
    incremental = [(step.at, step.values, step.forecaster_count) for step in steps]
    community_forecast_rebuild(question_id=question.pk)
    rebuilt = [
        (step.at, step.values, step.forecaster_count)
        for step in AggregateForecast.objects.filter(question=question).order_by("at")
    ]
    assert rebuilt == incremental


def test_resolving_checks_the_value_against_closed_bounds():
    question = make_question(type=Question.Type.NUMERIC)  # open above 50,000, closed at 0
    with pytest.raises(ValidationError) as error:
        question_resolve(question=question, outcome=-5, resolved_by=None)
    assert "below the range" in str(error.value)
    with pytest.raises(ValidationError):
        question_resolve(question=question, outcome="lots", resolved_by=None)
    question_resolve(question=question, outcome=61_000, resolved_by=None)
    question.refresh_from_db()
    assert question.resolution_value == 61_000
    assert question.outcome_label == "61,000 troops"
    question_unresolve(question=question, actor=None, reason="The figure was revised.")
    question.refresh_from_db()
    assert question.resolution_value is None


def test_resolution_scores_each_forecaster_and_the_crowd():
    question = make_question(type=Question.Type.NUMERIC, opens_in=timedelta(days=-4), closes_in=timedelta(days=4))
    sharp, vague = UserFactory(), UserFactory()
    opened = question.opened_at
    forecast_submit(user=sharp, question=question, quantiles=[[0.1, 11_000], [0.5, 12_000], [0.9, 13_000]], at=opened)
    forecast_submit(user=vague, question=question, cdf=uniform_cdf(), at=opened)
    question_resolve(question=question, outcome=12_100, resolved_by=None)
    question_score(question_id=question.pk)
    scores = {(row.user_id, row.rule): row.value for row in Score.objects.filter(question=question)}
    assert scores[(sharp.pk, "baseline")] > 0 > scores[(vague.pk, "peer")]
    assert scores[(sharp.pk, "peer")] == pytest.approx(-scores[(vague.pk, "peer")])
    assert scores[(sharp.pk, "crps")] < scores[(vague.pk, "crps")]
    assert Score.objects.filter(question=question, is_crowd=True, rule="baseline").exists()
    assert not Score.objects.filter(question=question, rule="final_brier").exists()
    # The window ran four of its eight days before the resolution closed it: half covered.
    coverage = Score.objects.get(question=question, user=sharp, rule="baseline").coverage
    assert coverage == pytest.approx(0.5, abs=1e-3)
