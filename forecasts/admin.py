from django.contrib import admin

from forecasts.models import Forecast


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
