from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forecasts"
    verbose_name = "Forecasts"

    def ready(self) -> None:
        from forecasts import receivers  # noqa: F401  (connects the signal receivers)
        from forecasts.services.reminders import undelivered_reminders
        from tracker.ops.health import register_health_check

        register_health_check("undelivered_reminders", undelivered_reminders)
