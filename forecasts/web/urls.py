from django.urls import path

from forecasts.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("questions/", views.questions, name="questions"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("track-record/", views.track_record, name="track-record"),
    path("questions/<slug:slug>/", views.question_detail, name="question-detail"),
    path("questions/<slug:slug>/forecast/", views.question_forecast, name="question-forecast"),
    path("questions/<slug:slug>/evidence/", views.question_add_evidence, name="question-add-evidence"),
    path("questions/<slug:slug>/propose/", views.question_propose, name="question-propose"),
    path("scenarios/<slug:slug>/", views.scenario_detail, name="scenario-detail"),
    path("scenarios/<slug:slug>/follow/", views.scenario_follow, name="scenario-follow"),
    path("scenarios/<slug:slug>/acknowledge/", views.scenario_acknowledge, name="scenario-acknowledge"),
]
