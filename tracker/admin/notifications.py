"""Admin of notifications (read-only), preferences and digests."""

from django.contrib import admin

from tracker.admin.base import ReadOnlyAdmin
from tracker.notifications.models import EmailDigest, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "window", "created_at", "read_at", "email_state", "emailed_at")
    list_filter = ("kind", "email_state", "in_app")
    search_fields = ("title", "recipient__username", "subject")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "in_app", "email")
    list_filter = ("kind", "email", "in_app")
    search_fields = ("user__username",)


@admin.register(EmailDigest)
class EmailDigestAdmin(ReadOnlyAdmin):
    list_display = ("user", "day", "sent_at", "notification_count")
    date_hierarchy = "sent_at"
