"""Notification emails: immediate ones, the daily digest, and one-click unsubscribe links."""

import contextlib
import logging
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import User
from tracker.lib.times import time_zone_or_utc
from tracker.notifications.models import EmailDigest, Notification, NotificationPreference
from tracker.notifications.services.notifications import notification_preference_set

logger = logging.getLogger(__name__)


UNSUBSCRIBE_SALT = "signpost.notifications.unsubscribe"


UNSUBSCRIBE_MAX_AGE = 180 * 24 * 3600


def unsubscribe_token(*, user: User, kind: str) -> str:
    return signing.dumps({"user": user.pk, "kind": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user: User, kind: str) -> str:
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


# --- sending, one email at a time -------------------------------------------------------------------------------
#
# Each email is claimed (a short transaction under a row lock that moves its next attempt a lease ahead), sent with
# the SMTP server's deadline, and marked (sent, failed, or due again after a backoff) on its own. One refused
# address or one failing message affects only itself; a worker killed mid-send leaves only that one email to be sent
# again when its lease ends. The lease outlasts the task's time limit, so a running send is never claimed twice.

EMAIL_TASK_TIME_LIMIT = 120  # seconds: tracker.deliver_notification_emails' hard limit
EMAIL_LEASE = timedelta(seconds=EMAIL_TASK_TIME_LIMIT + 30)
EMAIL_SWEEP_BUDGET = 60  # seconds of claiming per run; the next minute's run goes on
EMAIL_MAX_ATTEMPTS = 8  # 1, 2, 4, ... 64 minutes apart: about four hours of retrying
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


@dataclass(frozen=True)
class SendOutcome:
    state: str  # "sent", "refused" (permanently: never retried) or "retry"
    error: str = ""


def _outcome_of(error: Exception) -> SendOutcome:
    """What an SMTP failure means for the message: a 5xx answer about this message or its recipient is permanent;
    everything else (4xx, a dropped or slow connection, a refused sender, which is our configuration) is retried."""
    text = f"{type(error).__name__}: {error}"[:300]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return SendOutcome("refused" if codes and all(code >= 500 for code in codes) else "retry", text)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return SendOutcome("retry", text)
    if isinstance(error, smtplib.SMTPResponseException):
        return SendOutcome("refused" if error.smtp_code >= 500 else "retry", text)
    return SendOutcome("retry", text)


class Mailer:
    """One SMTP connection reused across a run's emails, reopened after a connection-level failure."""

    def __init__(self):
        self._connection = None

    def send(self, message: EmailMessage) -> SendOutcome:
        if self._connection is None:
            self._connection = get_connection(fail_silently=False)
        message.connection = self._connection
        try:
            message.send()
            return SendOutcome("sent")
        except (smtplib.SMTPException, OSError) as error:
            outcome = _outcome_of(error)
            if not isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
                self.close()  # the session itself may be broken: the next email opens a fresh one
            return outcome

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.close()
            self._connection = None


def retry_after(attempts: int) -> timedelta:
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


# A model whose rows carry their own email: email_state, email_attempts, email_next_attempt_at, emailed_at, email_error.
Row = TypeVar("Row", bound=Model)


def email_claim(candidates: QuerySet[Row], now: datetime) -> Row | None:
    """The first row among `candidates` whose email is pending and due, claimed: locked past other workers
    (skip_locked), its attempt counted and leased for longer than a task may run, so a worker that dies mid-send
    leaves it to be retried once the lease ends. Any model with the email_state, email_attempts and
    email_next_attempt_at columns: notifications and team invitations."""
    with transaction.atomic():
        row = (
            candidates.filter(email_state=Notification.EmailState.PENDING)
            .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("id")
            .first()
        )
        if row is None:
            return None
        # Every Row has these columns (see Row); a bound TypeVar cannot say so to mypy.
        row.email_attempts += 1  # type: ignore[attr-defined]
        row.email_next_attempt_at = now + EMAIL_LEASE  # type: ignore[attr-defined]
        row.save(update_fields=["email_attempts", "email_next_attempt_at"])
    return row


def _claim_immediate(now: datetime) -> Notification | None:
    return email_claim(Notification.objects.filter(email_immediately=True).select_related("recipient"), now)


def email_outcome_mark(rows, *, attempts: int, outcome: SendOutcome, now: datetime) -> str:
    """Record an attempt's outcome on the rows it carried; returns their email state. Any rows with the email_state
    (pending, sent, failed), emailed_at, email_error and email_next_attempt_at columns: notifications, and team
    invitations (tracker.teams.services.emails)."""
    if outcome.state == "sent":
        rows.update(email_state=Notification.EmailState.SENT, emailed_at=now, email_error="")
        return Notification.EmailState.SENT
    if outcome.state == "refused" or attempts >= EMAIL_MAX_ATTEMPTS:
        rows.update(email_state=Notification.EmailState.FAILED, email_error=outcome.error)
        return Notification.EmailState.FAILED
    rows.update(email_next_attempt_at=now + retry_after(attempts), email_error=outcome.error)
    return Notification.EmailState.PENDING


def email_row_mark(row: Row, outcome: SendOutcome, now: datetime) -> str:
    """Mark a claimed row carrying its own email (notifications, invitations): the outcome on that row alone."""
    pending = type(row)._default_manager.filter(pk=row.pk, email_state=Notification.EmailState.PENDING)
    attempts = row.email_attempts  # type: ignore[attr-defined]  # every claimed model has the column
    return email_outcome_mark(pending, attempts=attempts, outcome=outcome, now=now)


def emails_send_claimed(
    *,
    claim: Callable[[datetime], Row | None],
    message_of: Callable[[Row], EmailMessage],
    mark: Callable[[Row, SendOutcome, datetime], str] = email_row_mark,
    now: datetime | None = None,
    budget_seconds: float = EMAIL_SWEEP_BUDGET,
) -> int:
    """The one sending loop of every email: claim one row, send its message with the SMTP server's deadline, mark
    the outcome on that row alone (`mark` returns the email state); then the next. One refused address never stalls
    or repeats the others. Returns how many were sent; stops claiming after `budget_seconds` (the next run
    continues)."""
    ends = time.monotonic() + budget_seconds
    mailer, sent = Mailer(), 0
    try:
        while time.monotonic() < ends:
            row = claim(now or timezone.now())
            if row is None:
                break
            outcome = mailer.send(message_of(row))
            state = mark(row, outcome, now or timezone.now())
            sent += state == Notification.EmailState.SENT
            if outcome.state != "sent":
                logger.warning("Email of %s %s: %s", type(row).__name__, row.pk, outcome.error)
    finally:
        mailer.close()
    return sent


def _notification_message(notification: Notification) -> EmailMessage:
    recipient = notification.recipient
    link = unsubscribe_url(user=recipient, kind=notification.kind)
    return _email(
        recipient, notification.title, _notification_lines(notification), {_kind_label(notification.kind): link}
    )


def emails_send_immediate(*, now: datetime | None = None, budget_seconds: float = EMAIL_SWEEP_BUDGET) -> int:
    """Email the notifications whose recipients asked for immediate email, each on its own; returns how many were
    sent."""
    return emails_send_claimed(
        claim=_claim_immediate, message_of=_notification_message, now=now, budget_seconds=budget_seconds
    )


# --- the daily digest --------------------------------------------------------------------------------------------


def _claim_digest(recipient_id: int, now: datetime, today: date) -> EmailDigest | None:
    """Today's digest for the recipient (`today` in their time zone), claimed: created with the notifications
    waiting for it, or an earlier attempt whose retry (or lease) is due. None when it was sent, failed, is held by
    another worker, or there is nothing to send."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = EmailDigest.objects.create(
                    user_id=recipient_id,
                    day=today,
                    state=EmailDigest.State.SENDING,
                    attempts=1,
                    next_attempt_at=now + EMAIL_LEASE,
                    notification_count=0,
                )
        except IntegrityError:
            digest = (
                EmailDigest.objects.select_for_update(skip_locked=True)
                .filter(user_id=recipient_id, day=today, state=EmailDigest.State.SENDING, next_attempt_at__lte=now)
                .first()
            )
            if digest is None:
                return None
            digest.attempts += 1
            digest.next_attempt_at = now + EMAIL_LEASE
            digest.save(update_fields=["attempts", "next_attempt_at"])
            return digest
        waiting = Notification.objects.filter(
            recipient_id=recipient_id,
            email_state=Notification.EmailState.PENDING,
            email_immediately=False,
            digest__isnull=True,
        )
        count = waiting.update(digest=digest)
        if not count:
            transaction.set_rollback(True)
            return None
        digest.notification_count = count
        digest.save(update_fields=["notification_count"])
    return digest


def _digest_message(digest: EmailDigest) -> EmailMessage:
    notifications = list(digest.notifications.select_related("recipient").order_by("created_at", "id"))
    recipient = notifications[0].recipient
    lines = [f"{len(notifications)} update{'s' if len(notifications) != 1 else ''} from Signpost:", ""]
    for notification in notifications:
        lines += [f"• {notification.title}", f"  {notification.body}"]
        if notification.url:
            lines.append(f"  {_absolute(notification.url)}")
        lines.append("")
    kinds = sorted({notification.kind for notification in notifications})
    links = {_kind_label(kind): unsubscribe_url(user=recipient, kind=kind) for kind in kinds}
    return _email(recipient, f"Your daily digest ({len(notifications)})", lines, links)


def emails_send_digests(*, now: datetime | None = None, budget_seconds: float = EMAIL_SWEEP_BUDGET) -> int:
    """One digest per user per day (the day in the user's time zone, UTC when they have none) with everything
    waiting for them, each claimed, sent and marked on its own; returns how many were sent."""
    now = now or timezone.now()
    waiting = set(
        Notification.objects.filter(
            email_state=Notification.EmailState.PENDING, email_immediately=False, digest__isnull=True
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    retrying = set(
        EmailDigest.objects.filter(state=EmailDigest.State.SENDING, next_attempt_at__lte=now).values_list(
            "user_id", "day"
        )
    )
    people = waiting | {user_id for user_id, _ in retrying}
    zones = dict(User.objects.filter(pk__in=people).values_list("pk", "time_zone"))
    today = {user_id: now.astimezone(time_zone_or_utc(zones.get(user_id))).date() for user_id in people}
    done = set(
        EmailDigest.objects.filter(user_id__in=waiting, day__in=set(today.values())).values_list("user_id", "day")
    )
    due = {user_id for user_id in waiting if (user_id, today[user_id]) not in done}
    due |= {user_id for user_id, day in retrying if day == today[user_id]}
    queue = iter(sorted(due))

    def claim_next(at: datetime) -> EmailDigest | None:
        """The next due recipient's digest that can be claimed (one held by another worker is skipped)."""
        for recipient_id in queue:
            if (digest := _claim_digest(recipient_id, at, today[recipient_id])) is not None:
                return digest
        return None

    return emails_send_claimed(
        claim=claim_next, message_of=_digest_message, mark=_digest_mark, now=now, budget_seconds=budget_seconds
    )


def _digest_mark(digest: EmailDigest, outcome: SendOutcome, now: datetime) -> str:
    """A digest's outcome on its notifications and on the digest row (sent, failed, or its next retry)."""
    rows = digest.notifications.filter(email_state=Notification.EmailState.PENDING)
    state = email_outcome_mark(rows, attempts=digest.attempts, outcome=outcome, now=now)
    digest.state = {
        Notification.EmailState.SENT: EmailDigest.State.SENT,
        Notification.EmailState.FAILED: EmailDigest.State.FAILED,
    }.get(state, EmailDigest.State.SENDING)
    digest.error = outcome.error
    digest.sent_at = now if state == Notification.EmailState.SENT else None
    digest.next_attempt_at = None if state != Notification.EmailState.PENDING else now + retry_after(digest.attempts)
    digest.save(update_fields=["state", "error", "sent_at", "next_attempt_at"])
    return state
