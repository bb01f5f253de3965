"""The news sources page: a team's curators follow feeds and pages, see each source's health (last poll, what it
found, failures, parked), resume a parked one and poll any now. Writes go through the monitor's services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from tracker.accounts.permissions import teams_curated
from tracker.accounts.requests import SignedInRequest
from tracker.lib.forms import add_service_errors
from tracker.monitor.models import NewsSource
from tracker.monitor.services import news_source_add, news_source_poll_soon, news_source_resume
from tracker.web.forms import NewsSourceForm


@login_required
def team_sources(request: SignedInRequest) -> HttpResponse:
    teams = list(teams_curated(request.user).order_by("name"))
    if not teams:
        raise PermissionDenied("Only a team's curators follow its news sources.")
    form = NewsSourceForm(request.POST or None, teams=teams)
    sources = NewsSource.objects.filter(team__in=teams).select_related("team").order_by("team__name", "url")
    if request.method == "POST" and "action" in request.POST:
        source = sources.filter(pk=request.POST.get("source") or 0).first()
        if source is None:
            raise Http404("No such source.")
        if request.POST["action"] == "resume":
            news_source_resume(source=source, actor=request.user)
            messages.success(request, "Resumed: it is polled again now.")
        else:
            news_source_poll_soon(source=source, actor=request.user)
            messages.success(request, "A poll is queued: what it finds appears here within a minute.")
        return redirect("team-sources")
    if request.method == "POST" and form.is_valid():
        try:
            news_source_add(added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Added: its first poll is queued.")
            return redirect("team-sources")
    return render(
        request,
        "tracker/team_sources.html",
        {"form": form, "sources": list(sources)},
        status=400 if form.errors else 200,
    )
