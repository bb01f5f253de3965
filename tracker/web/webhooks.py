"""Team admins' webhook settings page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from tracker.accounts.permissions import teams_administered
from tracker.accounts.requests import SignedInRequest
from tracker.lib.forms import add_service_errors
from tracker.web.forms import (
    WebhookForm,
)
from tracker.webhooks.models import Webhook, WebhookDelivery
from tracker.webhooks.services.webhooks import (
    webhook_create,
    webhook_disable,
    webhook_enable,
    webhook_rotate_secret,
    webhook_send_test,
)


@login_required
def team_webhooks(request: SignedInRequest):
    """Team admins manage their teams' webhooks: add (the secret is shown once), test, turn off and on, rotate the
    secret, and read the latest deliveries."""
    teams = list(teams_administered(request.user).order_by("name"))
    if not teams:
        raise PermissionDenied("Only team admins manage webhooks.")
    team_ids = {team.pk for team in teams}
    form = WebhookForm(request.POST or None, teams=teams)
    shown_secret = None
    if request.method == "POST" and "action" in request.POST:
        webhook = Webhook.objects.filter(pk=request.POST.get("webhook") or 0, team_id__in=team_ids).first()
        if webhook is None:
            raise Http404("No such webhook.")
        action = request.POST["action"]
        if action == "test":
            webhook_send_test(webhook=webhook, requested_by=request.user)
            messages.success(request, "Test event queued: its delivery appears below within a minute.")
        elif action == "disable":
            webhook_disable(webhook=webhook, reason=f"Turned off by {request.user.get_username()}.")
            messages.success(request, "Webhook turned off.")
        elif action == "enable":
            webhook_enable(webhook=webhook)
            messages.success(request, "Webhook turned on.")
        elif action == "rotate":
            webhook = webhook_rotate_secret(webhook=webhook)
            shown_secret = webhook.secret
            messages.success(request, "New secret below; the old one keeps working for 24 hours.")
        if shown_secret is None:
            return redirect("team-webhooks")
    elif request.method == "POST" and form.is_valid():
        try:
            webhook = webhook_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            shown_secret = webhook.secret
            form = WebhookForm(teams=teams)
            messages.success(request, "Webhook added. Copy its secret now: it is shown only this once.")
    hooks = list(Webhook.objects.filter(team_id__in=team_ids).select_related("team").order_by("team__name", "pk"))
    recent: dict[int, list] = {hook.pk: [] for hook in hooks}
    for delivery in WebhookDelivery.objects.filter(webhook__in=hooks).order_by("-created_at")[:200]:
        if len(recent[delivery.webhook_id]) < 5:
            recent[delivery.webhook_id].append(delivery)
    for hook in hooks:
        hook.recent = recent[hook.pk]
    context = {"form": form, "webhooks": hooks, "shown_secret": shown_secret}
    return render(request, "tracker/team_webhooks.html", context, status=400 if form.errors else 200)
