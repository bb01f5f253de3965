"""Questions in and out as CSV or JSON. Import goes through `question_create` row by row inside one transaction:
a dry run reports every row and keeps nothing; a real import keeps everything or, if any row is refused, nothing.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from tracker import services
from tracker.models import Question, Scenario, Team

COLUMNS = [
    "slug",
    "title",
    "type",
    "options",
    "scenario",
    "team",
    "visibility",
    "tags",
    "opens_at",
    "scheduled_close_at",
    "resolve_by",
    "resolution_criteria",
    "background",
    "fine_print",
]
MAX_ROWS = 5000


def questions_export(questions) -> list[dict]:
    """One flat record per question, in COLUMNS (options `; `-separated, tags `, `-separated, ISO times)."""
    rows = []
    for question in questions.select_related("scenario", "team").prefetch_related("options", "tags"):
        rows.append(
            {
                "slug": question.slug,
                "title": question.title,
                "type": question.type,
                "options": "; ".join(option.label for option in question.options.all()),
                "scenario": question.scenario.slug if question.scenario_id else "",
                "team": question.team.slug if question.team_id else "",
                "visibility": question.visibility,
                "tags": ", ".join(tag.name for tag in question.tags.all()),
                "opens_at": question.opens_at.isoformat(),
                "scheduled_close_at": question.scheduled_close_at.isoformat(),
                "resolve_by": question.resolve_by.isoformat(),
                "resolution_criteria": question.resolution_criteria,
                "background": question.background,
                "fine_print": question.fine_print,
            }
        )
    return rows


def rows_to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def rows_from_file(content: str, *, filename: str) -> list[dict]:
    """Rows of a .csv or .json file; ValidationError with a one-line reason for a file that is not one."""
    if filename.lower().endswith(".json"):
        try:
            data = json.loads(content)
        except json.JSONDecodeError as error:
            raise ValidationError({"file": f"Not valid JSON (line {error.lineno}): {error.msg}."}) from None
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise ValidationError({"file": "The JSON must be a list of objects, one per question."})
        rows = data
    elif filename.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(content))
        missing = {"title", "resolution_criteria", "opens_at", "scheduled_close_at", "resolve_by"} - set(
            reader.fieldnames or []
        )
        if missing:
            raise ValidationError({"file": f"The CSV lacks the column(s) {', '.join(sorted(missing))}."})
        rows = list(reader)
    else:
        raise ValidationError({"file": "Upload a .csv or .json file."})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"At most {MAX_ROWS} rows per file."})
    return rows


@dataclass
class ImportReport:
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, title, "ok" or the errors)
    applied: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for _, _, outcome in self.rows if outcome != "ok")


def _time(row: dict, name: str):
    value = (row.get(name) or "").strip()
    parsed = parse_datetime(value) if value else None
    if parsed is None or parsed.tzinfo is None:
        raise ValidationError({name: f"An ISO-8601 time with a zone, e.g. 2027-06-30T00:00:00Z; got {value!r}."})
    return parsed


def _arguments(row: dict) -> dict:
    errors: dict = {}
    arguments = {
        "title": str(row.get("title") or "").strip(),
        "resolution_criteria": str(row.get("resolution_criteria") or "").strip(),
        "type": str(row.get("type") or Question.Type.BINARY).strip(),
        "visibility": str(row.get("visibility") or Question.Visibility.PUBLIC).strip(),
        "slug": str(row.get("slug") or "").strip(),
        "background": str(row.get("background") or ""),
        "fine_print": str(row.get("fine_print") or ""),
        "tags": [tag.strip() for tag in str(row.get("tags") or "").split(",") if tag.strip()],
    }
    options = [label.strip() for label in str(row.get("options") or "").split(";") if label.strip()]
    arguments["options"] = options or None
    for name in ("opens_at", "scheduled_close_at", "resolve_by"):
        try:
            arguments[name] = _time(row, name)
        except ValidationError as error:
            errors.update(error.message_dict)
    for name, model in (("scenario", Scenario), ("team", Team)):
        slug = str(row.get(name) or "").strip()
        arguments[name] = model.objects.filter(slug=slug).first() if slug else None
        if slug and arguments[name] is None:
            errors[name] = [f"No {name} with the slug {slug!r}."]
    if errors:
        raise ValidationError(errors)
    return arguments


def questions_import(*, rows: list[dict], actor, dry_run: bool) -> ImportReport:
    """Create draft questions from rows; every row is checked by the same service as the admin's form."""
    report = ImportReport()
    with transaction.atomic():
        for number, row in enumerate(rows, start=1):
            title = str(row.get("title") or "")[:80]
            try:
                with transaction.atomic():
                    services.question_create(created_by=actor, **_arguments(row))
                report.rows.append((number, title, "ok"))
            except ValidationError as error:
                messages = error.message_dict if hasattr(error, "error_dict") else {"row": error.messages}
                text = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in messages.items())
                report.rows.append((number, title, text))
            except PermissionDenied as error:
                report.rows.append((number, title, str(error)))
        report.applied = not dry_run and report.errors == 0
        if not report.applied:
            transaction.set_rollback(True)
    return report
