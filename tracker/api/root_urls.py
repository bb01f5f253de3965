"""The API's own pages: the OpenAPI schema, Swagger UI and ReDoc (served from drf-spectacular-sidecar, no CDN), and
the API's JSON 404 for any other path under /api/."""

import csp.constants
from csp.decorators import csp_update
from django.http import JsonResponse
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from tracker.accounts.requests import PageRequest
from tracker.api import schema  # noqa: F401 (registers the token scheme with drf-spectacular)
from tracker.lib.errors import error_body


@csrf_exempt
def api_not_found(request: PageRequest) -> JsonResponse:
    """Anything under /api/ that no endpoint answers: the API's JSON 404, not an HTML page."""
    return JsonResponse(error_body("No such endpoint."), status=404)


# Swagger UI and ReDoc run inline script and inject styles (ReDoc also starts a worker from a blob): these two
# pages, and only they, get a policy that allows it. Everything is still loaded from our own origin.
DOCS_POLICY = {
    "script-src": [csp.constants.SELF, csp.constants.UNSAFE_INLINE],
    "style-src": [csp.constants.SELF, csp.constants.UNSAFE_INLINE],
    "worker-src": [csp.constants.SELF, "blob:"],
}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", csp_update(DOCS_POLICY)(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    path(
        "docs/redoc/",
        csp_update(DOCS_POLICY)(SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")),
        name="api-redoc",
    ),
    re_path(r"^[\s\S]*$", api_not_found),  # any path, newlines included
]
