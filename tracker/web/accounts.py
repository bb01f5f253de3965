"""Account pages: sign up, and personal API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from tracker.accounts import sso
from tracker.accounts.models import ApiToken
from tracker.accounts.requests import PageRequest, SignedInRequest
from tracker.accounts.tokens import api_token_create, api_token_revoke
from tracker.lib.forms import add_service_errors
from tracker.teams.services.membership import (
    InvitationRefused,
    invitation_accept,
    invitation_read,
    join_link_read,
    team_join_by_link,
)
from tracker.web.forms import (
    ApiTokenForm,
    SignupForm,
)


def signup(request: PageRequest):
    """Create an account (username, email, password twice), then sign in. Someone who came through an invitation
    link (whose address the account then has) or a team's join link joins that team at once; everyone else lands on
    the first-run page (tracker.web.teams.welcome)."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    invitation = _invitation_in_session(request)
    join_link = None if invitation else _join_link_in_session(request)
    initial = {"email": invitation.email} if invitation else None
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        team = None
        try:
            if invitation is not None:
                team = invitation_accept(token=request.session["invitation_token"], user=user).team
            elif join_link is not None:
                team = team_join_by_link(token=request.session["join_token"], user=user).team
        except InvitationRefused as error:
            messages.error(request, str(error))
        finally:
            request.session.pop("invitation_token", None)
            request.session.pop("join_token", None)
        if team is not None:
            messages.success(request, f"Welcome, {user.username}: you joined {team.name}.")
            return redirect("team-detail", slug=team.slug)
        messages.success(request, f"Welcome, {user.username}.")
        return redirect("welcome")
    context = {"form": form, "invitation": invitation, "join_link": join_link}
    return render(request, "registration/signup.html", context, status=400 if form.errors else 200)


def _join_link_in_session(request: PageRequest):
    """The team join link this browser opened before signing up, if it still works."""
    return _link_in_session(request, "join_token", join_link_read)


def _invitation_in_session(request: PageRequest):
    """The invitation whose link this browser opened before signing up, if it can still be accepted."""
    return _link_in_session(request, "invitation_token", invitation_read)


def _link_in_session(request: PageRequest, key: str, read):
    token = request.session.get(key)
    if not token:
        return None
    try:
        return read(token=token)
    except InvitationRefused:
        request.session.pop(key, None)
        return None


@login_required
def api_tokens(request: SignedInRequest):
    """Create API tokens (the token is shown once, here) and revoke them."""
    created_token = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and "revoke" in request.POST:
        token = ApiToken.objects.filter(user=request.user, pk=request.POST.get("revoke") or 0).first()
        if token is None:
            raise Http404("No such token.")
        api_token_revoke(token=token)
        messages.success(request, f"Revoked “{token.name}”: it no longer works.")
        return redirect("api-tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _, created_token = api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    context = {
        "form": form,
        "created_token": created_token,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
    }
    return render(request, "tracker/api_tokens.html", context, status=400 if form.errors else 200)


class ThrottledPasswordResetView(PasswordResetView):
    """Password reset, with a limit on how many reset emails one address or one email address may ask for per hour
    (SIGNPOST_PASSWORD_RESETS_PER_HOUR), so the form cannot be used to flood an inbox or probe accounts. The
    page says the same thing whether or not an account has that email."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.html"
    subject_template_name = "accounts/password_reset_subject.txt"

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        keys = [f"password-reset:ip:{self.request.META.get('REMOTE_ADDR', '')}", f"password-reset:email:{email}"]
        if not all(within_hourly_limit(key, settings.SIGNPOST_PASSWORD_RESETS_PER_HOUR) for key in keys):
            form.add_error(None, "Too many password reset requests; try again in an hour.")
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def within_hourly_limit(key: str, limit: int) -> bool:
    """Count one more use of `key` this hour; False once the limit is passed. Counted in the cache (Redis in
    production, shared by every web process); if the cache cannot be reached the request goes through, as the API's
    throttling does, rather than locking everyone out."""
    try:
        cache.add(key, 0, timeout=3600)
        return cache.incr(key) <= limit
    except Exception:  # the cache backend's connection errors vary by backend
        return True


class SignInView(auth_views.LoginView):
    """The login page, with "Sign in with <organisation>" when single sign-on is set up (tracker/accounts/sso.py)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(sso_enabled=sso.sso_enabled(), sso_name=settings.SIGNPOST_OIDC_NAME)
        return context
