"""Every refusal in the API's one error shape, `{"errors": [{"field": "probability", "message": "…"}]}` (`field` is
null for errors about the request as a whole; nested fields are written `forecasts[2].probability`)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from tracker.lib.errors import error_body, messages_by_field
from tracker.lib.limits import RateLimited


def exception_handler(exc, context):
    """DRF's handler, then one error shape; services' Django errors become 400/403/404 instead of 500."""
    # Imported here: DRF imports this module while rest_framework.views is still loading.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = messages_by_field(exc)
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
