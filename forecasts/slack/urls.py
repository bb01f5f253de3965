from django.urls import path

from forecasts.slack import views

urlpatterns = [
    path("integrations/slack/commands/", views.commands, name="slack-commands"),
    path("integrations/slack/interactions/", views.interactions, name="slack-interactions"),
    path("integrations/slack/events/", views.events, name="slack-events"),
]
