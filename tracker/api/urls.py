"""tracker's API families under /api/v1/: scenarios, evidence, proposals, notifications, news sources, webhooks, tokens,
teams."""

from django.urls import path

from tracker.api import evidence, ids, monitor, notifications, proposals, scenarios, teams, tokens, webhooks  # noqa: F401 (ids)

app_name = "tracker_api"

urlpatterns = [
    path("scenarios/", scenarios.ScenarioList.as_view(), name="scenario-list"),
    path("scenarios/<anyint:scenario_id>/", scenarios.ScenarioDetail.as_view(), name="scenario-detail"),
    path("evidence/<anyint:evidence_id>/", evidence.EvidenceDetail.as_view(), name="evidence-detail"),
    path("proposals/<anyint:proposal_id>/approve/", proposals.ProposalApprove.as_view(), name="proposal-approve"),
    path("proposals/<anyint:proposal_id>/reject/", proposals.ProposalReject.as_view(), name="proposal-reject"),
    path("notifications/", notifications.NotificationList.as_view(), name="notification-list"),
    path("notifications/read/", notifications.NotificationsMarkRead.as_view(), name="notification-read"),
    path(
        "notifications/preferences/",
        notifications.NotificationPreferences.as_view(),
        name="notification-preferences",
    ),
    path("sources/", monitor.NewsSourceList.as_view(), name="news-source-list"),
    path("articles/", monitor.ArticleList.as_view(), name="article-list"),
    path("evidence-proposals/", monitor.EvidenceProposalList.as_view(), name="evidence-proposal-list"),
    path(
        "evidence-proposals/<anyint:proposal_id>/accept/",
        monitor.EvidenceProposalAccept.as_view(),
        name="evidence-proposal-accept",
    ),
    path(
        "evidence-proposals/<anyint:proposal_id>/reject/",
        monitor.EvidenceProposalReject.as_view(),
        name="evidence-proposal-reject",
    ),
    path("webhooks/", webhooks.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<anyint:webhook_id>/", webhooks.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<anyint:webhook_id>/rotate-secret/", webhooks.WebhookRotateSecret.as_view(), name="webhook-rotate"),
    path("webhooks/<anyint:webhook_id>/test/", webhooks.WebhookTest.as_view(), name="webhook-test"),
    path("webhooks/<anyint:webhook_id>/deliveries/", webhooks.WebhookDeliveries.as_view(), name="webhook-deliveries"),
    path("tokens/", tokens.TokenList.as_view(), name="token-list"),
    path("tokens/<anyint:token_id>/", tokens.TokenDetail.as_view(), name="token-detail"),
    path("teams/", teams.TeamList.as_view(), name="team-list"),
    path("teams/invitations/accept/", teams.InvitationAccept.as_view(), name="invitation-accept"),
    path("teams/<slug:team_slug>/", teams.TeamDetail.as_view(), name="team-detail"),
    path("teams/<slug:team_slug>/members/", teams.MemberList.as_view(), name="member-list"),
    path("teams/<slug:team_slug>/members/<anyint:user_id>/", teams.MemberDetail.as_view(), name="member-detail"),
    path("teams/<slug:team_slug>/invitations/", teams.InvitationList.as_view(), name="invitation-list"),
    path(
        "teams/<slug:team_slug>/invitations/<anyint:invitation_id>/",
        teams.InvitationDetail.as_view(),
        name="invitation-detail",
    ),
    path("teams/<slug:team_slug>/join-requests/", teams.JoinRequestList.as_view(), name="join-request-list"),
    path(
        "teams/<slug:team_slug>/join-requests/<anyint:request_id>/approve/",
        teams.JoinRequestApprove.as_view(),
        name="join-request-approve",
    ),
    path(
        "teams/<slug:team_slug>/join-requests/<anyint:request_id>/decline/",
        teams.JoinRequestDecline.as_view(),
        name="join-request-decline",
    ),
]
