"""The Slack app's pages: team admins install it (OAuth v2), choose the channel and the kinds of team message, or
remove it (/settings/slack/); anyone links their Slack account by the one-time address the bot gave them."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tracker.accounts.models import Team
from tracker.accounts.permissions import teams_administered
from tracker.accounts.requests import SignedInRequest
from tracker.lib.errors import refusal_text
from tracker.slack.models import SlackInstallation, SlackMessage
from tracker.slack.services.installations import (
    slack_install_complete,
    slack_install_start,
    slack_install_state,
    slack_installation_update,
    slack_uninstall,
)
from tracker.slack.services.links import slack_link_complete, slack_link_remove, slack_links_of
from tracker.slack.verification import slack_app_configured

NONCE_KEY = "slack_install_nonce"


def _number(value: str | None) -> int:
    """A posted id; 0 (matching nothing) for anything that is not one."""
    return int(value) if value and value.isdigit() else 0


@login_required
def slack_settings(request: SignedInRequest):
    """Team admins' Slack page; anyone signed in sees and removes their own Slack links here too."""
    if request.method == "POST" and "unlink" in request.POST:
        slack_link_remove(user=request.user, link_id=_number(request.POST.get("unlink")))
        messages.success(request, "Slack account unlinked.")
        return redirect("slack-settings")
    teams = list(teams_administered(request.user).order_by("name"))
    installations = {
        installation.team_id: installation
        for installation in SlackInstallation.objects.filter(team__in=teams, uninstalled_at__isnull=True)
    }
    if request.method == "POST":
        installation = installations.get(_number(request.POST.get("team")))
        if installation is None:
            raise Http404("No Slack installation of yours there.")
        try:
            if request.POST.get("action") == "uninstall":
                slack_uninstall(installation=installation, actor=request.user)
                messages.success(request, "The Slack app is removed: nothing more is posted or answered.")
            else:
                slack_installation_update(
                    installation=installation,
                    actor=request.user,
                    channel_id=request.POST.get("channel_id", ""),
                    message_kinds=request.POST.getlist("message_kinds"),
                )
                messages.success(request, "Slack settings saved.")
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, refusal_text(error, fallback=""))
        return redirect("slack-settings")
    recent = {
        installation.pk: list(SlackMessage.objects.filter(installation=installation).order_by("-created_at")[:5])
        for installation in installations.values()
    }
    rows = [
        {
            "team": team,
            "installation": installations.get(team.pk),
            "recent": recent.get(getattr(installations.get(team.pk), "pk", 0), []),
        }
        for team in teams
    ]
    context = {
        "configured": slack_app_configured(),
        "rows": rows,
        "kinds": SlackInstallation.MessageKind.choices,
        "links": slack_links_of(user=request.user),
    }
    return render(request, "tracker/slack_settings.html", context)


@login_required
@require_POST
def slack_install(request: SignedInRequest, slug: str):
    team = get_object_or_404(Team, slug=slug)
    if not slack_app_configured():
        raise Http404("The Slack app is not configured on this server.")
    nonce = secrets.token_urlsafe(16)
    url = slack_install_start(team=team, user=request.user, nonce=nonce)
    request.session[NONCE_KEY] = nonce
    return redirect(url)


@login_required
def slack_oauth_callback(request: SignedInRequest):
    """Slack sends the admin back here with a code (or an error, when they cancelled)."""
    nonce = request.session.pop(NONCE_KEY, "")
    try:
        team = slack_install_state(state=request.GET.get("state", ""), user=request.user, nonce=nonce)
        if request.GET.get("error"):
            raise ValidationError(f"Slack did not install the app ({request.GET['error']}).")
        installation = slack_install_complete(team=team, user=request.user, code=request.GET.get("code", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, refusal_text(error, fallback=""))
        return redirect("slack-settings")
    where = f" to #{installation.channel_name}" if installation.channel_name else ""
    messages.success(request, f"Slack connected for {team.name}: team messages go{where}.")
    return redirect("slack-settings")


@login_required
def slack_link(request: SignedInRequest, code: str):
    """Confirm, then link the Slack user the code names to the signed-in account (a GET changes nothing)."""
    if request.method == "POST":
        try:
            link = slack_link_complete(user=request.user, code=code)
        except (ValidationError, PermissionDenied) as error:
            return render(request, "tracker/slack_link.html", {"error": refusal_text(error, fallback="")}, status=400)
        messages.success(request, f"Your Slack account is linked (Slack user {link.slack_user_id}).")
        return redirect("slack-settings")
    return render(request, "tracker/slack_link.html", {"code": code})
