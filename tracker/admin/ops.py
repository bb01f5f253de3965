"""Admin of operational records."""

from django.contrib import admin

from tracker.admin.base import ReadOnlyAdmin
from tracker.ops.models import JobHeartbeat


@admin.register(JobHeartbeat)
class JobHeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "beat_at")
