"""The API's one error shape, `{"errors": [{"field": "probability", "message": "…"}]}` (`field` is null for errors
about the request as a whole; nested fields are written `forecasts[2].probability`). Written here, below every
layer, because the middleware and the error pages answer /api/ paths in it too."""

from typing import Any

from django.core.exceptions import ValidationError

ErrorItem = dict[str, str | None]  # {"field": …, "message": …}


def _flatten(detail: Any, prefix: str = "") -> list[ErrorItem]:
    if isinstance(detail, dict):
        errors: list[ErrorItem] = []
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                name = prefix or None
            elif isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            errors += _flatten(value, name or "")
        return errors
    if isinstance(detail, list | tuple):
        if all(isinstance(item, str) for item in detail):
            return [{"field": prefix or None, "message": str(item)} for item in detail]
        errors = []
        for index, item in enumerate(detail):
            if item:
                errors += _flatten(item, f"{prefix}[{index}]" if isinstance(item, dict | list) else prefix)
        return errors
    return [{"field": prefix or None, "message": str(detail)}]


def error_body(detail: Any) -> dict[str, list[ErrorItem]]:
    """The error shape for a message, a list of them, or DRF/Django error details by field."""
    return {"errors": _flatten(detail)}


def messages_by_field(error: ValidationError, *, whole: str = "__all__") -> dict[str, list[str]]:
    """A Django ValidationError as field → messages, whichever way it was raised: with fields (its message_dict), or
    as one message or a list (under `whole`, the name the caller gives the request or row as a whole)."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {whole: list(error.messages)}


def refusal_text(error: Exception, fallback: str = "You do not have permission to do that.") -> str:
    """A service's refusal (ValidationError or PermissionDenied) as one line for a person: every message of a
    ValidationError, field by field; a refusal's own text, or `fallback` when it has none."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or fallback
