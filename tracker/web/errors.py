"""Error pages, and the API's JSON error shape for every error under /api/ (including what happens outside DRF: an
unknown path, a body too large, a database that is down)."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from tracker.accounts.requests import PageRequest
from tracker.lib.errors import error_body


def _is_api(request: PageRequest) -> bool:
    return request.path.startswith("/api/")


def _answer(request: PageRequest, status: int, message: str):
    if _is_api(request):
        return JsonResponse(error_body(message), status=status)
    return render(request, f"{status if status in (400, 403, 404) else 400}.html", {"message": message}, status=status)


def bad_request(request: PageRequest, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _answer(request, 413, "The request is too large.")
    return _answer(request, 400, "The request could not be understood.")


def permission_denied(request: PageRequest, exception=None):
    return _answer(request, 403, str(exception) if exception and str(exception) else "You may not do that.")


def page_not_found(request: PageRequest, exception=None):
    return _answer(request, 404, "There is nothing here.")


def server_error(request: PageRequest):
    """Without the request's context: what failed may be the database the context processors read."""
    if _is_api(request):
        return JsonResponse(error_body("Something went wrong on our side; it has been logged."), status=500)
    return HttpResponse(render_to_string("500.html"), status=500)
