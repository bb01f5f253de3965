"""Records in and out as CSV or JSON, for any kind of record (questions, evidence). An import runs every row through
its service inside one transaction: a dry run reports every row and keeps nothing; a real import keeps every row
or, if any row is refused, none."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tracker.lib.csv_cells import csv_cell_value, csv_text
from tracker.lib.errors import messages_by_field
from tracker.lib.text import has_control_characters, json_depth

MAX_ROWS = 5000


MAX_CELL_CHARACTERS = 20_000
MAX_JSON_DEPTH = 8


def rows_to_csv(rows: list[dict], columns: list[str]) -> str:
    """The rows in `columns` order, formula-looking cells neutralised (tracker.lib.csv_cells)."""
    return csv_text(columns, ([row.get(column, "") for column in columns] for row in rows))


def rows_from_file(content: str, *, filename: str, required, noun: str) -> list[dict]:
    """Rows of a .csv or .json file; ValidationError with a one-line reason for a file that is not one."""
    if filename.lower().endswith(".json"):
        if json_depth(content) > MAX_JSON_DEPTH:
            raise ValidationError({"file": f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels."})
        try:
            data = json.loads(content)
        except json.JSONDecodeError as error:
            raise ValidationError({"file": f"Not valid JSON (line {error.lineno}): {error.msg}."}) from None
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            raise ValidationError({"file": f"The JSON must be a list of objects, one per {noun}."})
        rows = data
    elif filename.lower().endswith(".csv"):
        if "\x00" in content:
            raise ValidationError({"file": "The CSV contains NUL characters; it is not a text file."})
        reader = csv.DictReader(io.StringIO(content))
        try:
            missing = set(required) - set(reader.fieldnames or [])
            if missing:
                raise ValidationError({"file": f"The CSV lacks the column(s) {', '.join(sorted(missing))}."})
            rows = [{name: csv_cell_value(value or "") for name, value in row.items()} for row in reader]
        except csv.Error as error:
            raise ValidationError({"file": f"The CSV cannot be read (line {reader.line_num}): {error}."}) from None
    else:
        raise ValidationError({"file": "Upload a .csv or .json file."})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"file": f"At most {MAX_ROWS} rows per file."})
    return rows


def check_row(row: dict) -> None:
    """A row's cells are short plain text (or numbers and booleans); ValidationError by column otherwise."""
    errors = {}
    for name, value in row.items():
        column = str(name)[:60]
        if value is None or isinstance(value, bool | int | float):
            continue
        if not isinstance(value, str):
            errors[column] = ["Give plain text here, not a list or an object."]
        elif len(value) > MAX_CELL_CHARACTERS:
            errors[column] = [f"At most {MAX_CELL_CHARACTERS:,} characters; got {len(value):,}."]
        elif has_control_characters(value):
            errors[column] = ["Control characters (such as NUL) are not allowed."]
    if errors:
        raise ValidationError(errors)


@dataclass
class ImportReport:
    """Each row's outcome; `applied` only when it was not a dry run and every row was accepted."""

    rows: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, title, "ok" or the errors)
    applied: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for _, _, outcome in self.rows if outcome != "ok")


def import_rows(rows: list[dict], *, label: Callable[[dict], str], create: Callable[[dict], object], dry_run: bool):
    report = ImportReport()
    with transaction.atomic():
        for number, row in enumerate(rows, start=1):
            try:
                check_row(row)
                with transaction.atomic():
                    create(row)
                report.rows.append((number, label(row), "ok"))
            except ValidationError as error:
                messages = messages_by_field(error, whole="row")
                text = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in messages.items())
                report.rows.append((number, label(row), text))
            except PermissionDenied as error:
                report.rows.append((number, label(row), str(error)))
        report.applied = not dry_run and report.errors == 0
        if not report.applied:
            transaction.set_rollback(True)
    return report
