"""Evidence in and out as CSV or JSON: one row per evidence link, naming its question by slug. Import adds each
row through `evidence_add` (the curator of the row's question only), all rows or none."""

from django.core.exceptions import ValidationError

from tracker.accounts.permissions import user_can_curate
from tracker.curation.models import Source
from tracker.curation.question_io import parse_time
from tracker.curation.selectors import source_visible_filter
from tracker.curation.tabular import ImportReport, import_rows, rows_from_file, rows_to_csv
from tracker.lib.times import EARLIEST_PUBLICATION_YEAR
from tracker.questions.models import Question
from tracker.questions.services.evidence import evidence_add

COLUMNS = [
    "question",
    "title",
    "url",
    "source",
    "publisher",
    "published_at",
    "published_precision",
    "stance",
    "option",
    "quote",
    "summary",
]
REQUIRED = ("question", "title", "stance")


def evidence_export(evidence) -> list[dict]:
    rows = []
    for item in evidence.select_related("question", "source", "option").order_by("question_id", "added_at", "id"):
        rows.append(
            {
                "question": item.question.slug,
                "title": item.title,
                "url": item.url,
                "source": item.source.slug if item.source_id else "",
                "publisher": item.publisher,
                "published_at": item.published_at.isoformat() if item.published_at else "",
                "published_precision": item.published_precision,
                "stance": item.stance,
                "option": item.option.label if item.option_id else "",
                "quote": item.quote,
                "summary": item.summary,
            }
        )
    return rows


def _arguments(row: dict, actor) -> dict:
    errors: dict = {}
    slug = str(row.get("question") or "").strip()
    question = Question.objects.filter(slug=slug).first() if slug else None
    # Another team's question reads as missing: an import must not tell a curator which slugs exist elsewhere.
    if question is None or (actor is not None and not user_can_curate(user=actor, question=question)):
        raise ValidationError({"question": f"No question with the slug {slug!r} among those you curate."})
    arguments = {
        "question": question,
        "title": str(row.get("title") or "").strip(),
        "url": str(row.get("url") or "").strip(),
        "publisher": str(row.get("publisher") or "").strip(),
        "published_precision": str(row.get("published_precision") or "day").strip(),
        "stance": str(row.get("stance") or "").strip(),
        "option": str(row.get("option") or "").strip() or None,
        "quote": str(row.get("quote") or ""),
        "summary": str(row.get("summary") or ""),
        "added_by": actor,
    }
    source_slug = str(row.get("source") or "").strip()
    # Another team's article reads as missing too.
    sources = Source.objects.filter(source_visible_filter(actor)) if actor is not None else Source.objects
    arguments["source"] = sources.filter(slug=source_slug).first() if source_slug else None
    if source_slug and arguments["source"] is None:
        errors["source"] = [f"No source with the slug {source_slug!r}."]
    try:
        arguments["published_at"] = parse_time(
            row, "published_at", required=False, earliest_year=EARLIEST_PUBLICATION_YEAR
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return arguments


def evidence_import(*, rows: list[dict], actor, dry_run: bool) -> ImportReport:
    return import_rows(
        rows,
        label=lambda row: f"{row.get('question') or '?'}: {str(row.get('title') or '')[:60]}",
        create=lambda row: evidence_add(**_arguments(row, actor)),
        dry_run=dry_run,
    )


def evidence_to_csv(rows: list[dict]) -> str:
    return rows_to_csv(rows, COLUMNS)


def evidence_from_file(content: str, *, filename: str) -> list[dict]:
    return rows_from_file(content, filename=filename, required=REQUIRED, noun="evidence link")
