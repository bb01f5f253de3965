"""Input that cannot hurt, for every page and endpoint: a path, query string or form field with NUL or another
control character is refused with a 400 before any view runs (the API's JSON error shape under /api/, a page otherwise).
JSON bodies are checked by the API's parser (tracker.api.conventions.parsing.JSONParser)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.loader import render_to_string

from tracker.lib.errors import error_body
from tracker.lib.text import CONTROL_CHARACTERS_MESSAGE, has_control_characters

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CHECKED_HEADERS = ("Idempotency-Key",)


def _refused_field(request: HttpRequest) -> str | None:
    """The first parameter, field or header carrying a control character, or None."""
    # A path segment reaches URL converters (a slug, a token) and from there the database, which refuses NUL with
    # an error of its own (PostgreSQL: a 500).
    if has_control_characters(request.path):
        return "path"
    if "%00" in request.META.get("QUERY_STRING", ""):
        return "query"
    for name, values in request.GET.lists():
        if has_control_characters(name) or any(has_control_characters(value) for value in values):
            return str(name)
    if request.method == "POST" and request.content_type in FORM_TYPES:
        for name, values in request.POST.lists():
            if has_control_characters(name) or any(has_control_characters(value) for value in values):
                return str(name)
    for header in CHECKED_HEADERS:
        if has_control_characters(request.headers.get(header) or ""):
            return header
    return None


class InputGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        field = _refused_field(request)
        if field is None:
            return self.get_response(request)
        message = f"{field}: {CONTROL_CHARACTERS_MESSAGE}"
        if request.path.startswith("/api/"):
            return JsonResponse(error_body({field: [CONTROL_CHARACTERS_MESSAGE]}), status=400)
        page = render_to_string("400.html", {"message": message})
        return HttpResponse(page, status=400)
