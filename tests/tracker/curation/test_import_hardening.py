"""Imports that cannot hurt and CSV that spreadsheets cannot run: a 200 KB field, NUL bytes, JSON nested a thousand
deep and formula cells, in the admin's imports and exports and the API's CSV export."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from forecasts.services.forecasting import forecast_submit
from tests.factories import UserFactory, make_question
from tracker.lib.csv_cells import csv_cell, csv_cell_value
from tracker.models import Question

pytestmark = pytest.mark.django_db
GOOD = {
    "title": "Will Seoul send observers?",
    "resolution_criteria": "YES if confirmed.",
    "opens_at": "2030-01-01T00:00:00Z",
    "scheduled_close_at": "2030-06-01T00:00:00Z",
    "resolve_by": "2030-07-01T00:00:00Z",
}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def upload(admin_client, name: str, content: str):
    data = {"file": SimpleUploadedFile(name, content.encode())}
    return admin_client.post("/admin/tracker/question/import/", data)


def test_a_huge_field_nul_bytes_and_deep_json_are_refused_with_reasons_and_nothing_written(admin_client):
    huge = upload(admin_client, "q.json", json.dumps([{**GOOD, "resolution_criteria": "x" * 200_000}]))
    assert huge.status_code == 400
    assert "At most 20,000 characters" in huge.content.decode()
    nul = upload(admin_client, "q.json", json.dumps([{**GOOD, "title": "Seoul\u0000?"}]))
    assert nul.status_code == 400
    assert "Control characters" in nul.content.decode()
    deep = upload(admin_client, "q.json", "[" * 1000 + "]" * 1000)
    assert deep.status_code == 400
    assert "nested deeper than 8" in deep.content.decode()
    nested = upload(admin_client, "q.json", json.dumps([{**GOOD, "title": {"a": ["b"]}}]))
    assert nested.status_code == 400
    assert "plain text" in nested.content.decode()
    header = ",".join(GOOD)
    csv_nul = upload(admin_client, "q.csv", header + "\n" + ",".join(GOOD.values()).replace("Seoul", "Se\x00oul"))
    assert csv_nul.status_code == 400
    assert "NUL" in csv_nul.content.decode()
    csv_huge = upload(admin_client, "q.csv", header + "\n" + ",".join(GOOD.values()).replace("YES", "Y" * 200_000))
    assert csv_huge.status_code == 400
    assert "cannot be read" in csv_huge.content.decode()
    assert not Question.objects.exists()


def test_every_csv_we_write_neutralises_formula_cells_and_reads_them_back(admin_client):
    for dangerous in ("=cmd|' /C calc'!A0", "=1+1", "@A1", "-cmd", "+2", "\t=x"):
        assert csv_cell(dangerous) == "'" + dangerous
        assert csv_cell_value(csv_cell(dangerous)) == dangerous
    assert csv_cell("Will it?") == "Will it?"
    assert csv_cell_value("'quoted") == "'quoted"
    question = make_question(title="=1+1 sanctions?", resolution_criteria="@A1")
    exported = admin_client.post(
        "/admin/tracker/question/", {"action": "export_csv", "_selected_action": [question.pk]}
    ).content.decode()
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["title"] == "'=1+1 sanctions?"
    assert row["resolution_criteria"] == "'@A1"
    # Imported back, the text is what it was.
    Question.objects.all().delete()
    reimported = upload(admin_client, "questions.csv", exported.replace(question.slug, "again"))
    assert reimported.status_code in (200, 302)
    assert Question.objects.get(slug="again").title == "=1+1 sanctions?"


def test_the_api_csv_export_neutralises_usernames_that_look_like_formulas():
    question = make_question(status="closed")
    forecaster = UserFactory(username="+cmd")
    question.status = "open"
    question.save(update_fields=["status"])
    forecast_submit(user=forecaster, question=question, probability=0.4)
    Question.objects.filter(pk=question.pk).update(status="closed")
    client = APIClient()
    client.force_authenticate(forecaster)
    body = client.get("/api/v1/export/?format=csv").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][1] == "'+cmd"
