"""Input that cannot hurt: NUL and control characters are refused on every page and endpoint, JSON bodies have
depth, size and character limits, and every error under /api/ has the API's JSON shape (404, 405, 413, 500
included). Never a 500 from what a client sends."""

import json

import pytest
from django.db import OperationalError
from django.test import Client
from rest_framework.test import APIClient

from forecasts.models import Forecast
from tests.factories import UserFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/questions/?search=%00",
        "/questions/?tag=a%00b",
        "/questions/?scenario=%00",
        "/questions/?team=%00",
        "/leaderboard/?scenario=%00",
        "/questions/?search=bell%07",
        "/scenarios/?x%00=1",
    ],
)
def test_a_control_character_in_a_page_s_query_is_a_400_page(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "Control characters" in response.content.decode()
    assert "<html" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/questions/?search=%00", "/api/v1/scores/?user=%00", "/api/v1/export/?status=%01"]
)
def test_a_control_character_in_an_api_query_is_a_json_400(path):
    response = APIClient().get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "Control characters" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    "path", ["/teams/join/%00/", "/teams/invitations/a%00b/", "/questions/x%00y/", "/articles/%01/"]
)
def test_a_control_character_in_the_path_is_a_400_page_not_a_database_error(client, path):
    """A NUL reached the database through a URL converter: PostgreSQL refused it and the page was a 500."""
    response = client.get(path)
    assert response.status_code == 400
    assert "Control characters" in response.content.decode()


def test_a_control_character_in_an_api_path_is_a_json_400():
    response = APIClient().get("/api/v1/teams/a%00b/")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "path"


def test_a_control_character_in_a_form_field_is_refused_and_nothing_is_written(client):
    question = make_question()
    client.force_login(UserFactory())
    response = client.post(f"/questions/{question.slug}/forecast/", {"probability": "40", "rationale": "a\x00b"})
    assert response.status_code == 400
    assert "rationale" in response.content.decode()
    assert not Forecast.objects.exists()


def api_post(client, path, raw: bytes):
    return client.generic("POST", path, raw, content_type="application/json")


def test_json_bodies_are_limited_in_depth_size_constants_and_characters():
    question = make_question()
    client = APIClient()
    client.force_authenticate(UserFactory())
    path = f"/api/v1/questions/{question.pk}/forecasts/"
    deep = api_post(client, path, b"[" * 1000 + b"]" * 1000)
    assert deep.status_code == 400
    assert "nested deeper than 32" in deep.json()["errors"][0]["message"]
    large = api_post(client, path, json.dumps({"probability": 0.4, "rationale": "x" * (2 * 1024 * 1024)}).encode())
    assert large.status_code == 413
    assert large.json()["errors"][0]["message"].startswith("The request body is larger")
    nan = api_post(client, path, b'{"probability": NaN}')
    assert nan.status_code == 400
    assert "NaN" in nan.json()["errors"][0]["message"]
    nul = api_post(client, path, json.dumps({"probability": 0.4, "rationale": "a\u0000b"}).encode())
    assert nul.status_code == 400
    assert nul.json()["errors"] == [
        {"field": "rationale", "message": "Control characters (such as NUL) are not allowed."}
    ]
    bulk = api_post(
        client, "/api/v1/forecasts/bulk/", json.dumps({"forecasts": [{"question": 1, "x\u0001": 1}]}).encode()
    )
    assert bulk.status_code == 400
    assert bulk.json()["errors"][0]["field"] == "forecasts[0].x\u0001"
    assert not Forecast.objects.exists()
    assert api_post(client, path, b'{"probability": 0.4}').status_code == 201


def test_every_api_error_has_the_json_shape():
    client = APIClient()
    signed_in = APIClient()
    signed_in.force_authenticate(UserFactory())
    for response, status in (
        (client.get("/api/v1/no-such-thing/"), 404),
        (client.get("/api/no-version/"), 404),
        (client.get("/api/v1/questions/%00/"), 400),
        (signed_in.delete("/api/v1/questions/"), 405),
        (client.delete("/api/v1/questions/"), 401),
    ):
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert response.json()["errors"][0]["message"]


def test_a_failure_outside_drf_is_a_json_500_under_api_and_a_page_elsewhere(monkeypatch):
    from tracker.questions import selectors

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors.Question.objects, "filter", database_down)
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/questions/1/")
    assert api.status_code == 500
    assert api.json() == {
        "errors": [{"field": None, "message": "Something went wrong on our side; it has been logged."}]
    }
    page = client.get("/questions/anything/")
    assert page.status_code == 500
    assert "Something went wrong on our side" in page.content.decode()
