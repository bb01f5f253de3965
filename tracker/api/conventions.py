"""The REST API's conventions, shared by every endpoint: token authentication and scopes, one error shape,
pagination, and idempotent writes.

Errors always look like `{"errors": [{"field": "probability", "message": "…"}]}` (`field` is null for errors about
the request as a whole; nested fields are written `forecasts[2].probability`).
"""

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, parsers, permissions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tracker.accounts.models import ApiToken
from tracker.accounts.tokens import api_token_authenticate
from tracker.lib.cache import CacheUnavailable
from tracker.lib.errors import error_body
from tracker.lib.limits import RateLimited
from tracker.lib.pagination import EXACT_COUNT_LIMIT, BoundedCountPaginator
from tracker.lib.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters, json_depth
from tracker.lib.times import sane_time
from tracker.ops.models import IdempotentRequest

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_ID = 2**63 - 1  # the largest id a database column holds
logger = logging.getLogger(__name__)


# --- authentication and scopes ----------------------------------------------------------------------------------


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer sp_…` (or `Token sp_…`). Tokens are never read from the URL."""

    keywords = (b"bearer", b"token")

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("The Authorization header must be `Bearer <token>`.")
        try:
            raw = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid text.") from None
        token = api_token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown, revoked, or its user is inactive.")
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def token_scope(request) -> str | None:
    """The scope of the request's token, or None for a session (full rights of the signed-in user)."""
    return request.auth.scope if isinstance(request.auth, ApiToken) else None


class ReadOrSignedInWrite(permissions.BasePermission):
    """Anyone may read what the selectors let them see; writes need a signed-in user, and a read-write token when
    a token is used."""

    message = "Sign in, or send a token with the write scope, to change anything."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if token_scope(request) == ApiToken.Scope.READ:
            self.message = "This token is read-only; create one with the write scope to change anything."
            return False
        return True


class SignedIn(ReadOrSignedInWrite):
    """Personal endpoints: reads need a signed-in user too."""

    message = "Sign in or send an API token."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return super().has_permission(request, view)


# --- strict field types -----------------------------------------------------------------------------------------
# DRF turns 0 into False, 12 into "12" and "12" into 12; the schema promises a boolean, a string, an integer. These
# fields take only what the schema says, so a client's type mistake is a 400 naming the field, not a guess.


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

    def get_filterset_kwargs(self, request, queryset, view):
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


def bool_param(request, name: str) -> bool | None:
    """A true/false query parameter (absent: None); a 400 naming it for anything else."""
    value = request.query_params.get(name)
    if value is None:
        return None
    if value not in ("true", "false", "1", "0"):
        raise exceptions.ValidationError({name: ["true or false."]})
    return value in ("true", "1")


# --- request bodies ---------------------------------------------------------------------------------------------

MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"The request body is larger than {MAX_JSON_BYTES // 1024} KiB."
    default_code = "too_large"


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows.")


def _control_characters_at(data, path: str = "") -> str | None:
    """Where in parsed JSON a key or string carries a control character (the field path), or None."""
    if isinstance(data, str):
        return path or None if has_control_characters(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if has_control_characters(str(key)):
                return where
            found = _control_characters_at(value, where)
            if found is not None:
                return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found = _control_characters_at(value, f"{path}[{index}]")
            if found is not None:
                return found
    return None


class JSONParser(parsers.JSONParser):
    """JSON bodies with limits: at most 1 MiB (413), nested at most 32 deep, no NaN or Infinity, and no control
    characters in any key or string (400 naming the field), all checked before anything reaches a view."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_JSON_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_JSON_BYTES:
            raise RequestTooLarge()
        try:
            text = raw.decode((parser_context or {}).get("encoding") or "utf-8")
        except UnicodeDecodeError:
            raise exceptions.ParseError("The body is not UTF-8 text.") from None
        if json_depth(text) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels.")
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise exceptions.ParseError(f"The body is not valid JSON: {error}") from None
        where = _control_characters_at(data)
        if where is not None:
            raise exceptions.ValidationError({where: [CONTROL_CHARACTERS_MESSAGE]})
        return data


# --- errors -----------------------------------------------------------------------------------------------------


def exception_handler(exc, context):
    """DRF's handler, then one error shape; services' Django errors become 400/403/404 instead of 500."""
    # Imported here: DRF imports this module while rest_framework.views is still loading.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        if isinstance(exc, RateLimited):
            response = Response(error_body(detail), status=status.HTTP_429_TOO_MANY_REQUESTS)
            response["Retry-After"] = str(exc.retry_after)
            return response
        return Response(error_body(detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None:
        data = response.data
        if isinstance(data, dict) and set(data) == {"detail"}:
            data = data["detail"]  # a message about the request as a whole
        response.data = error_body(data)
    return response


# --- throttling -------------------------------------------------------------------------------------------------


class _FailOpen:
    """Counting happens in the cache (Redis in production); if it is unreachable the request is served, not
    failed: an outage of Redis must not take the API down with it."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except CacheUnavailable:
            return True  # the cache failed moments ago and was logged then (tracker.lib.cache)
        except Exception:  # the cache backend's connection errors vary by backend
            logger.warning("Throttling skipped: the cache is unreachable.", exc_info=True)
            return True


class AnonThrottle(_FailOpen, AnonRateThrottle):
    pass


class UserThrottle(_FailOpen, UserRateThrottle):
    pass


# --- times ------------------------------------------------------------------------------------------------------


def api_time(value: datetime) -> str:
    """A time as the API writes it: ISO-8601 in UTC with a Z, as DRF's DateTimeField writes it under TIME_ZONE =
    UTC, without its per-call lookup of the active time zone (hundreds of times a page)."""
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


# --- pagination -------------------------------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = BoundedCountPaginator
    last_page_strings = ()  # the schema says `page` is a whole number

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = self.page.paginator.count_is_estimate
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = (
            f"Exact up to {EXACT_COUNT_LIMIT}; past that, an estimate (see count_is_estimate)."
        )
        described["properties"]["count_is_estimate"] = {"type": "boolean"}
        described["required"] = [*described.get("required", []), "count_is_estimate"]
        return described

    def get_page_size(self, request):
        return strict_page_size(self, request)

    def get_page_number(self, request, paginator):
        """The page asked for, a whole number from 1 as the schema says: an empty or non-numeric `page` is a 400
        (it was quietly page 1); a page past the last is a 404."""
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError({self.page_query_param: ["A whole number from 1."]})
        return raw

    def get_schema_operation_parameters(self, view):
        """The page parameters with the bounds the API enforces (a page past the last is a 404)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return strict_page_size_parameter(self, parameters)


def strict_page_size(pagination, request) -> int:
    """The page size asked for, within 1 to the pagination's maximum as the schema says; anything else is a 400,
    not a quiet default (DRF's own reading falls back to the default)."""
    name = pagination.page_size_query_param
    raw = request.query_params.get(name)
    if raw is None:
        return pagination.page_size
    if not raw.isdigit() or not 1 <= int(raw) <= pagination.max_page_size:
        raise exceptions.ValidationError({name: [f"A whole number from 1 to {pagination.max_page_size}."]})
    return int(raw)


def strict_page_size_parameter(pagination, parameters: list[dict]) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] == pagination.page_size_query_param:
            parameter["schema"] = {
                "type": "integer",
                "minimum": 1,
                "maximum": pagination.max_page_size,
                "default": pagination.page_size,
            }
    return parameters


# --- idempotent writes ------------------------------------------------------------------------------------------


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.get_full_path().encode())
    digest.update(request.body)
    return digest.hexdigest()


def idempotent(request, write: Callable[[], Response]) -> Response:
    """Run `write` once per Idempotency-Key (per user): a retry with the same key and request gets the first
    response back (with `Idempotent-Replayed: true`) and changes nothing; the same key with another request is
    an error. Without the header, `write` just runs."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return write()
    key = key.strip()
    if not key or len(key) > 100 or not key.isprintable():
        return Response(error_body({IDEMPOTENCY_HEADER: ["Use 1 to 100 printable characters."]}), status=400)
    fingerprint = _fingerprint(request)

    def replay(record: IdempotentRequest) -> Response:
        if record.fingerprint != fingerprint:
            return Response(
                error_body({IDEMPOTENCY_HEADER: ["This key was already used for a different request."]}),
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        response = Response(record.body, status=record.status_code)
        response["Idempotent-Replayed"] = "true"
        return response

    existing = IdempotentRequest.objects.filter(user=request.user, key=key).first()
    if existing is not None:
        return replay(existing)
    try:
        with transaction.atomic():
            response = write()
            if response.status_code >= 500:
                return response
            body = json.loads(JSONRenderer().render(response.data) or b"null")
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        user=request.user, key=key, fingerprint=fingerprint, status_code=response.status_code, body=body
                    )
            except IntegrityError:
                raise _KeyTaken from None
    except _KeyTaken:
        # A concurrent request with the same key won; ours is rolled back whole (its forecast too).
        return replay(IdempotentRequest.objects.get(user=request.user, key=key))
    return response


class _KeyTaken(Exception):
    pass


# --- query parameters -------------------------------------------------------------------------------------------


def id_param(request, name: str) -> int | None:
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
