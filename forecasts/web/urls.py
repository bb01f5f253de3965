"""forecasts' pages: the URL families that show forecasts or the community forecast (the dashboard, /questions/,
/scenarios/, the leaderboard and the track record). Every page of a family lives here, including those that only
write tracker's data (a question's resolve page, its evidence form)."""

from django.urls import path

from forecasts.web import (
    boards,
    dashboard,
    discussion,
    editor,
    embeds,
    explain,
    question,
    questions,
    resolve,
    scenarios,
)

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("scenarios/", scenarios.home, name="home"),
    path("scenarios/<slug:slug>/", scenarios.scenario_detail, name="scenario-detail"),
    path("scenarios/<slug:slug>/follow/", scenarios.scenario_follow, name="scenario-follow"),
    path("scenarios/<slug:slug>/acknowledge/", scenarios.scenario_acknowledge, name="scenario-acknowledge"),
    path("questions/", questions.questions, name="questions"),
    path("questions/new/", editor.question_new, name="question-new"),
    path("questions/<slug:slug>/", question.question_detail, name="question-detail"),
    path("questions/<slug:slug>/edit/", editor.question_edit_page, name="question-edit"),
    path("questions/<slug:slug>/lifecycle/", editor.question_lifecycle, name="question-lifecycle"),
    path("questions/<slug:slug>/links/", editor.question_link_add, name="question-link-add"),
    path("questions/<slug:slug>/forecast/", question.question_forecast, name="question-forecast"),
    path("questions/<slug:slug>/quick-forecast/", question.question_quick_forecast, name="question-quick-forecast"),
    path("questions/<slug:slug>/reaffirm/", question.question_reaffirm, name="question-reaffirm"),
    path(
        "questions/<slug:slug>/distribution-preview/",
        question.question_distribution_preview,
        name="question-distribution-preview",
    ),
    path("embed/questions/<slug:slug>/", embeds.question_embed, name="question-embed"),
    path("embed/questions/<slug:slug>/preview.svg", embeds.question_preview, name="question-preview"),
    path("oembed/", embeds.oembed, name="oembed"),
    path("questions/<slug:slug>/withdraw/", question.question_withdraw, name="question-withdraw"),
    path("questions/<slug:slug>/evidence/", question.question_add_evidence, name="question-add-evidence"),
    path("questions/<slug:slug>/propose/", question.question_propose, name="question-propose"),
    path("questions/<slug:slug>/comments/", discussion.comment_post, name="comment-post"),
    path("questions/<slug:slug>/comments/<int:comment_id>/", discussion.comment_permalink, name="comment-permalink"),
    path("questions/<slug:slug>/comments/<int:comment_id>/edit/", discussion.comment_edit_page, name="comment-edit"),
    path("questions/<slug:slug>/comments/<int:comment_id>/delete/", discussion.comment_remove, name="comment-delete"),
    path("questions/<slug:slug>/comments/<int:comment_id>/useful/", discussion.comment_useful, name="comment-useful"),
    path(
        "questions/<slug:slug>/comments/<int:comment_id>/moderate/",
        discussion.comment_moderate,
        name="comment-moderate",
    ),
    path("questions/<slug:slug>/follow/", discussion.question_follow, name="question-follow"),
    path("questions/<slug:slug>/resolve/", resolve.question_resolve, name="question-resolve"),
    path(
        "questions/<slug:slug>/resolve/link/<str:token>/", resolve.question_resolve_link, name="question-resolve-link"
    ),
    path("leaderboard/", boards.leaderboard, name="leaderboard"),
    path("scores/explained/", explain.scores_explained, name="scores-explained"),
    path("track-record/", boards.track_record, name="track-record"),
]
