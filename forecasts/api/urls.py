"""forecasts' API families under /api/v1/: questions (and everything recorded on one), forecasts, scores,
leaderboards, calibration and export."""

from django.urls import path

from forecasts.api import discussion, export, forecasts, question_records, questions, scores
from tracker.api import ids  # noqa: F401 (registers the anyint path converter)

app_name = "forecasts_api"

urlpatterns = [
    path("questions/", questions.QuestionList.as_view(), name="question-list"),
    path("questions/<anyint:question_id>/", questions.QuestionDetail.as_view(), name="question-detail"),
    path("questions/<anyint:question_id>/resolve/", questions.QuestionResolve.as_view(), name="question-resolve"),
    path("questions/<anyint:question_id>/annul/", questions.QuestionAnnul.as_view(), name="question-annul"),
    path("questions/<anyint:question_id>/unresolve/", questions.QuestionUnresolve.as_view(), name="question-unresolve"),
    path("questions/<anyint:question_id>/evidence/", question_records.EvidenceList.as_view(), name="evidence-list"),
    path(
        "questions/<anyint:question_id>/proposals/", question_records.QuestionProposals.as_view(), name="proposal-list"
    ),
    path(
        "questions/<anyint:question_id>/clarifications/",
        question_records.QuestionClarifications.as_view(),
        name="clarification-list",
    ),
    path("questions/<anyint:question_id>/comments/", discussion.QuestionComments.as_view(), name="comment-list"),
    path(
        "questions/<anyint:question_id>/comments/export/",
        discussion.QuestionCommentExport.as_view(),
        name="comment-export",
    ),
    path(
        "questions/<anyint:question_id>/comments/<anyint:comment_id>/",
        discussion.QuestionComment.as_view(),
        name="comment-detail",
    ),
    path(
        "questions/<anyint:question_id>/comments/<anyint:comment_id>/hide/",
        discussion.QuestionCommentHide.as_view(),
        name="comment-hide",
    ),
    path(
        "questions/<anyint:question_id>/comments/<anyint:comment_id>/vote/",
        discussion.QuestionCommentVote.as_view(),
        name="comment-vote",
    ),
    path(
        "questions/<anyint:question_id>/comments/<anyint:comment_id>/unhide/",
        discussion.QuestionCommentUnhide.as_view(),
        name="comment-unhide",
    ),
    path("questions/<anyint:question_id>/forecasts/", forecasts.QuestionForecasts.as_view(), name="question-forecasts"),
    path("questions/<anyint:question_id>/reaffirm/", forecasts.QuestionReaffirm.as_view(), name="question-reaffirm"),
    path("questions/<anyint:question_id>/withdraw/", forecasts.QuestionWithdraw.as_view(), name="question-withdraw"),
    path("questions/<anyint:question_id>/community/", forecasts.CommunitySeries.as_view(), name="community-series"),
    path("forecasts/bulk/", forecasts.BulkForecasts.as_view(), name="forecast-bulk"),
    path("forecasts/mine/", forecasts.MyForecasts.as_view(), name="forecast-mine"),
    path("scores/", scores.ScoreList.as_view(), name="score-list"),
    path("leaderboards/", scores.Leaderboard.as_view(), name="leaderboard"),
    path("calibration/", scores.Calibration.as_view(), name="calibration"),
    path("export/", export.Export.as_view(), name="export"),
]
