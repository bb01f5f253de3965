"""Single sign-on through the organisation's identity provider (OpenID Connect, issue #33), with mozilla-django-oidc
doing the protocol (code flow, state, nonce, the ID token's signature, the token and userinfo calls with a timeout).

Chosen over django-allauth because Signpost already has its own accounts, sign-up, invitations and password reset:
allauth would bring a second account system to reconcile, where mozilla-django-oidc is one backend and two views.

Who an identity is, decided here:
- an account that signed in before is found by its provider subject (`sub`), never by email (addresses change hands);
- otherwise a local account with the same address is linked only when the provider says the address is verified
  and the local account verified it too (else anyone could pre-register a victim's address and inherit their
  sign-in); failing that a new account is made, with a free username from the claims;
- a verified address in a domain listed in SIGNPOST_OIDC_TEAM_DOMAINS joins that team as a forecaster (never
  changing a role the user already has there).
Local accounts keep working: the backend answers only the provider's callback."""

import logging

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from tracker.accounts.models import Membership, Team, User

logger = logging.getLogger(__name__)


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def team_domains() -> dict[str, str]:
    """{"example.org": "team-slug"} from SIGNPOST_OIDC_TEAM_DOMAINS ("example.org=team-slug,other.org=…")."""
    pairs = [item.split("=", 1) for item in settings.SIGNPOST_OIDC_TEAM_DOMAINS.split(",") if "=" in item]
    return {domain.strip().lower(): slug.strip() for domain, slug in pairs}


def _verified_email(claims: dict) -> str:
    email = str(claims.get("email") or "").strip()
    return email if email and claims.get("email_verified") is True else ""


def _free_username(claims: dict) -> str:
    wanted = str(claims.get("preferred_username") or str(claims.get("email") or "").split("@")[0] or "member")
    base = slugify(wanted)[:140] or "member"
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


class SignpostOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with Signpost's rules for which account an identity is (module docstring)."""

    def authenticate(self, request: HttpRequest | None, **kwargs):
        """The provider's callback: a refused token, a provider that errs or does not answer in OIDC_TIMEOUT, is a
        failed sign-in (the login page says so), never an error page."""
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, ValueError) as error:
            logger.warning("Single sign-on refused: %s", error)
            return None

    def verify_token(self, token, **kwargs):
        """The library checks the signature and the nonce; the token must also be meant for this client."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token was issued to another client.")
        return payload

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict):
        return User.objects.filter(oidc_subject=str(claims["sub"]))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims) or str(claims["sub"]) != str(payload.get("sub")):
            raise SuspiciousOperation("The provider's userinfo is not the ID token's subject.")
        with transaction.atomic():
            user = self.filter_users_by_claims(claims).first()
            if user is None:
                user = self._link_or_create(claims)
            if not user.is_active:
                return None
            self._join_team_by_domain(user, claims)
        return user

    def _link_or_create(self, claims: dict) -> User:
        email = _verified_email(claims)
        local = (
            User.objects.select_for_update()
            .filter(email__iexact=email, email_verified_at__isnull=False, oidc_subject__isnull=True)
            .first()
            if email
            else None
        )
        if local is not None:
            local.oidc_subject = str(claims["sub"])
            local.save(update_fields=["oidc_subject"])
            return local
        user = User.objects.create_user(
            _free_username(claims),
            email=email,
            display_name=str(claims.get("name") or "")[:150],
        )
        user.oidc_subject = str(claims["sub"])
        user.set_unusable_password()
        if email:
            user.email_verified_at = timezone.now()  # the provider verified it
        user.save()
        return user

    def _join_team_by_domain(self, user: User, claims: dict) -> None:
        email = _verified_email(claims)
        if not email:
            return
        slug = team_domains().get(email.rsplit("@", 1)[-1].lower())
        team = Team.objects.filter(slug=slug).first() if slug else None
        if team is not None:
            Membership.objects.get_or_create(team=team, user=user, defaults={"role": Membership.Role.FORECASTER})


def _only_when_enabled(view):
    def guarded(request: HttpRequest, *args, **kwargs):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up here.")
        return view(request, *args, **kwargs)

    return guarded


sso_login = _only_when_enabled(OIDCAuthenticationRequestView.as_view())
sso_callback = _only_when_enabled(OIDCAuthenticationCallbackView.as_view())
