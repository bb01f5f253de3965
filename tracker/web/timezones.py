"""Each reader sees times in their own time zone: their saved choice, else their browser's (a cookie the page's
script sets on the first visit, saved to the account the first time a signed-in reader brings it), else UTC.
Storage stays UTC; only display changes."""

from urllib.parse import unquote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from tracker.accounts.requests import SignedInRequest
from tracker.accounts.services import user_time_zone_set
from tracker.lib.times import known_time_zones, time_zone_or_utc

BROWSER_COOKIE = "tz"


class ReaderTimeZone:
    """Middleware: activate the reader's time zone for the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        chosen = ""
        user = getattr(request, "user", None)
        browser = unquote(request.COOKIES.get(BROWSER_COOKIE, ""))
        if user is not None and user.is_authenticated:
            chosen = user.time_zone
            if not chosen and browser in known_time_zones():
                user_time_zone_set(user=user, time_zone=browser)  # the browser's, the first time we learn it
                chosen = browser
        else:
            chosen = browser
        timezone.activate(time_zone_or_utc(chosen))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label="Time zone", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [("", "My browser's (UTC if it does not say)")] + [
            (name, name.replace("_", " ")) for name in sorted(known_time_zones())
        ]


@login_required
def time_zone_settings(request: SignedInRequest):
    form = TimeZoneForm(request.POST or None, initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            user_time_zone_set(user=request.user, time_zone=form.cleaned_data["time_zone"])
        except ValidationError as error:
            form.add_error("time_zone", error.message_dict["time_zone"])
        else:
            messages.success(request, "Time zone saved: pages and emails show times in it.")
            return redirect("time-zone-settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "tracker/time_zone_settings.html", {"form": form}, status=status)
