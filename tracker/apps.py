from django.apps import AppConfig


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = "Signpost tracker"

    def ready(self) -> None:
        from tracker.monitor.selectors import news_sources_health
        from tracker.notifications.health import undelivered_emails
        from tracker.ops.health import register_health_check
        from tracker.resolution import receivers as resolution_receivers  # noqa: F401  (connects the receivers)
        from tracker.scenarios import receivers  # noqa: F401  (connects the signal receivers)
        from tracker.slack.health import undelivered_slack
        from tracker.webhooks.health import undelivered_webhooks

        register_health_check("undelivered_emails", undelivered_emails)
        register_health_check("undelivered_webhooks", undelivered_webhooks)
        register_health_check("news_sources", news_sources_health)
        register_health_check("undelivered_slack", undelivered_slack)
