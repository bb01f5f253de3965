"""One-click links to a question's resolve page, issued to one curator in due-for-resolution reminders.

The link carries a signed token in its path (never the query string), valid for RESOLVE_LINK_MAX_AGE and for one
use: opening it shows the resolve page (link checkers that fetch it consume nothing); the first form posted
through it records the use and grants this browser session the right to resolve that question as that curator for
GRANT_SECONDS, so a form with an error can be corrected. Used again, the link is refused.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import User
from tracker.questions.models import Question
from tracker.resolution.models import ResolveLinkUse

RESOLVE_SALT = "signpost.questions.resolve-link"
# Reminders escalate after 3 and 7 days, each with a fresh link.
RESOLVE_LINK_MAX_AGE = 7 * 24 * 3600
GRANT_SECONDS = 3600
GRANT_SESSION_KEY = "signpost.resolve-grants"


class LinkRefused(Exception):
    """The link is forged, expired, for another question, its user is gone, or it was used (`used`)."""

    def __init__(self, used: bool = False):
        super().__init__("used" if used else "invalid")
        self.used = used


def resolve_token(*, user: User, question: Question) -> str:
    return signing.dumps(
        {"user": user.pk, "question": question.pk, "nonce": secrets.token_hex(12)}, salt=RESOLVE_SALT, compress=True
    )


def question_resolve_link(*, user: User, question: Question) -> str:
    """The one-click link in due-for-resolution reminders, signed for the recipient."""
    return reverse("question-resolve-link", args=[question.slug, resolve_token(user=user, question=question)])


def _read(token: str, question: Question) -> tuple[User, str]:
    try:
        data = signing.loads(token, salt=RESOLVE_SALT, max_age=RESOLVE_LINK_MAX_AGE)
    except signing.BadSignature:
        raise LinkRefused() from None
    if data.get("question") != question.pk or not isinstance(data.get("nonce"), str):
        raise LinkRefused()
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        raise LinkRefused()
    if ResolveLinkUse.objects.filter(nonce=data["nonce"]).exists():
        raise LinkRefused(used=True)
    return user, data["nonce"]


def resolve_link_user(*, token: str, question: Question) -> User:
    """The curator a link was issued to, while it is valid and unused; LinkRefused otherwise."""
    return _read(token, question)[0]


def resolve_link_use(*, token: str, question: Question, session) -> User:
    """Spend the link (once, whatever races) and grant this session the right to resolve the question as its
    curator for GRANT_SECONDS; LinkRefused when it is invalid or already used."""
    user, nonce = _read(token, question)
    try:
        with transaction.atomic():
            ResolveLinkUse.objects.create(nonce=nonce, user=user, question=question)
    except IntegrityError:
        raise LinkRefused(used=True) from None
    grants = dict(session.get(GRANT_SESSION_KEY, {}))
    grants[str(question.pk)] = {
        "user": user.pk,
        "until": (timezone.now() + timedelta(seconds=GRANT_SECONDS)).timestamp(),
    }
    session[GRANT_SESSION_KEY] = grants
    return user


def resolve_grant_user(*, session, question: Question) -> User | None:
    """The curator this session may resolve the question as (a link used in it, within the hour), or None."""
    grant = session.get(GRANT_SESSION_KEY, {}).get(str(question.pk))
    if not grant or grant.get("until", 0) < timezone.now().timestamp():
        return None
    return User.objects.filter(pk=grant.get("user"), is_active=True).first()
