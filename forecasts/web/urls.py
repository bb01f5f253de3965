from django.urls import path

from forecasts.web import views

urlpatterns = [
    path("scenarios/<slug:slug>/", views.scenario_detail, name="scenario-detail"),
    path("scenarios/<slug:slug>/follow/", views.scenario_follow, name="scenario-follow"),
    path("scenarios/<slug:slug>/acknowledge/", views.scenario_acknowledge, name="scenario-acknowledge"),
]
