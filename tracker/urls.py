from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tracker import views

admin.site.site_header = "Signpost administration"
admin.site.site_title = "Signpost admin"
admin.site.index_title = "Curation"

urlpatterns = [
    # Pages showing the community forecast combine both apps (forecasts/web), mounted by name like the API.
    path("", include("forecasts.web.urls")),
    path("scenarios/", views.home, name="home"),
    path("questions/<slug:slug>/resolve/", views.question_resolve, name="question-resolve"),
    path("articles/import/", views.article_import, name="article-import"),
    path("articles/<slug:slug>/", views.source_detail, name="source-detail"),
    path("suggestions/<int:pk>/decide/", views.suggestion_decide, name="suggestion-decide"),
    path("healthz", views.healthz, name="healthz"),
    path("health/", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications-mark-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("notifications/unsubscribe/<str:token>/", views.notification_unsubscribe, name="notification-unsubscribe"),
    path("admin/", admin.site.urls),
    # The REST API combines both apps, so it lives in forecasts (which may import tracker) and is mounted by name.
    path("api/", include("forecasts.api.urls")),
]
