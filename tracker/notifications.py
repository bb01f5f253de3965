"""Notifications: created once per key, shown in the app, emailed right away or in a daily digest.

Exactly once: `notification_send` relies on the unique (recipient, kind, subject, window) constraint, so a retried
task, a duplicate beat tick or two racing workers create one row. Emails are sent by a sweep that locks pending rows
(`select_for_update(skip_locked=True)`), sends, and marks them sent in the same transaction: a worker killed before
its commit leaves them pending for the next sweep (at least once), and the key keeps the notification itself single.
"""

import logging
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from tracker.models import EmailDigest, Notification, NotificationPreference, Question, User

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "signpost.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 180 * 24 * 3600


def notification_preference(*, user, kind: str) -> tuple[bool, str]:
    """(in_app, email mode) for a user and kind; in-app and a daily digest unless the user chose otherwise."""
    preference = NotificationPreference.objects.filter(user=user, kind=kind).values_list("in_app", "email").first()
    return preference or (True, NotificationPreference.Email.DIGEST)


def notification_preferences(*, user) -> dict[str, tuple[bool, str]]:
    """{kind: (in_app, email mode)} for every kind, defaults filled in; one query."""
    chosen = {
        kind: (in_app, email)
        for kind, in_app, email in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "in_app", "email"
        )
    }
    return {kind: chosen.get(kind, (True, NotificationPreference.Email.DIGEST)) for kind in Notification.Kind.values}


def notification_preference_set(*, user, kind: str, in_app: bool | None = None, email: str | None = None):
    if kind not in Notification.Kind.values:
        raise ValidationError({"kind": f"Kind must be one of {', '.join(Notification.Kind.values)}; got {kind!r}."})
    if email is not None and email not in NotificationPreference.Email.values:
        choices = ", ".join(NotificationPreference.Email.values)
        raise ValidationError({"email": f"Email must be one of {choices}; got {email!r}."})
    preference, _ = NotificationPreference.objects.get_or_create(user=user, kind=kind)
    changed = []
    if in_app is not None and preference.in_app != in_app:
        preference.in_app = in_app
        changed.append("in_app")
    if email is not None and preference.email != email:
        preference.email = email
        changed.append("email")
    if changed:
        preference.save(update_fields=changed)
    return preference


def notification_preferences_set(*, user, preferences: dict[str, tuple[bool, str]]) -> None:
    """Save several kinds' preferences together: all of them or, on a bad value, none."""
    with transaction.atomic():
        for kind, (in_app, email) in preferences.items():
            notification_preference_set(user=user, kind=kind, in_app=in_app, email=email)


def _notification(*, recipient, kind, subject, window, title, body, url="", question=None, preference=None):
    in_app, email = preference or notification_preference(user=recipient, kind=kind)
    return Notification(
        recipient=recipient,
        kind=kind,
        subject=subject,
        window=window,
        question=question,
        title=title,
        body=body,
        url=url,
        in_app=in_app,
        email_state=(
            Notification.EmailState.SKIPPED
            if email == NotificationPreference.Email.OFF or not recipient.email
            else Notification.EmailState.PENDING
        ),
        email_immediately=email == NotificationPreference.Email.IMMEDIATE,
    )


def notification_send(
    *, recipient, kind: str, subject: str, window: str, title: str, body: str, url: str = "", question=None
) -> tuple[Notification, bool]:
    """Create the notification for this key unless it exists; (notification, created)."""
    key = {"recipient": recipient, "kind": kind, "subject": subject, "window": window}
    existing = Notification.objects.filter(**key).first()
    if existing is not None:
        return existing, False
    notification = _notification(title=title, body=body, url=url, question=question, **key)
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        # Another worker created the same key between our read and our insert: theirs is the one.
        return Notification.objects.get(**key), False
    return notification, True


def notifications_send_many(drafts: list[dict]) -> int:
    """notification_send for many at once (the reminder sweep): preferences in one query, inserts in batches, and
    keys that already exist left alone by the database. Returns how many drafts were offered."""
    if not drafts:
        return 0
    preferences = {
        (user_id, kind): (in_app, email)
        for user_id, kind, in_app, email in NotificationPreference.objects.filter(
            user_id__in={draft["recipient"].pk for draft in drafts}, kind__in={draft["kind"] for draft in drafts}
        ).values_list("user_id", "kind", "in_app", "email")
    }
    default = (True, NotificationPreference.Email.DIGEST)
    rows = [
        _notification(preference=preferences.get((draft["recipient"].pk, draft["kind"]), default), **draft)
        for draft in drafts
    ]
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user, in_app=True).select_related("question")
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def notification_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


