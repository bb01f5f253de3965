"""export_forecasts and score_file: the offline scorer reproduces the database's scores; bad files fail clearly."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from forecasts.models import Score
from forecasts.offline.batch_scoring import score_document
from forecasts.selectors.export import interchange_export
from tests.seed_snapshot import seed_story
from tracker.models import Question

RULES = ("final_brier", "daily_brier", "relative_brier", "log", "baseline", "peer")


@pytest.mark.django_db
def test_score_file_on_the_seeded_export_reproduces_the_database_scores(tmp_path):
    seed_story()
    export = tmp_path / "export.json"
    call_command("export_forecasts", "--output", str(export))
    output = tmp_path / "scores.json"
    call_command("score_file", str(export), "--output", str(output))
    offline = json.loads(output.read_text())

    stored = {}
    for score in Score.objects.select_related("question", "user"):
        who = "crowd" if score.is_crowd else score.user.username
        stored.setdefault((score.question.slug, who), {})[score.rule] = score.value
        stored[(score.question.slug, who)]["coverage"] = score.coverage
    compared = 0
    for row in offline["scores"] + offline["crowd"]:
        key = (row["question"], row["user"])
        if key not in stored:
            # The database keeps no row for someone whose every forecast came after the close.
            assert all(row[rule] is None for rule in RULES), key
            continue
        # A numeric or date question's rows carry its own rules (baseline, peer, CRPS); the others are null.
        for rule in (*stored[key].keys(),):
            if stored[key][rule] is None:
                assert row[rule] is None, (key, rule)
            else:
                assert row[rule] == pytest.approx(stored[key][rule], abs=1e-9), (key, rule)
            compared += 1
    assert compared == Score.objects.count() + Score.objects.values("question", "user", "is_crowd").distinct().count()
    distribution_rows = [row for row in offline["scores"] if "crps" in row]
    assert {row["question"] for row in distribution_rows} == set(
        Question.objects.filter(type__in=["numeric", "date"], status="resolved").values_list("slug", flat=True)
    )


@pytest.mark.django_db
def test_export_uses_a_constant_number_of_queries(django_assert_num_queries):
    seed_story()
    with django_assert_num_queries(3):  # questions, their options, forecasts
        document = interchange_export(questions=Question.objects.all())
    assert len(document["questions"]) == Question.objects.count()
    withdrawn = [f for f in document["forecasts"] if f["withdrawn_at"]]
    assert withdrawn, "the seed has withdrawals; they become withdrawn_at"
    assert score_document(document)["scores"]


def test_score_file_needs_no_database(tmp_path):
    document = {
        "questions": [
            {
                "id": "q",
                "type": "binary",
                "opens_at": "2025-01-01T00:00:00Z",
                "scheduled_close_at": "2025-01-03T00:00:00Z",
                "actual_close_at": "2025-01-03T00:00:00Z",
                "resolution": "no",
            }
        ],
        "forecasts": [{"question": "q", "user": "a", "at": "2025-01-01T00:00:00Z", "probability": 0.1}],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(document))
    env = dict(os.environ, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = subprocess.run(
        [sys.executable, "manage.py", "score_file", str(path)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)["scores"]
    assert row["final_brier"] == pytest.approx(0.02)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        (
            json.dumps(
                {
                    "questions": [],
                    "forecasts": [{"question": "x", "user": "u", "at": "2025-01-01T00:00:00Z", "probability": 0.5}],
                }
            ),
            "forecasts[0]: unknown question 'x'.",
        ),
    ],
)
def test_bad_files_exit_non_zero_with_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = subprocess.run(
        [sys.executable, "manage.py", "score_file", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_unknown_method():
    with pytest.raises(CommandError, match=re.escape("Cannot read /no/such/file.json")):
        call_command("score_file", "/no/such/file.json")
    with pytest.raises(CommandError, match="Unknown method"):
        call_command("score_file", "/no/such/file.json", "--methods", "mode")


def test_a_failed_run_leaves_no_output_file(tmp_path):
    source = tmp_path / "bad.json"
    source.write_text(json.dumps({"questions": [], "forecasts": [{"question": "x"}]}))
    target = tmp_path / "out.json"
    with pytest.raises(CommandError, match=re.escape("forecasts[0]: unknown question 'x'.")):
        call_command("score_file", str(source), "--output", str(target))
    assert list(tmp_path.iterdir()) == [source]


def test_the_output_file_has_ordinary_permissions(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"questions": [], "forecasts": []}))
    target = tmp_path / "out.json"
    umask = os.umask(0o022)
    try:
        call_command("score_file", str(source), "--output", str(target))
    finally:
        os.umask(umask)
    assert json.loads(target.read_text()) == {"community": [], "scores": [], "crowd": []}
    assert target.stat().st_mode & 0o777 == 0o644
