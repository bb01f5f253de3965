"""tracker's pages: the URL families whose data is tracker's alone (articles, suggestions, accounts, settings,
notifications, health). Pages that show forecasts (/, /questions/, /scenarios/, boards) live in forecasts.web."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import path

from tracker.accounts import sso
from tracker.accounts.requests import PageRequest
from tracker.web import accounts, articles, health, inbox, notifications, slack, sources, teams, timezones, webhooks


def no_icon(request: PageRequest):
    """Our pages declare no icon (a data: URL); Django's admin pages do not, so browsers ask for /favicon.ico."""
    return HttpResponse(status=204)


urlpatterns = [
    path("favicon.ico", no_icon),
    path("articles/import/", articles.article_import, name="article-import"),
    path("articles/feed.xml", articles.articles_feed, name="articles-feed"),
    path("articles/<slug:slug>/", articles.source_detail, name="source-detail"),
    path("suggestions/<int:pk>/decide/", articles.suggestion_decide, name="suggestion-decide"),
    path("healthz", health.healthz, name="healthz"),
    path("health/", health.health, name="health"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/sso/", sso.sso_login, name="sso-login"),
    path("accounts/sso/callback/", sso.sso_callback, name="sso-callback"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", accounts.signup, name="signup"),
    # The admin ships registration/password_reset_* templates too; ours live under accounts/ so they win.
    path("accounts/password-reset/", accounts.ThrottledPasswordResetView.as_view(), name="password_reset"),
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
    path("welcome/", teams.welcome, name="welcome"),
    path("teams/", teams.teams, name="teams"),
    path("teams/invitations/<str:token>/", teams.team_invitation, name="team-invitation"),
    path("teams/join/<str:token>/", teams.team_join, name="team-join"),
    path("teams/<slug:slug>/", teams.team_detail, name="team-detail"),
    path("teams/<slug:slug>/invite/", teams.team_invite, name="team-invite"),
    path("teams/<slug:slug>/manage/", teams.team_manage, name="team-manage"),
    path("teams/<slug:slug>/request/", teams.team_request_join, name="team-request-join"),
    path("settings/tokens/", accounts.api_tokens, name="api-tokens"),
    path("settings/time-zone/", timezones.time_zone_settings, name="time-zone-settings"),
    path("settings/webhooks/", webhooks.team_webhooks, name="team-webhooks"),
    path("settings/slack/", slack.slack_settings, name="slack-settings"),
    path("settings/slack/install/<slug:slug>/", slack.slack_install, name="slack-install"),
    path("settings/slack/callback/", slack.slack_oauth_callback, name="slack-oauth-callback"),
    path("settings/slack/link/<str:code>/", slack.slack_link, name="slack-link"),
    path("settings/sources/", sources.team_sources, name="team-sources"),
    path("inbox/", inbox.curator_inbox, name="inbox"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_mark_read, name="notifications-mark-read"),
    path("notifications/settings/", notifications.notification_settings, name="notification-settings"),
    path(
        "notifications/unsubscribe/<str:token>/",
        notifications.notification_unsubscribe,
        name="notification-unsubscribe",
    ),
]
