"""`manage.py extract_claims PATH`: JSON lines with exact offsets, and one-line errors for bad input."""

import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError


def test_prints_one_json_object_per_claim_with_exact_offsets(capsys):
    path = settings.BASE_DIR / "seeds" / "articles" / "004_5002f70813df1946.txt"
    call_command("extract_claims", str(path), "--published", "2024-10-28")
    lines = capsys.readouterr().out.splitlines()
    with path.open(encoding="utf-8", newline="") as file:
        text = file.read()
    assert len(lines) >= 8
    for line in lines:
        claim = json.loads(line)
        assert set(claim) == {"quote", "start", "end", "title", "deadline", "confidence", "flags"}
        assert text[claim["start"] : claim["end"]] == claim["quote"]
    first = json.loads(lines[0])
    assert first["deadline"] == "2024-12-09"
    assert "10,000 troops" in first["title"]  # "in the coming weeks": 6 weeks


def test_bad_input_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("extract_claims", str(tmp_path / "missing.txt"))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Le café sera fermé.".encode("latin-1"))
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("extract_claims", str(latin1))
    good = tmp_path / "good.txt"
    good.write_text("Talks will resume next week in Geneva.", encoding="utf-8")
    with pytest.raises(CommandError, match="--published must be a date"):
        call_command("extract_claims", str(good), "--published", "yesterday")


def test_implicit_adds_the_lower_tier_and_a_kind_on_each_line(capsys):
    path = settings.BASE_DIR / "seeds" / "articles" / "003_03fa2d11b3bbc317.txt"
    call_command("extract_claims", str(path), "--published", "2024-12-17")
    forecasts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    call_command("extract_claims", str(path), "--published", "2024-12-17", "--implicit")
    both = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [{k: v for k, v in c.items() if k != "kind"} for c in both if c["kind"] == "forecast"] == forecasts
    implied = [c for c in both if c["kind"] == "implicit"]
    assert implied
    assert all(c["confidence"] <= 0.35 for c in implied)
    assert any("Countries should assess their military readiness" in c["quote"] for c in implied)
