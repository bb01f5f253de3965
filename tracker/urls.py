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
    path("accounts/signup/", views.signup, name="signup"),
    # The admin ships registration/password_reset_* templates too; ours live under accounts/ so they win.
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.html",
            subject_template_name="accounts/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="accounts/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("settings/tokens/", views.api_tokens, name="api-tokens"),
    path("settings/webhooks/", views.team_webhooks, name="team-webhooks"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications-mark-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("notifications/unsubscribe/<str:token>/", views.notification_unsubscribe, name="notification-unsubscribe"),
    path("admin/", admin.site.urls),
    # The REST API combines both apps, so it lives in forecasts (which may import tracker) and is mounted by name.
    path("api/", include("forecasts.api.urls")),
]
