"""What the API says of a numeric or date question beyond the common fields: its range, and a distribution (the
crowd's or a forecaster's) as its CDF with the median and 80% interval read from it. Dates are ISO 8601 times."""

from datetime import UTC, datetime

from rest_framework import serializers

from forecasts.selectors.distribution import summarize
from tracker.api.conventions.fields import api_time
from tracker.models import Question


class RangeSerializer(serializers.Serializer):
    min = serializers.JSONField(help_text="The lower end: a number, or a date question's ISO 8601 time.")
    max = serializers.JSONField(help_text="The upper end, as `min`.")
    open_lower_bound = serializers.BooleanField(help_text="The outcome may lie below the range.")
    open_upper_bound = serializers.BooleanField(help_text="The outcome may lie above the range.")
    scale = serializers.ChoiceField(choices=["linear", "log"])
    zero_point = serializers.JSONField(allow_null=True, help_text="Set on a logarithmic scale.")
    unit = serializers.CharField()


def _point(question, value: float | None):
    if value is None:
        return None
    if question.type == Question.Type.DATE:
        return api_time(datetime.fromtimestamp(value, tz=UTC))
    return value


def range_data(question) -> dict | None:
    """The `range` of a numeric or date question (a Question or a ListedQuestion); None for the other types."""
    if not question.is_continuous:
        return None
    return {
        "min": _point(question, question.range_min),
        "max": _point(question, question.range_max),
        "open_lower_bound": question.open_lower_bound,
        "open_upper_bound": question.open_upper_bound,
        "scale": "log" if question.zero_point is not None else "linear",
        "zero_point": _point(question, question.zero_point),
        "unit": question.unit,
    }


def distribution_data(question, cdf) -> dict:
    """`cdf`, `median` and `interval_80` of a distribution on the question (values or times as `range_data`)."""
    summary = summarize(question, cdf)
    return {
        "cdf": cdf,
        "median": _point(question, summary.median),
        "interval_80": [_point(question, summary.low), _point(question, summary.high)],
    }


def outcome_value(question):
    if question.is_continuous and question.status == Question.Status.RESOLVED:
        return _point(question, question.resolution_value)
    return None
