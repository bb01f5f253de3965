from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forecasts"
    verbose_name = "Forecasts"

    def ready(self) -> None:
        from forecasts import receivers  # noqa: F401  (connects the signal receivers)
        from forecasts.admin_extensions import add_change_page_warnings, extend_question_admin
        from forecasts.reminders import oldest_overdue_reminder
        from tracker.views import EXTRA_HEALTH_CHECKS

        if oldest_overdue_reminder not in EXTRA_HEALTH_CHECKS:
            EXTRA_HEALTH_CHECKS.append(oldest_overdue_reminder)
        extend_question_admin()
        add_change_page_warnings()
