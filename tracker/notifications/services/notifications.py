"""Notifications: created once per key, shown in the app, emailed right away or in a daily digest.

Exactly once: `notification_send` relies on the unique (recipient, kind, subject, window) constraint, so a retried
task, a duplicate beat tick or two racing workers create one row."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from tracker.accounts.models import User
from tracker.notifications.models import SLACK_BY_DEFAULT, Notification, NotificationPreference
from tracker.ops.jobs import enqueue_after_commit


def notification_channels(*, user: User) -> dict[str, tuple[bool, str, bool]]:
    """{kind: (in_app, email mode, also as a Slack direct message)} for every kind, defaults filled in; one query."""
    chosen = {
        kind: (in_app, email, slack)
        for kind, in_app, email, slack in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "in_app", "email", "slack"
        )
    }
    default_email = NotificationPreference.Email.DIGEST
    channels = {}
    for kind in Notification.Kind.values:
        in_app, email, slack = chosen.get(kind, (True, default_email, None))
        channels[kind] = (in_app, email, kind in SLACK_BY_DEFAULT if slack is None else slack)
    return channels


def _slack_wanted(*, user_id: int, kind: str, chosen: bool | None) -> bool:
    if not settings.SIGNPOST_SLACK_CLIENT_ID:
        return False
    return kind in SLACK_BY_DEFAULT if chosen is None else chosen


def notification_preference_set(
    *, user: User, kind: str, in_app: bool | None = None, email: str | None = None, slack: bool | None = None
):
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
    if slack is not None and preference.slack != slack:
        preference.slack = slack
        changed.append("slack")
    if changed:
        preference.save(update_fields=changed)
    return preference


def notification_preferences_set(
    *, user: User, preferences: dict[str, tuple[bool, str]], slack: dict[str, bool] | None = None
) -> None:
    """Save several kinds' preferences together (and, given, whether each is sent to Slack): all or, on a bad
    value, none."""
    slack = slack or {}
    with transaction.atomic():
        for kind, (in_app, email) in preferences.items():
            notification_preference_set(user=user, kind=kind, in_app=in_app, email=email, slack=slack.get(kind))


def _notification(
    *, recipient, kind, subject, window, title, body, url="", question=None, preference=None, slack_chosen=None
):
    if preference is None:
        chosen = (
            NotificationPreference.objects.filter(user=recipient, kind=kind)
            .values_list("in_app", "email", "slack")
            .first()
        )
        preference, slack_chosen = (
            (chosen[:2], chosen[2]) if chosen else ((True, NotificationPreference.Email.DIGEST), None)
        )
    in_app, email = preference
    slack = _slack_wanted(user_id=recipient.pk, kind=kind, chosen=slack_chosen)
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
        slack_state=Notification.SlackState.PENDING if slack else Notification.SlackState.SKIPPED,
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
    _email_now_if_asked([notification])
    return notification, True


def _email_now_if_asked(notifications: list[Notification]) -> None:
    """Immediate emails go out as soon as the notification is committed (the email queue), not at the next minute's
    sweep, which stays as the catch-up; so do Slack direct messages."""
    if any(n.email_immediately and n.email_state == Notification.EmailState.PENDING for n in notifications):
        enqueue_after_commit("tracker.deliver_notification_emails")
    if any(n.slack_state == Notification.SlackState.PENDING for n in notifications):
        enqueue_after_commit("tracker.slack_queue_direct_messages")


def notifications_send_many(drafts: list[dict]) -> int:
    """notification_send for many at once (the reminder sweep): preferences in one query, inserts in batches, and
    keys that already exist left alone by the database. Returns how many drafts were offered."""
    if not drafts:
        return 0
    chosen = {
        (user_id, kind): ((in_app, email), slack)
        for user_id, kind, in_app, email, slack in NotificationPreference.objects.filter(
            user_id__in={draft["recipient"].pk for draft in drafts}, kind__in={draft["kind"] for draft in drafts}
        ).values_list("user_id", "kind", "in_app", "email", "slack")
    }
    default = ((True, NotificationPreference.Email.DIGEST), None)
    rows = []
    for draft in drafts:
        preference, slack_chosen = chosen.get((draft["recipient"].pk, draft["kind"]), default)
        rows.append(_notification(preference=preference, slack_chosen=slack_chosen, **draft))
    Notification.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    _email_now_if_asked(rows)
    return len(rows)


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user, in_app=True).select_related("question")
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def notification_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
