"""Numeric and date questions through the REST API: create, forecast (cdf or quantiles), read back, resolve."""

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.utils import timezone

from forecasts.engine.continuous import POINTS
from forecasts.models import Forecast, Score
from tests.api_world import client_for
from tests.factories import make_question
from tracker.models import Question

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def errors(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


def numeric_body(**overrides):
    now = timezone.now()
    body = {
        "title": "How many North Korean troops will be in Russia on 30 June 2027?",
        "resolution_criteria": "The NIS's latest published estimate on that date.",
        "type": "numeric",
        "range_min": 0,
        "range_max": 50_000,
        "open_upper_bound": True,
        "unit": "troops",
        "opens_at": (now + timedelta(days=1)).isoformat(),
        "scheduled_close_at": (now + timedelta(days=40)).isoformat(),
        "resolve_by": (now + timedelta(days=60)).isoformat(),
        "team": "analysts",
    }
    return body | overrides


def test_a_curator_creates_numeric_and_date_questions(world):
    session = client_for(world.curator)
    created = session.post(f"{V1}/questions/", numeric_body(), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["range"] == {
        "min": 0.0,
        "max": 50_000.0,
        "open_lower_bound": False,
        "open_upper_bound": True,
        "scale": "linear",
        "zero_point": None,
        "unit": "troops",
    }
    dated = session.post(
        f"{V1}/questions/",
        numeric_body(
            title="When will North Korea first acknowledge its troops in Russia?",
            type="date",
            range_min="2027-01-01",
            range_max="2028-01-01",
            unit="",
            open_upper_bound=True,
        ),
        format="json",
    )
    assert dated.status_code == 201, dated.json()
    assert dated.json()["range"]["min"] == "2027-01-01T00:00:00Z"
    listed = session.get(f"{V1}/questions/", {"status": "draft"}).json()["results"]
    assert {row["type"]: row["range"]["unit"] for row in listed if row["range"]} == {"numeric": "troops", "date": ""}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"range_max": -1}, "range_max"),
        ({"range_min": "zero"}, "range_min"),
        ({"zero_point": 5}, "zero_point"),
        ({"type": "binary"}, "range_min"),
        ({"open_upper_bound": "yes"}, "open_upper_bound"),
    ],
)
def test_a_bad_range_is_a_400_naming_the_field(world, overrides, field):
    response = client_for(world.curator).post(f"{V1}/questions/", numeric_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in errors(response)
    assert not Question.objects.filter(type="numeric").exists()


def test_forecasts_go_in_as_quantiles_or_a_cdf_and_come_back_with_median_and_interval(world):
    question = make_question(team=world.team, type=Question.Type.NUMERIC)
    session = client_for(world.forecaster)
    by_quantiles = session.post(
        f"{V1}/questions/{question.pk}/forecasts/",
        {"quantiles": [[0.1, 7_500], [0.5, 12_000], [0.9, 19_000]]},
        format="json",
    )
    assert by_quantiles.status_code == 201, by_quantiles.json()
    assert len(by_quantiles.json()["cdf"]) == POINTS
    assert by_quantiles.json()["probabilities"] is None
    cdf = np.linspace(0, 0.98, POINTS).tolist()
    by_cdf = client_for(world.curator).post(f"{V1}/questions/{question.pk}/forecasts/", {"cdf": cdf}, format="json")
    assert by_cdf.status_code == 201, by_cdf.json()
    detail = session.get(f"{V1}/questions/{question.pk}/").json()
    assert abs(detail["my_forecast"]["median"] - 12_000) < 500
    low, high = detail["my_forecast"]["interval_80"]
    assert abs(low - 7_500) < 500
    assert abs(high - 19_000) < 500
    crowd = detail["community_forecast"]
    assert crowd["forecaster_count"] == 2
    assert crowd["probabilities"] is None
    assert len(crowd["cdf"]) == POINTS
    assert low < crowd["median"] < 50_000 * 0.98 / 2 + 1
    series = session.get(f"{V1}/questions/{question.pk}/community/").json()
    assert [point["forecaster_count"] for point in series["points"]] == [1, 2]
    refused = session.get(f"{V1}/questions/{question.pk}/community/", {"method": "mean"})
    assert refused.status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cdf": [0.0] * POINTS}, "cdf"),
        ({"cdf": list(range(POINTS))}, "cdf"),
        ({"quantiles": [[0.5, 12_000]]}, "quantiles"),
        ({"quantiles": [[0.1, 9_000], [0.9, "lots"]]}, "quantiles[1]"),
        ({"probability": 0.4}, "probability"),
    ],
)
def test_a_bad_distribution_is_a_400_naming_the_rule(world, body, field):
    question = make_question(team=world.team, type=Question.Type.NUMERIC)
    response = client_for(world.forecaster).post(f"{V1}/questions/{question.pk}/forecasts/", body, format="json")
    assert response.status_code == 400
    assert field in errors(response)
    assert not Forecast.objects.filter(question=question).exists()


def test_a_date_question_takes_quantiles_as_dates_and_resolves_to_a_date(world):
    now = timezone.now()
    question = make_question(
        team=world.team,
        type=Question.Type.DATE,
        range_min=now.timestamp(),
        range_max=(now + timedelta(days=365)).timestamp(),
        open_upper_bound=True,
    )
    median = (now + timedelta(days=120)).date().isoformat()
    response = client_for(world.forecaster).post(
        f"{V1}/questions/{question.pk}/forecasts/",
        {
            "quantiles": [
                [0.1, (now + timedelta(days=30)).date().isoformat()],
                [0.5, median],
                [0.9, (now + timedelta(days=300)).date().isoformat()],
            ]
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    detail = client_for(world.forecaster).get(f"{V1}/questions/{question.pk}/").json()
    told = datetime.fromisoformat(detail["my_forecast"]["median"].replace("Z", "+00:00"))
    assert abs(told - datetime.fromisoformat(median).replace(tzinfo=UTC)) < timedelta(days=5)
    outcome = (now + timedelta(days=100)).date().isoformat()
    resolved = client_for(world.curator).post(f"{V1}/questions/{question.pk}/resolve/", {"outcome": outcome})
    assert resolved.status_code == 200, resolved.json()
    assert resolved.json()["outcome_value"].startswith(outcome)
    assert resolved.json()["outcome"] == datetime.fromisoformat(outcome).strftime("%-d %B %Y")


def test_resolving_a_numeric_question_by_api_scores_it(world, celery_eager, django_capture_on_commit_callbacks):
    question = make_question(team=world.team, type=Question.Type.NUMERIC)
    client_for(world.forecaster).post(
        f"{V1}/questions/{question.pk}/forecasts/", {"quantiles": [[0.1, 9_000], [0.9, 14_000]]}, format="json"
    )
    session = client_for(world.curator)
    assert session.post(f"{V1}/questions/{question.pk}/resolve/", {"outcome": -3}, format="json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        resolved = session.post(f"{V1}/questions/{question.pk}/resolve/", {"outcome": 12_000}, format="json")
    assert resolved.status_code == 200, resolved.json()
    assert resolved.json()["outcome"] == "12,000 troops"
    assert resolved.json()["outcome_value"] == 12_000
    rules = set(Score.objects.filter(question=question, user=world.forecaster).values_list("rule", flat=True))
    assert rules == {"baseline", "peer", "crps"}
