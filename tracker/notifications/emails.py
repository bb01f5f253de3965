"""Notification emails: immediate ones, the daily digest, and one-click unsubscribe links."""

import logging
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import User
from tracker.notifications.models import EmailDigest, Notification, NotificationPreference
from tracker.notifications.services import notification_preference_set

logger = logging.getLogger(__name__)


UNSUBSCRIBE_SALT = "signpost.notifications.unsubscribe"


UNSUBSCRIBE_MAX_AGE = 180 * 24 * 3600


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
