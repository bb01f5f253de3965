"""Request bodies: JSON only, at most 1 MiB and 32 levels deep, with no control characters or non-finite numbers."""

import json

from rest_framework import exceptions, parsers, status

from tracker.lib.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters, json_depth

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
