"""Times a user sends are aware, between 2000 and 2100, and stored in UTC: everywhere (services, API bodies and
query parameters, imports, forms). Outside that, a clear error naming the field, never a 500 nor a stored 1 BC."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.lib.times import sane_time
from tracker.models import Membership, Question
from tracker.questions.services.questions import question_create

pytestmark = pytest.mark.django_db


def test_sane_time_converts_to_utc_and_refuses_naive_or_far_times():
    assert sane_time(datetime(2027, 1, 1, 14, tzinfo=timezone(timedelta(hours=14)))) == datetime(2027, 1, 1, tzinfo=UTC)
    for value, message in (
        (datetime(2027, 1, 1), "time zone"),
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), "between 2000 and 2100"),
        (datetime(2101, 1, 1, tzinfo=UTC), "between 2000 and 2100"),
        (datetime(1999, 12, 31, 23, tzinfo=UTC), "between 2000 and 2100"),
    ):
        with pytest.raises(ValidationError) as refused:
            sane_time(value, field="opens_at")
        assert message in refused.value.message_dict["opens_at"][0]
    assert sane_time(datetime(1950, 1, 1, tzinfo=UTC), earliest_year=1900).year == 1950


def test_the_service_refuses_a_question_dated_in_year_one():
    with pytest.raises(ValidationError) as refused:
        question_create(
            title="Q?",
            resolution_criteria="c",
            opens_at=datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
            scheduled_close_at=datetime(2027, 6, 1, tzinfo=UTC),
            resolve_by=datetime(2027, 7, 1, tzinfo=UTC),
        )
    assert set(refused.value.message_dict) == {"opens_at"}
    assert not Question.objects.exists()


def test_the_api_names_the_parameter_or_field_with_a_far_time_and_writes_nothing():
    team = TeamFactory(slug="desk")
    client = APIClient()
    client.force_authenticate(member(team, Membership.Role.CURATOR))
    response = client.get("/api/v1/questions/", {"resolve_by_before": "0280-11-30T20:16:39+22:57"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "resolve_by_before"
    body = {
        "title": "Will it?",
        "resolution_criteria": "c",
        "opens_at": "0001-01-01T00:00:00+14:00",
        "scheduled_close_at": "2027-06-01T00:00:00Z",
        "resolve_by": "2027-07-01T00:00:00Z",
        "team": "desk",
    }
    response = client.post("/api/v1/questions/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "opens_at"
    assert not Question.objects.exists()
    question = make_question(team=team)
    response = client.get("/api/v1/leaderboards/", {"season_start": "9999-01-01T00:00:00+15:00"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "season_start"
    assert client.get(f"/api/v1/questions/{question.pk}/").status_code == 200


def test_an_import_with_impossible_or_far_dates_reports_each_row_and_keeps_nothing(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    good = {
        "title": "Will Seoul send observers?",
        "resolution_criteria": "YES if confirmed.",
        "opens_at": "2030-01-01T00:00:00Z",
        "scheduled_close_at": "2030-06-01T00:00:00Z",
        "resolve_by": "2030-07-01T00:00:00Z",
    }
    rows = [good, {**good, "opens_at": "2027-02-30T00:00:00Z"}, {**good, "opens_at": "0001-01-01T00:00:00+14:00"}]
    data = {"file": SimpleUploadedFile("questions.json", json.dumps(rows).encode())}
    response = client.post("/admin/tracker/question/import/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "2027-02-30" in page
    assert "between 2000 and 2100" in page
    assert not Question.objects.exists()
    assert client.get("/admin/tracker/question/").status_code == 200
