"""Personal API tokens: created with a name and a scope, shown once, stored as a SHA-256, revocable."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from tracker.accounts.models import ApiToken

TOKEN_PREFIX = "sp_"
# Recording every use would turn each API read into a write; once a minute is enough to show "last used".
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user, name: str, scope: str = ApiToken.Scope.READ) -> tuple[ApiToken, str]:
    """(token row, the token itself): the caller shows the token once; only its hash is kept."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, e.g. the script that will use it."})
    if len(name) > 100:
        raise ValidationError({"name": "At most 100 characters."})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": f"Scope must be one of {', '.join(ApiToken.Scope.values)}; got {scope!r}."})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, scope=scope, prefix=raw[:10], token_hash=token_hash(raw))
    return token, raw


def api_token_revoke(*, token: ApiToken, now: datetime | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str, *, now: datetime | None = None) -> ApiToken | None:
    """The live token with this value (and its active user), or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
