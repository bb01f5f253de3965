"""Questions in and out of the admin as CSV and JSON: dry run, row-level errors, all or nothing, round trip."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import TeamFactory, UserFactory, make_question
from tracker.curation.question_io import COLUMNS
from tracker.models import Question

pytestmark = pytest.mark.django_db
GOOD = {
    "title": "Will Seoul send observers?",
    "resolution_criteria": "YES if the ministry confirms it.",
    "opens_at": "2030-01-01T00:00:00Z",
    "scheduled_close_at": "2030-06-01T00:00:00Z",
    "resolve_by": "2030-07-01T00:00:00Z",
    "tags": "aid, korea",
}


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def upload(admin_client, rows, *, name="questions.json", dry_run=False):
    content = json.dumps(rows) if name.endswith(".json") else rows
    data = {"file": SimpleUploadedFile(name, content.encode())}
    if dry_run:
        data["dry_run"] = "on"
    return admin_client.post("/admin/tracker/question/import/", data)


def test_a_dry_run_reports_each_row_and_keeps_nothing(admin_client):
    response = upload(admin_client, [GOOD, {**GOOD, "title": "Will it also work?"}], dry_run=True)
    assert response.status_code == 200
    assert "Dry run: all 2 row(s) would import." in response.content.decode()
    assert not Question.objects.exists()


def test_a_bad_row_is_reported_and_nothing_is_imported(admin_client):
    bad = {**GOOD, "title": "Backwards dates?", "resolve_by": "2029-01-01T00:00:00Z"}
    no_zone = {**GOOD, "title": "No zone?", "opens_at": "2030-01-01 00:00"}
    unknown = {**GOOD, "title": "Unknown team?", "team": "nobody"}
    response = upload(admin_client, [GOOD, bad, no_zone, unknown])
    page = response.content.decode()
    assert response.status_code == 400
    assert "3 row(s) refused: nothing was imported." in page
    assert "The resolution deadline cannot be before the question closes." in page
    assert "An ISO-8601 time with a zone" in page
    assert "No team with the slug" in page
    assert not Question.objects.exists()


def test_a_good_file_imports_every_row_as_drafts(admin_client):
    TeamFactory(slug="desk")
    response = upload(
        admin_client,
        [
            GOOD,
            {
                **GOOD,
                "title": "Which level?",
                "type": "multiple_choice",
                "options": "Low; High",
                "team": "desk",
                "visibility": "team",
            },
        ],
    )
    assert "Imported 2 question(s) as drafts." in response.content.decode()
    multiple = Question.objects.get(title="Which level?")
    assert multiple.status == "draft"
    assert [o.label for o in multiple.options.all()] == ["Low", "High"]
    assert sorted(Question.objects.get(title=GOOD["title"]).tags.values_list("name", flat=True)) == ["aid", "korea"]


def test_export_then_import_round_trips_as_csv(admin_client):
    question = make_question(type="multiple_choice", options=["Low", "High"], tags=["sanctions"])
    exported = admin_client.post(
        "/admin/tracker/question/", {"action": "export_csv", "_selected_action": [question.pk]}
    )
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    duplicate = upload(admin_client, text, name="questions.csv")
    assert duplicate.status_code == 400
    assert "already exists" in duplicate.content.decode()
    renamed = text.replace(question.slug, "a-new-slug")
    assert "Imported 1 question(s)" in upload(admin_client, renamed, name="questions.csv").content.decode()
    copy = Question.objects.get(slug="a-new-slug")
    assert [o.label for o in copy.options.all()] == ["Low", "High"]
    assert copy.tags.get().name == "sanctions"
    as_json = admin_client.post("/admin/tracker/question/", {"action": "export_json", "_selected_action": [copy.pk]})
    assert json.loads(as_json.content)[0]["slug"] == "a-new-slug"


def test_files_that_are_not_questions_are_refused_with_a_reason(admin_client):
    assert "Upload a .csv or .json file." in upload(admin_client, "x", name="q.txt").content.decode()
    assert "must be a list of objects" in upload(admin_client, {"title": "x"}).content.decode()
    assert "lacks the column(s)" in upload(admin_client, "title\nx\n", name="q.csv").content.decode()


@pytest.mark.parametrize("kind", ["numeric", "date"])
def test_numeric_and_date_questions_round_trip_with_their_range(admin_client, kind):
    if kind == "numeric":
        question = make_question(type=kind, range_min=0, range_max=50_000, open_upper_bound=True, unit="troops")
    else:
        question = make_question(type=kind, range_min=1_798_761_600, range_max=1_830_297_600)  # 2027-01-01 → 2028-01-01
    exported = admin_client.post(
        "/admin/tracker/question/", {"action": "export_csv", "_selected_action": [question.pk]}
    ).content.decode()
    assert ("0,50000,no,yes,,troops" if kind == "numeric" else "2027-01-01,2028-01-01,no,no,,") in exported
    renamed = exported.replace(question.slug, f"copy-{kind}")
    assert "Imported 1 question(s)" in upload(admin_client, renamed, name="questions.csv").content.decode()
    copy = Question.objects.get(slug=f"copy-{kind}")
    fields = ("type", "range_min", "range_max", "open_lower_bound", "open_upper_bound", "zero_point", "unit")
    assert [getattr(copy, name) for name in fields] == [getattr(question, name) for name in fields]


def test_a_bad_range_or_flag_in_a_file_is_reported_and_nothing_is_imported(admin_client):
    backwards = {**GOOD, "title": "Backwards?", "type": "numeric", "range_min": "10", "range_max": "1"}
    flag = {
        **GOOD,
        "title": "Flag?",
        "type": "numeric",
        "range_min": "0",
        "range_max": "1",
        "open_upper_bound": "maybe",
    }
    page = upload(admin_client, [backwards, flag]).content.decode()
    assert "The upper end of the range must be above the lower end." in page
    assert "Write yes or no; got &#x27;maybe&#x27;." in page
    assert not Question.objects.exists()
