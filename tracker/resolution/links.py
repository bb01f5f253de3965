"""Signed one-click links to a question's resolve page, issued to one curator in due-for-resolution reminders."""

from urllib.parse import urlencode

from django.core import signing
from django.urls import reverse

from tracker.accounts.models import User
from tracker.questions.models import Question

RESOLVE_SALT = "signpost.questions.resolve"


RESOLVE_LINK_MAX_AGE = 14 * 24 * 3600


def resolve_token(*, user, question: Question) -> str:
    """A signed, expiring token letting this user open the resolve page of this question without signing in."""
    return signing.dumps({"user": user.pk, "question": question.pk}, salt=RESOLVE_SALT, compress=True)


def resolve_token_user(*, token: str, question: Question) -> User:
    """The user a resolve token was issued to; signing.BadSignature when it is forged, expired, for another
    question, or its user is gone or inactive."""
    data = signing.loads(token, salt=RESOLVE_SALT, max_age=RESOLVE_LINK_MAX_AGE)
    if data.get("question") != question.pk:
        raise signing.BadSignature("The link is for another question.")
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None:
        raise signing.BadSignature("The link's user no longer exists.")
    return user


def question_resolve_link(*, user, question: Question) -> str:
    """The one-click link in due-for-resolution reminders: the resolve page, signed for the recipient."""
    path = reverse("question-resolve", args=[question.slug])
    return f"{path}?{urlencode({'token': resolve_token(user=user, question=question)})}"
