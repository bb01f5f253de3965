"""Fields and query parameters that refuse what they do not understand instead of guessing (a 400 naming the
parameter), and times as the API reads and writes them."""

from datetime import UTC, datetime

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers
from rest_framework.request import Request

from tracker.lib.times import sane_time

# DRF turns 0 into False, 12 into "12" and "12" into 12; the schema promises a boolean, a string, an integer. These
# fields take only what the schema says, so a client's type mistake is a 400 naming the field, not a guess.

MAX_ID = 2**63 - 1  # the largest id a database column holds


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter for the API, where a parameter with a fixed set of values or a format (a status, an ordering, a
    time) given empty is a 400, as the schema says; the web pages, where an empty select means "any", use the same
    filter sets without this."""

    def get_filterset_kwargs(self, request: Request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        strict = (django_filters.ChoiceFilter, django_filters.OrderingFilter, django_filters.IsoDateTimeFilter)
        empty = [
            name
            for name, field in filterset_class.base_filters.items()
            if isinstance(field, strict) and request.query_params.get(name, None) == ""
        ]
        if empty:
            raise exceptions.ValidationError({name: ["Give a value, or leave the parameter out."] for name in empty})
        return kwargs


class StrictSlugRelatedField(serializers.SlugRelatedField):
    """A slug naming a row, or null; an empty string is neither (DRF would quietly take it for null)."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)


def bool_param(request: Request, name: str) -> bool | None:
    """A true/false query parameter (absent: None); a 400 naming it for anything else."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if value not in ("true", "false", "1", "0"):
        raise exceptions.ValidationError({name: ["true or false."]})
    return value in ("true", "1")


def api_time(value: datetime) -> str:
    """A time as the API writes it: ISO-8601 in UTC with a Z, as DRF's DateTimeField writes it under TIME_ZONE =
    UTC, without its per-call lookup of the active time zone (hundreds of times a page)."""
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def id_param(request: Request, name: str) -> int | None:
    """An id from the query string, or None when absent; a 400 naming the parameter when it is not an id."""
    value = request.query_params.get(name)
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise exceptions.ValidationError({name: "An id: a whole number."})
    return int(value)


class TimeField(serializers.DateTimeField):
    """An ISO-8601 time in a request, checked like every time a user sends (tracker.lib.times.sane_time)."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        try:
            return sane_time(parsed, field="value")
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict["value"]) from None


def time_param(value: str, name: str):
    """An ISO-8601 time from the query string; a 400 naming the parameter otherwise."""
    try:
        return TimeField().to_internal_value(value)
    except exceptions.ValidationError:
        raise exceptions.ValidationError(
            {name: "Give an ISO-8601 time between 2000 and 2100, e.g. 2027-01-31T00:00:00Z."}
        ) from None
