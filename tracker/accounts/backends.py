"""A limit django-axes does not draw: failed logins from one address across many usernames (password spraying).

Axes locks a username at one address after SIGNPOST_LOGIN_FAILURE_LIMIT wrong passwords; it takes one failure
limit for every lockout parameter, so counting by address alone with it would lock a whole office out after five
typos. This backend, placed before axes, counts the failures axes already recorded for the address over the lockout
window and refuses further logins from there past SIGNPOST_LOGIN_ADDRESS_FAILURE_LIMIT, with the same 429 page."""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def address_failures(ip_address: str) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressFailureLimit:
    """Only authenticate (refusing, or passing on with None): it loads no users, so Django never picks it to
    restore a session's user (as it would a backend with get_user)."""

    def authenticate(self, request: HttpRequest | None, username=None, password=None, **credentials):
        if request is None:
            return None
        ip_address = get_client_ip_address(request)
        if ip_address and address_failures(ip_address) >= settings.SIGNPOST_LOGIN_ADDRESS_FAILURE_LIMIT:
            # AxesMiddleware answers with the lockout page (429) when the request is marked so.
            request.axes_locked_out = True  # type: ignore[attr-defined]  # django-axes' marks on the request
            request.axes_credentials = {"username": username}  # type: ignore[attr-defined]
            raise PermissionDenied("Too many failed logins from this address.")
        return None
