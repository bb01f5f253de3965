"""Admin of team webhooks (through the webhook services) and their delivery log."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from tracker.accounts.requests import account_of
from tracker.admin.base import ReadOnlyAdmin, error_text
from tracker.admin.scoping import ADD, CHANGE, DELETE, VIEW, TeamScopedAdmin
from tracker.lib.forms import add_service_errors
from tracker.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from tracker.webhooks.services.webhooks import (
    SUBSCRIBABLE_EVENTS,
    webhook_create,
    webhook_delete,
    webhook_delivery_retry,
    webhook_disable,
    webhook_enable,
    webhook_rotate_secret,
    webhook_send_test,
    webhook_update,
    webhook_validate,
)


class WebhookForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https", label="URL")
    events = forms.MultipleChoiceField(
        choices=[(event, Webhook.Event(event).label) for event in SUBSCRIBABLE_EVENTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to receive every event.",
    )

    class Meta:
        model = Webhook
        fields = ("team", "url", "description", "events")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("url"):
            try:
                webhook_validate(url=cleaned["url"], events=list(cleaned.get("events") or []))
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


@admin.register(Webhook)
class WebhookAdmin(TeamScopedAdmin, admin.ModelAdmin):
    admins_only = True  # a team's integrations are its admins' to manage
    curator_may = frozenset({VIEW, ADD, CHANGE, DELETE})
    form = WebhookForm
    list_display = ("url", "team", "is_active", "consecutive_failures", "last_success_at", "disabled_reason")
    list_filter = ("is_active", "team")
    search_fields = ("url", "description", "team__name")
    readonly_fields = (
        "secret",
        "previous_secret_expires_at",
        "is_active",
        "disabled_at",
        "disabled_reason",
        "consecutive_failures",
        "failing_since",
        "last_success_at",
        "created_by",
        "created_at",
        "recent_deliveries",
    )
    actions = ["send_test_event", "enable", "disable", "rotate_secret"]

    @admin.display(description="Recent deliveries")
    def recent_deliveries(self, obj):
        rows = obj.deliveries.order_by("-created_at", "-id")[:20]
        table = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    reverse("admin:tracker_webhookdelivery_change", args=[row.pk]),
                    row.event,
                    row.get_state_display(),
                    row.attempts,
                    row.last_status_code or row.last_error or "—",
                    f"{row.created_at:%Y-%m-%d %H:%M:%S}",
                )
                for row in rows
            ),
        )
        everything = reverse("admin:tracker_webhookdelivery_changelist") + f"?webhook__id__exact={obj.pk}"
        return format_html(
            "<table><tr><th>Event</th><th>State</th><th>Attempts</th><th>Last response</th><th>Created</th></tr>{}"
            '</table><p><a href="{}">The whole delivery log</a></p>',
            table,
            everything,
        )

    def get_fields(self, request: HttpRequest, obj=None):
        editable = ["team", "url", "description", "events"]
        return editable if obj is None else editable + list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj, form, change):
        data = form.cleaned_data
        if change:
            changed = {name: data[name] for name in form.changed_data if name in ("url", "description", "events")}
            if "events" in changed:
                changed["events"] = list(changed["events"])
            webhook_update(webhook=obj, actor=account_of(request), **changed)
            return
        created = webhook_create(
            team=data["team"],
            url=data["url"],
            events=list(data.get("events") or []),
            description=data.get("description", ""),
            created_by=request.user,
        )
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj):
        webhook_delete(webhook=obj, actor=account_of(request))

    def delete_queryset(self, request: HttpRequest, queryset):
        for webhook in queryset:
            webhook_delete(webhook=webhook, actor=account_of(request))

    @admin.action(description="Send a test event")
    def send_test_event(self, request: HttpRequest, queryset):
        for webhook in queryset:
            webhook_send_test(webhook=webhook, requested_by=request.user)
        self.message_user(
            request,
            f"Test event queued for {queryset.count()} webhook(s); see the delivery log for the response.",
            level=messages.SUCCESS,
        )

    @admin.action(description="Enable (resume deliveries)")
    def enable(self, request: HttpRequest, queryset):
        for webhook in queryset:
            webhook_enable(webhook=webhook)
        self.message_user(request, f"Enabled {queryset.count()} webhook(s).", level=messages.SUCCESS)

    @admin.action(description="Disable")
    def disable(self, request: HttpRequest, queryset):
        for webhook in queryset:
            webhook_disable(webhook=webhook, reason=f"Disabled by {request.user.get_username()}.")
        self.message_user(request, f"Disabled {queryset.count()} webhook(s).", level=messages.SUCCESS)

    @admin.action(description="Rotate secret (the old one signs too for 24 hours)")
    def rotate_secret(self, request: HttpRequest, queryset):
        for webhook in queryset:
            webhook_rotate_secret(webhook=webhook)
        self.message_user(request, f"New secrets for {queryset.count()} webhook(s).", level=messages.SUCCESS)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("number", "started_at", "status_code", "latency_ms", "succeeded", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(TeamScopedAdmin, ReadOnlyAdmin):
    team_path = "webhook__team"
    admins_only = True
    list_display = ("event", "webhook", "state", "attempts", "last_status_code", "created_at", "delivered_at")
    list_filter = ("state", "event", "webhook__team", "webhook")
    list_select_related = ("webhook__team",)
    search_fields = ("event_key", "delivery_id", "webhook__url")
    date_hierarchy = "created_at"
    readonly_fields = (
        "webhook",
        "event",
        "event_key",
        "event_id",
        "delivery_id",
        "state",
        "attempts",
        "next_attempt_at",
        "give_up_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
        "body",
    )
    inlines = [WebhookAttemptInline]
    actions = ["retry_now"]

    @admin.action(description="Retry now (with a fresh retry window)")
    def retry_now(self, request: HttpRequest, queryset):
        done = 0
        for delivery in queryset:
            try:
                webhook_delivery_retry(delivery=delivery)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{delivery}: {error_text(error)}", level=messages.ERROR)
        if done:
            self.message_user(request, f"Queued {done} delivery(ies) again.", level=messages.SUCCESS)
