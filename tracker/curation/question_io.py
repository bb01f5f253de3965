"""Questions in and out as CSV or JSON. Import goes through `question_create` row by row inside one transaction:
a dry run reports every row and keeps nothing; a real import keeps everything or, if any row is refused, nothing.
"""

from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from tracker.accounts.models import Team
from tracker.curation.tabular import ImportReport, import_rows, rows_from_file, rows_to_csv
from tracker.lib.forms import comma_list
from tracker.lib.times import EARLIEST_YEAR, sane_time
from tracker.questions.models import Question
from tracker.questions.services.questions import question_create
from tracker.scenarios.models import Scenario

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
    # Numeric and date questions (empty for the others); a date question's ends as ISO dates.
    "range_min",
    "range_max",
    "open_lower_bound",
    "open_upper_bound",
    "zero_point",
    "unit",
]
REQUIRED = ("title", "resolution_criteria", "opens_at", "scheduled_close_at", "resolve_by")


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
                **_range_columns(question),
            }
        )
    return rows


def parse_time(row: dict, name: str, *, required: bool = True, earliest_year: int = EARLIEST_YEAR):
    """An ISO-8601 time with a zone from the row, in UTC; None for an empty optional one."""
    value = str(row.get(name) or "").strip()
    if not value and not required:
        return None
    example = f"An ISO-8601 time with a zone, e.g. 2027-06-30T00:00:00Z; got {value[:40]!r}."
    try:
        parsed = parse_datetime(value) if value else None
    except ValueError:  # well formed but impossible, e.g. 2027-02-30
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise ValidationError({name: example})
    return sane_time(parsed, field=name, earliest_year=earliest_year)


def _range_columns(question: Question) -> dict:
    if not question.is_continuous:
        return dict.fromkeys(
            ("range_min", "range_max", "open_lower_bound", "open_upper_bound", "zero_point", "unit"), ""
        )

    def shown(value: float | None) -> str:
        if value is None:
            return ""
        if question.type == Question.Type.DATE:
            return datetime.fromtimestamp(value, tz=UTC).date().isoformat()
        return f"{value:g}"

    return {
        "range_min": shown(question.range_min),
        "range_max": shown(question.range_max),
        "open_lower_bound": "yes" if question.open_lower_bound else "no",
        "open_upper_bound": "yes" if question.open_upper_bound else "no",
        "zero_point": shown(question.zero_point),
        "unit": question.unit,
    }


def _flag(row: dict, name: str) -> bool:
    """A yes/no column: yes, true or 1 (any case) is yes; empty is no; anything else is an error."""
    value = str(row.get(name) or "").strip().lower()
    if value in ("", "no", "false", "0"):
        return False
    if value in ("yes", "true", "1"):
        return True
    raise ValidationError({name: f"Write yes or no; got {value[:20]!r}."})


def _arguments(row: dict) -> dict:
    errors: dict = {}
    arguments: dict[str, Any] = {
        "title": str(row.get("title") or "").strip(),
        "resolution_criteria": str(row.get("resolution_criteria") or "").strip(),
        "type": str(row.get("type") or Question.Type.BINARY).strip(),
        "visibility": str(row.get("visibility") or Question.Visibility.PUBLIC).strip(),
        "slug": str(row.get("slug") or "").strip(),
        "background": str(row.get("background") or ""),
        "fine_print": str(row.get("fine_print") or ""),
        "tags": comma_list(str(row.get("tags") or "")),
    }
    options = [label.strip() for label in str(row.get("options") or "").split(";") if label.strip()]
    arguments["options"] = options or None
    for name in ("range_min", "range_max", "zero_point", "unit"):
        arguments[name] = str(row.get(name) or "").strip() or None
    arguments["unit"] = arguments["unit"] or ""
    for name in ("open_lower_bound", "open_upper_bound"):
        try:
            arguments[name] = _flag(row, name)
        except ValidationError as error:
            errors.update(error.message_dict)
    for name in ("opens_at", "scheduled_close_at", "resolve_by"):
        try:
            arguments[name] = parse_time(row, name)
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
    return import_rows(
        rows,
        label=lambda row: str(row.get("title") or "")[:80],
        create=lambda row: question_create(created_by=actor, **_arguments(row)),
        dry_run=dry_run,
    )


def questions_to_csv(rows: list[dict]) -> str:
    return rows_to_csv(rows, COLUMNS)


def questions_from_file(content: str, *, filename: str) -> list[dict]:
    return rows_from_file(content, filename=filename, required=REQUIRED, noun="question")
