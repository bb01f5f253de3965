from django.contrib import admin

from forecasts.models import AggregateForecast, CommunityForecastCursor, Forecast, Reminder, Score
from tracker.admin import ReadOnlyAdmin


@admin.register(Forecast)
class ForecastAdmin(ReadOnlyAdmin):
    """Forecast history is append-only: the admin shows it and never edits or deletes it."""

    list_display = ("question", "user", "kind", "probability", "probabilities", "created_at")
    list_filter = ("kind", "question__status", "question__scenario", "user__is_demo")
    search_fields = ("question__title", "user__username", "rationale")
    date_hierarchy = "created_at"
    list_select_related = ("question", "user")
    readonly_fields = ("user", "question", "kind", "probability", "probabilities", "rationale", "created_at")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AggregateForecast)
class AggregateForecastAdmin(ReadOnlyAdmin):
    """Derived data: shown for inspection, rebuilt with `manage.py rebuild_community_forecasts`."""

    list_display = ("question", "method", "at", "values", "forecaster_count")
    list_filter = ("method", "question__scenario")
    search_fields = ("question__title", "question__slug")
    list_select_related = ("question",)
    date_hierarchy = "at"


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    """Derived data: recomputed by the scoring task whenever a question's resolution changes."""

    list_display = ("question", "user", "is_crowd", "rule", "value", "coverage", "computed_at")
    list_filter = ("rule", "is_crowd", "question__scenario")
    search_fields = ("question__title", "user__username")
    list_select_related = ("question", "user")


@admin.register(CommunityForecastCursor)
class CommunityForecastCursorAdmin(ReadOnlyAdmin):
    list_display = ("question", "last_forecast_id", "last_at", "updated_at")
    search_fields = ("question__title",)
    list_select_related = ("question",)


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ("question", "kind", "step", "due_at", "done_at", "outcome", "recipients")
    list_filter = ("kind", "outcome", "step")
    search_fields = ("question__title",)
    list_select_related = ("question",)
    date_hierarchy = "due_at"