# --- email ----------------------------------------------------------------------------------------------------


def unsubscribe_token(*, user, kind: str) -> str:
    return signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user, kind: str) -> str:
    return settings.SITE_URL + reverse("notification-unsubscribe", args=[unsubscribe_token(user=user, kind=kind)])


def unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off email for the kind named in a signed token; raises signing.BadSignature for a bad or old token."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    user = User.objects.get(pk=data["user"])
    notification_preference_set(user=user, kind=data["kind"], email=NotificationPreference.Email.OFF)
    return user, data["kind"]


def _absolute(url: str) -> str:
    return url if url.startswith("http") else settings.SITE_URL + url


def _email(recipient, subject: str, lines: list[str], unsubscribe_links: dict[str, str]) -> EmailMessage:
    footer = ["", "—", "Signpost. To stop these emails:"] + [
        f"  {label}: {link}" for label, link in unsubscribe_links.items()
    ]
    message = EmailMessage(
        subject=f"[Signpost] {subject}",
        body="\n".join(lines + footer),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"List-Unsubscribe": ", ".join(f"<{link}>" for link in unsubscribe_links.values())},
    )
    return message


def _notification_lines(notification: Notification) -> list[str]:
    lines = [notification.title, "", notification.body]
    if notification.url:
        lines += ["", _absolute(notification.url)]
    return lines


def _kind_label(kind: str) -> str:
    return Notification.Kind(kind).label


def emails_send_immediate(*, batch: int = 200) -> int:
    """Email the notifications whose recipients asked for immediate email; each once."""
    sent = 0
    while True:
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(email_state=Notification.EmailState.PENDING, email_immediately=True)
                .select_related("recipient")
                .order_by("id")[:batch]
            )
            if not pending:
                return sent
            for notification in pending:
                recipient = notification.recipient
                link = unsubscribe_url(user=recipient, kind=notification.kind)
                _email(
                    recipient,
                    notification.title,
                    _notification_lines(notification),
                    {_kind_label(notification.kind): link},
                ).send()
                notification.email_state = Notification.EmailState.SENT
                notification.emailed_at = timezone.now()
                notification.save(update_fields=["email_state", "emailed_at"])
                sent += 1


def emails_send_digests(*, now: datetime | None = None) -> int:
    """One digest per user per UTC day with everything pending for them; returns how many digests went out."""
    now = now or timezone.now()
    today = now.date()
    waiting = (
        Notification.objects.filter(email_state=Notification.EmailState.PENDING, email_immediately=False)
        .exclude(recipient__in=EmailDigest.objects.filter(day=today).values("user"))
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient_id in list(waiting):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    digest = EmailDigest.objects.create(
                        user_id=recipient_id, day=today, sent_at=now, notification_count=0
                    )
            except IntegrityError:
                continue  # another worker sent today's digest for this user
            notifications = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(recipient_id=recipient_id, email_state=Notification.EmailState.PENDING, email_immediately=False)
                .select_related("recipient")
                .order_by("created_at", "id")
            )
            if not notifications:
                transaction.set_rollback(True)
                continue
            recipient = notifications[0].recipient
            lines = [f"{len(notifications)} update{'s' if len(notifications) != 1 else ''} from Signpost:", ""]
            for notification in notifications:
                lines += [f"• {notification.title}", f"  {notification.body}"]
                if notification.url:
                    lines.append(f"  {_absolute(notification.url)}")
                lines.append("")
            kinds = sorted({notification.kind for notification in notifications})
            links = {_kind_label(kind): unsubscribe_url(user=recipient, kind=kind) for kind in kinds}
            _email(recipient, f"Your daily digest ({len(notifications)})", lines, links).send()
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                email_state=Notification.EmailState.SENT, emailed_at=now
            )
            digest.notification_count = len(notifications)
            digest.save(update_fields=["notification_count"])
            sent += 1
    return sent


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
