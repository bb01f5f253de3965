"""The project's URL routes: each app's pages and API families, composed by name (the configuration is the one
place that knows both apps; tracker's own code never imports forecasts)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tracker.web.urls")),
    path("", include("forecasts.web.urls")),
    path("", include("forecasts.slack.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("tracker.api.urls")),
    path("api/v1/", include("forecasts.api.urls")),
    # The schema, the docs, and the API's JSON 404 for any other /api/ path (last: it matches everything).
    path("api/", include("tracker.api.root_urls")),
]

# Pages, and the API's JSON error shape under /api/, for errors raised outside a view's own handling.
handler400 = "tracker.web.errors.bad_request"
handler403 = "tracker.web.errors.permission_denied"
handler404 = "tracker.web.errors.page_not_found"
handler500 = "tracker.web.errors.server_error"
