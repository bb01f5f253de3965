"""Evidence in and out of the admin as CSV and JSON: row-level errors, all or nothing, curators only, round trip."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.curation.evidence_io import COLUMNS, evidence_import
from tracker.models import Evidence, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    binary = make_question(title="Will Seoul send observers?", slug="seoul-observers")
    choice = make_question(
        title="Which package?", slug="which-package", type="multiple_choice", options=["Small", "Large"]
    )
    return binary, choice


def upload(client, content: str, *, name: str, dry_run=False):
    data = {"file": SimpleUploadedFile(name, content.encode())}
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/admin/tracker/evidence/import/", data)


ROWS = [
    {
        "question": "seoul-observers",
        "title": "Ministry hints at observers",
        "url": "https://example.org/a",
        "stance": "supports_yes",
        "published_at": "2025-01-02T00:00:00Z",
        "quote": "We are considering it.",
    },
    {
        "question": "which-package",
        "title": "Large package tabled",
        "url": "https://example.org/b",
        "stance": "supports_option",
        "option": "Large",
    },
]


def test_dry_run_then_import_then_export_round_trips(client, questions):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    dry = upload(client, json.dumps(ROWS), name="evidence.json", dry_run=True)
    assert dry.status_code == 200
    assert "Dry run: all 2 row(s) would import." in dry.content.decode()
    assert not Evidence.objects.exists()
    done = upload(client, json.dumps(ROWS), name="evidence.json")
    assert "Imported 2 evidence link(s)." in done.content.decode()
    large = Evidence.objects.get(title="Large package tabled")
    assert large.option.label == "Large"
    assert large.stance == "supports_option"
    exported = client.post(
        "/admin/tracker/evidence/",
        {"action": "export_csv", "_selected_action": list(Evidence.objects.values_list("pk", flat=True))},
    )
    assert exported["Content-Type"].startswith("text/csv")
    text = exported.content.decode()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    # The export imports again as the same evidence (a second copy of each link).
    again = upload(client, text, name="evidence.csv")
    assert "Imported 2 evidence link(s)." in again.content.decode()
    pairs = sorted(Evidence.objects.values_list("question__slug", "title", "stance", "url", "quote"))
    assert pairs[0] == pairs[1]
    assert pairs[2] == pairs[3]
    as_json = client.post("/admin/tracker/evidence/", {"action": "export_json", "_selected_action": [large.pk]})
    assert json.loads(as_json.content)[0]["option"] == "Large"


def test_a_bad_row_is_reported_and_nothing_is_imported(client, questions):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    bad = [
        ROWS[0],
        {**ROWS[0], "question": "no-such-question"},
        {**ROWS[0], "stance": "supports_option"},
        {**ROWS[1], "option": "Medium"},
        {**ROWS[0], "url": "", "source": ""},
        {**ROWS[0], "published_at": "yesterday"},
    ]
    response = upload(client, json.dumps(bad), name="evidence.json")
    page = response.content.decode()
    assert response.status_code == 400
    assert "5 row(s) refused: nothing was imported." in page
    for reason in (
        "No question with the slug",
        "A binary question&#x27;s evidence supports yes, supports no, or is context.",
        "The option is not one of this question&#x27;s options.",
        "Evidence needs a URL or a source.",
        "An ISO-8601 time with a zone",
    ):
        assert reason in page
    assert not Evidence.objects.exists()


def test_only_the_question_curators_rows_are_accepted_and_bad_files_are_one_line_errors(client):
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR)
    theirs = make_question(title="Team question?", slug="team-question", team=team, visibility="team")
    other = make_question(title="Another team's?", slug="other-team", team=TeamFactory(), visibility="team")
    rows = [{**ROWS[0], "question": theirs.slug}, {**ROWS[0], "question": other.slug}]
    report = evidence_import(rows=rows, actor=curator, dry_run=False)
    assert [outcome for _, _, outcome in report.rows] == [
        "ok",
        "question: No question with the slug 'other-team' among those you curate.",
    ]  # another team's question reads as missing: the import does not reveal which slugs exist
    assert not report.applied
    assert not Evidence.objects.exists()
    report = evidence_import(rows=rows[:1], actor=curator, dry_run=False)
    assert report.applied
    assert Evidence.objects.get().added_by == curator

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "lacks the column(s) stance" in upload(client, "question,title\nx,y\n", name="e.csv").content.decode()
    assert "Upload a .csv or .json file." in upload(client, "x", name="e.txt").content.decode()
    assert "list of objects, one per evidence link" in upload(client, "{}", name="e.json").content.decode()
    assert (
        "not UTF-8"
        in client.post(
            "/admin/tracker/evidence/import/", {"file": SimpleUploadedFile("e.csv", "café".encode("latin-1"))}
        ).content.decode()
    )
