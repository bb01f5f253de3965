"""Who is asking: API tokens (hashed, with scopes) or the session, and what each may do."""

from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from tracker.accounts.models import ApiToken
from tracker.accounts.tokens import api_token_authenticate


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer sp_…` (or `Token sp_…`). Tokens are never read from the URL."""

    keywords = (b"bearer", b"token")

    def authenticate(self, request: Request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("The Authorization header must be `Bearer <token>`.")
        try:
            raw = header[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid text.") from None
        token = api_token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown, revoked, or its user is inactive.")
        return token.user, token

    def authenticate_header(self, request: Request):
        return 'Bearer realm="api"'


def token_scope(request: Request) -> str | None:
    """The scope of the request's token, or None for a session (full rights of the signed-in user)."""
    return request.auth.scope if isinstance(request.auth, ApiToken) else None


class ReadOrSignedInWrite(permissions.BasePermission):
    """Anyone may read what the selectors let them see; writes need a signed-in user, and a read-write token when
    a token is used."""

    message = "Sign in, or send a token with the write scope, to change anything."

    def has_permission(self, request: Request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if token_scope(request) == ApiToken.Scope.READ:
            self.message = "This token is read-only; create one with the write scope to change anything."
            return False
        return True


class SignedIn(ReadOrSignedInWrite):
    """Personal endpoints: reads need a signed-in user too."""

    message = "Sign in or send an API token."

    def has_permission(self, request: Request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return super().has_permission(request, view)
