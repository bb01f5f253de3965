from django.contrib import admin

from forecasts.models import AggregateForecast, CommunityForecastCursor, Forecast, Reminder, Score


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):
    """Forecast history is append-only: the admin shows it and never edits or deletes it."""

    list_display = ("question", "user", "kind", "probability", "probabilities", "created_at")
    list_filter = ("kind", "question__status", "question__scenario", "user__is_demo")
    search_fields = ("question__title", "user__username", "rationale")
    date_hierarchy = "created_at"
    list_select_related = ("question", "user")
    readonly_fields = ("user", "question", "kind", "probability", "probabilities", "rationale", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AggregateForecast)
class AggregateForecastAdmin(admin.ModelAdmin):
    """Derived data: shown for inspection, rebuilt with `manage.py rebuild_community_forecasts`."""

    list_display = ("question", "method", "at", "values", "forecaster_count")
    list_filter = ("method", "question__scenario")
    search_fields = ("question__title", "question__slug")
    list_select_related = ("question",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Derived data: recomputed by the scoring task whenever a question's resolution changes."""

    list_display = ("question", "user", "is_crowd", "rule", "value", "coverage", "computed_at")
    list_filter = ("rule", "is_crowd", "question__scenario")
    search_fields = ("question__title", "user__username")
    list_select_related = ("question", "user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CommunityForecastCursor)
class CommunityForecastCursorAdmin(admin.ModelAdmin):
    list_display = ("question", "last_forecast_id", "last_at", "updated_at")
    search_fields = ("question__title",)
    list_select_related = ("question",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("question", "kind", "step", "due_at", "done_at", "outcome", "recipients")
    list_filter = ("kind", "outcome", "step")
    search_fields = ("question__title",)
    list_select_related = ("question",)
    date_hierarchy = "due_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
