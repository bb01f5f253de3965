"""Notification pages: the list, mark read, per-kind settings, and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tracker.accounts.models import User
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.notifications.models import Notification
from tracker.notifications.services.emails import unsubscribe
from tracker.notifications.services.notifications import (
    notification_channels,
    notification_list,
    notification_mark_read,
    notification_preferences_set,
)
from tracker.web.forms import (
    NotificationPreferencesForm,
)


def notification_unsubscribe(request: PageRequest, token: str):
    """One-click unsubscribe from an email's signed link: email for that kind of notification goes off."""
    try:
        user, kind = unsubscribe(token=token)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "tracker/unsubscribe.html", {"error": True}, status=400)
    return render(request, "tracker/unsubscribe.html", {"user_name": str(user), "kind": Notification.Kind(kind).label})


NOTIFICATIONS_PER_PAGE = 50


@login_required
def notifications(request: SignedInRequest):
    page = Paginator(notification_list(user=request.user), NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tracker/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_mark_read(request: SignedInRequest):
    """Mark one notification read (`id`), or all of them."""
    raw_id = request.POST.get("id")
    if raw_id is not None and not raw_id.isdigit():
        messages.error(request, "That is not a notification id.")
        return redirect("notifications")
    changed = notification_mark_read(user=request.user, ids=None if raw_id is None else [int(raw_id)])
    messages.success(request, f"Marked {changed} notification{'s' if changed != 1 else ''} read.")
    return redirect("notifications")


@login_required
def notification_settings(request: SignedInRequest):
    channels = notification_channels(user=request.user)
    form = NotificationPreferencesForm(
        request.POST or None,
        current={kind: (in_app, email) for kind, (in_app, email, _) in channels.items()},
        slack={kind: slack for kind, (_, _, slack) in channels.items()},
    )
    if request.method == "POST":
        if form.is_valid():
            notification_preferences_set(user=request.user, preferences=form.preferences(), slack=form.slack())
            messages.success(request, "Notification settings saved.")
            return redirect("notification-settings")
        return render(request, "tracker/notification_settings.html", {"form": form}, status=400)
    return render(request, "tracker/notification_settings.html", {"form": form})
