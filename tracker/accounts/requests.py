"""The request types views are annotated with: what django-htmx's middleware adds, and a signed-in user where a
view requires one (django-stubs types `request.user` as possibly anonymous, which it is until a login check)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails
from rest_framework.request import Request

from tracker.accounts.models import User
from tracker.accounts.permissions import is_signed_in


class PageRequest(HttpRequest):
    """A request to a page: its reader may be signed out; `htmx` says whether HTMX sent it."""

    htmx: HtmxDetails


class SignedInRequest(PageRequest):
    """A request that passed `login_required`: its user is an account."""

    user: User


def account_of(request: HttpRequest | Request) -> User:
    """The request's account where a login check already ran (`login_required`, the admin site, DRF's
    IsAuthenticated): says so to the type checker, and refuses rather than act as nobody if a check was forgotten."""
    user = request.user
    if not is_signed_in(user):
        raise PermissionDenied("Sign in first.")
    return user
