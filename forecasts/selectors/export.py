"""Questions and their forecast history in the interchange format."""

from forecasts.engine.interchange import format_time
from forecasts.models import Forecast
from tracker.models import Question


def _range_value(question: Question, value: float | None) -> float | str | None:
    """A numeric question's number, or a date question's time (ISO 8601), as the format writes them."""
    if value is None or question.type != Question.Type.DATE:
        return value
    return format_time(value)


def interchange_export(*, questions, forecasts=None) -> dict:
    """The questions and their forecast history in the interchange format (forecasts/engine/interchange.py).

    `forecasts` limits the rows (a reader's export passes `visible_forecasts(reader)`); by default every row.
    Two queries whatever the size: the questions with their options, then the forecast rows in time order. A
    withdrawal row becomes the `withdrawn_at` of the forecast it ended.
    """
    questions = list(questions.select_related("resolved_option").prefetch_related("options").order_by("pk"))
    by_id = {question.pk: question for question in questions}
    exported_questions = []
    for question in questions:
        options = [option.label for option in question.options.all()]
        resolution: float | str | None
        if question.status == Question.Status.ANNULLED:
            resolution = "annulled"
        elif question.status == Question.Status.RESOLVED and question.is_continuous:
            resolution = _range_value(question, question.resolution_value)
        elif question.status == Question.Status.RESOLVED:
            resolution = question.resolution if question.is_binary else question.resolved_option.label
        else:
            resolution = None
        entry = {
            "id": question.slug,
            "type": question.type,
            "opens_at": format_time((question.opened_at or question.opens_at).timestamp()),
            "scheduled_close_at": format_time(question.scheduled_close_at.timestamp()),
            "actual_close_at": format_time(question.actual_close_at.timestamp()) if question.actual_close_at else None,
            "resolution": resolution,
        }
        if question.is_continuous:
            entry["range"] = {
                "min": _range_value(question, question.range_min),
                "max": _range_value(question, question.range_max),
                "open_lower_bound": question.open_lower_bound,
                "open_upper_bound": question.open_upper_bound,
                "zero_point": _range_value(question, question.zero_point),
            }
        elif not question.is_binary:
            entry["options"] = options
        exported_questions.append(entry)
    rows = (
        (Forecast.objects.all() if forecasts is None else forecasts)
        .filter(question_id__in=by_id)
        .order_by("question_id", "created_at", "id")
        .values_list("question_id", "user__username", "created_at", "kind", "probability", "probabilities")
    )
    exported_forecasts: list[dict] = []
    standing: dict[tuple[int, str], dict] = {}
    for question_id, username, created_at, kind, probability, probabilities in rows:
        question = by_id[question_id]
        key = (question_id, username)
        if kind == Forecast.Kind.WITHDRAWAL:
            if key in standing:
                standing.pop(key)["withdrawn_at"] = format_time(created_at.timestamp())
            continue
        record = {"question": question.slug, "user": username, "at": format_time(created_at.timestamp())}
        if question.is_binary:
            record["probability"] = probability
        elif question.is_continuous:
            record["cdf"] = probabilities
        else:
            labels = [option.label for option in question.options.all()]
            record["probabilities"] = dict(zip(labels, probabilities, strict=True))
        record["withdrawn_at"] = None
        standing[key] = record
        exported_forecasts.append(record)
    return {"questions": exported_questions, "forecasts": exported_forecasts}
