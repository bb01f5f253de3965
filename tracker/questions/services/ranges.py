"""The range of a numeric or date question, checked once for every path that sets it (create, edit, import, API,
admin), and the value a resolution gives it.

A date question's bounds and outcome are times; they are stored as Unix seconds (UTC) like Metaculus' so that the
scale, the CDF and the scores treat both kinds alike."""

import math
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker.questions.models import Question

RANGE_FIELDS = ("range_min", "range_max", "open_lower_bound", "open_upper_bound", "zero_point", "unit")
CONTINUOUS_TYPES = (Question.Type.NUMERIC, Question.Type.DATE)


def as_range_number(value: Any, *, field: str, is_date: bool) -> float | None:
    """A bound or zero point as stored: a number, or for a date question a time (aware datetime or ISO text)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise ValidationError({field: "Times must carry a time zone (UTC)."})
        return value.timestamp()
    if is_date and isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError({field: f"Give a date or time in ISO 8601 (2027-03-14); got {value!r}."}) from None
        if timezone.is_naive(parsed):
            parsed = parsed.replace(tzinfo=timezone.get_fixed_timezone(0))
        return parsed.timestamp()
    if isinstance(value, bool):
        raise ValidationError({field: f"{field} must be a number; got {value!r}."})
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"{field} must be a number; got {value!r}."}) from None
    if not math.isfinite(number):
        raise ValidationError({field: f"{field} must be a finite number."})
    return number


def range_fields_clean(*, type: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The range fields a question of this type stores, or ValidationError naming the field and the reason.

    Binary and multiple-choice questions take none. A numeric or date question needs min < max; a logarithmic
    scale (a zero point) needs the zero point outside the range, as its logarithm would otherwise be undefined."""
    given = {name: value for name, value in fields.items() if name in RANGE_FIELDS}
    if type not in CONTINUOUS_TYPES:
        stray = [name for name, value in given.items() if value is not None and value != "" and value is not False]
        if stray:
            raise ValidationError({stray[0]: "Only numeric and date questions have a range."})
        return {}
    is_date = type == Question.Type.DATE
    lower = as_range_number(given.get("range_min"), field="range_min", is_date=is_date)
    upper = as_range_number(given.get("range_max"), field="range_max", is_date=is_date)
    zero_point = as_range_number(given.get("zero_point"), field="zero_point", is_date=is_date)
    errors = {}
    if lower is None:
        errors["range_min"] = "A numeric or date question needs the lower end of its range."
    if upper is None:
        errors["range_max"] = "A numeric or date question needs the upper end of its range."
    if lower is None or upper is None:
        raise ValidationError(errors)
    if lower >= upper:
        raise ValidationError({"range_max": "The upper end of the range must be above the lower end."})
    if zero_point is not None and lower <= zero_point <= upper:
        raise ValidationError(
            {"zero_point": "A logarithmic scale's zero point lies outside the range (below its lower end, usually 0)."}
        )
    unit = str(given.get("unit") or "").strip()
    if is_date and unit:
        raise ValidationError({"unit": "A date question's unit is the date itself; leave the unit empty."})
    if len(unit) > 40:
        raise ValidationError({"unit": "A unit has at most 40 characters."})
    return {
        "range_min": lower,
        "range_max": upper,
        "open_lower_bound": bool(given.get("open_lower_bound")),
        "open_upper_bound": bool(given.get("open_upper_bound")),
        "zero_point": zero_point,
        "unit": unit,
    }


def resolution_value_clean(question: Question, outcome: Any) -> float:
    """The value a numeric or date question resolves to. Beyond a closed bound is an error (the question said the
    outcome cannot lie there: resolve at the bound or annul); beyond an open bound is scored as such."""
    value = as_range_number(outcome, field="outcome", is_date=question.type == Question.Type.DATE)
    if value is None:
        kind = "date" if question.type == Question.Type.DATE else "number"
        raise ValidationError({"outcome": f"This question resolves to a {kind}."})
    lower, upper = question.range_min, question.range_max
    if lower is None or upper is None:
        raise ValidationError({"outcome": "This question has no range to resolve in."})
    if value < lower and not question.open_lower_bound:
        raise ValidationError({"outcome": "The outcome lies below the range and the lower bound is closed."})
    if value > upper and not question.open_upper_bound:
        raise ValidationError({"outcome": "The outcome lies above the range and the upper bound is closed."})
    return value
