from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from forecasts.api import schema, views  # noqa: F401 (schema registers the token scheme)


class AnyInt:
    """Any integer a database id column can hold, negative included, so that a bad id reaches the view and gets
    the API's JSON 404 (Django's `int` would fall through to an HTML page)."""

    regex = "-?[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not -(2**63) <= number < 2**63:
            raise ValueError("out of range")
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(AnyInt, "anyint")

v1 = [
    path("scenarios/", views.ScenarioList.as_view(), name="scenario-list"),
    path("scenarios/<anyint:scenario_id>/", views.ScenarioDetail.as_view(), name="scenario-detail"),
    path("questions/", views.QuestionList.as_view(), name="question-list"),
    path("questions/<anyint:question_id>/", views.QuestionDetail.as_view(), name="question-detail"),
    path("questions/<anyint:question_id>/resolve/", views.QuestionResolve.as_view(), name="question-resolve"),
    path("questions/<anyint:question_id>/annul/", views.QuestionAnnul.as_view(), name="question-annul"),
    path("questions/<anyint:question_id>/unresolve/", views.QuestionUnresolve.as_view(), name="question-unresolve"),
    path("questions/<anyint:question_id>/evidence/", views.EvidenceList.as_view(), name="evidence-list"),
    path("questions/<anyint:question_id>/forecasts/", views.QuestionForecasts.as_view(), name="question-forecasts"),
    path("questions/<anyint:question_id>/withdraw/", views.QuestionWithdraw.as_view(), name="question-withdraw"),
    path("questions/<anyint:question_id>/community/", views.CommunitySeries.as_view(), name="community-series"),
    path("questions/<anyint:question_id>/proposals/", views.QuestionProposals.as_view(), name="proposal-list"),
    path(
        "questions/<anyint:question_id>/clarifications/",
        views.QuestionClarifications.as_view(),
        name="clarification-list",
    ),
    path("proposals/<anyint:proposal_id>/approve/", views.ProposalApprove.as_view(), name="proposal-approve"),
    path("proposals/<anyint:proposal_id>/reject/", views.ProposalReject.as_view(), name="proposal-reject"),
    path("evidence/<anyint:evidence_id>/", views.EvidenceDetail.as_view(), name="evidence-detail"),
    path("forecasts/bulk/", views.BulkForecasts.as_view(), name="forecast-bulk"),
    path("forecasts/mine/", views.MyForecasts.as_view(), name="forecast-mine"),
    path("scores/", views.ScoreList.as_view(), name="score-list"),
    path("leaderboards/", views.Leaderboard.as_view(), name="leaderboard"),
    path("calibration/", views.Calibration.as_view(), name="calibration"),
    path("export/", views.Export.as_view(), name="export"),
    path("notifications/", views.NotificationList.as_view(), name="notification-list"),
    path("notifications/read/", views.NotificationsMarkRead.as_view(), name="notification-read"),
    path("notifications/preferences/", views.NotificationPreferences.as_view(), name="notification-preferences"),
    path("webhooks/", views.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<anyint:webhook_id>/", views.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<anyint:webhook_id>/rotate-secret/", views.WebhookRotateSecret.as_view(), name="webhook-rotate"),
    path("webhooks/<anyint:webhook_id>/test/", views.WebhookTest.as_view(), name="webhook-test"),
    path("webhooks/<anyint:webhook_id>/deliveries/", views.WebhookDeliveries.as_view(), name="webhook-deliveries"),
    path("tokens/", views.TokenList.as_view(), name="token-list"),
    path("tokens/<anyint:token_id>/", views.TokenDetail.as_view(), name="token-detail"),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "docs/redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"),
        name="api-redoc",
    ),
    re_path(r"^[\s\S]*$", views.api_not_found),  # any path, newlines included
]
