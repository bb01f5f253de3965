from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forecasts"
    verbose_name = "Forecasts"

    def ready(self) -> None:
        from forecasts import receivers  # noqa: F401  (connects the signal receivers)
        from forecasts.selectors.history import question_forecasters
        from forecasts.services.reminders import undelivered_reminders
        from forecasts.slack.channel import on_team_event
        from tracker.ops.health import register_health_check
        from tracker.questions.hooks import register_forecasters_of
        from tracker.webhooks.services.events import team_event

        register_health_check("undelivered_reminders", undelivered_reminders)
        register_forecasters_of(question_forecasters)
        team_event.connect(on_team_event, dispatch_uid="slack-team-channel")
