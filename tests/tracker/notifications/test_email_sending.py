"""Emails are claimed, sent and marked one at a time: one refusing recipient affects only itself, a temporary
failure backs off and retries, a crash resends at most the email in flight, and digests do the same per user.
Against a real SMTP server on loopback."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import UserFactory
from tests.smtp import smtp_server, use_smtp
from tracker.models import EmailDigest, Notification, NotificationPreference
from tracker.notifications.health import undelivered_emails
from tracker.notifications.services.emails import (
    EMAIL_LEASE,
    EMAIL_MAX_ATTEMPTS,
    _claim_immediate,
    emails_send_digests,
    emails_send_immediate,
)
from tracker.notifications.services.notifications import notification_preference_set, notification_send

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 2, 1, 9, tzinfo=UTC)


def wants_email(name: str, mode=NotificationPreference.Email.IMMEDIATE):
    user = UserFactory(username=name, email=f"{name}@example.org")
    notification_preference_set(user=user, kind="resolved", email=mode)
    return user


def tell(user, n: int = 0):
    return notification_send(recipient=user, kind="resolved", subject=f"q:{n}", window="w", title=f"T{n}", body="b")[0]


def test_one_refused_address_does_not_stop_or_repeat_anyone_else_s_mail(settings):
    users = [wants_email(name) for name in ("ann", "bob", "cat", "dan")]
    for user in users:
        tell(user)
    with smtp_server() as smtp, time_machine.travel(NOW, tick=False):
        smtp.refused.add("bob@example.org")
        use_smtp(settings, smtp)
        for _ in range(3):  # three beat ticks
            emails_send_immediate()
        delivered = smtp.deliveries()
    assert delivered == {"ann@example.org": 1, "cat@example.org": 1, "dan@example.org": 1}
    states = dict(Notification.objects.values_list("recipient__username", "email_state"))
    assert states == {"ann": "sent", "bob": "failed", "cat": "sent", "dan": "sent"}
    refused = Notification.objects.get(recipient__username="bob")
    assert refused.email_attempts == 1
    assert "550" in refused.email_error
    # Reported, not unhealthy: the refusal is about that recipient, not about us.
    report = undelivered_emails(timezone.now())
    assert report["ok"]
    assert report["failed_last_day"] == 1


def test_a_temporary_refusal_backs_off_retries_and_gives_up_after_its_attempts(settings):
    user = wants_email("eve")
    notification = tell(user)
    with smtp_server() as smtp:
        smtp.busy.add("eve@example.org")
        use_smtp(settings, smtp)
        emails_send_immediate(now=NOW)
        notification.refresh_from_db()
        assert (notification.email_state, notification.email_attempts) == ("pending", 1)
        assert notification.email_next_attempt_at == NOW + timedelta(minutes=1)
        emails_send_immediate(now=NOW + timedelta(seconds=30))  # not due yet: nothing tried
        notification.refresh_from_db()
        assert notification.email_attempts == 1
        when = NOW
        for attempt in range(2, EMAIL_MAX_ATTEMPTS + 1):
            when = notification.email_next_attempt_at
            emails_send_immediate(now=when)
            notification.refresh_from_db()
            assert notification.email_attempts == attempt
        assert notification.email_state == "failed"
        assert "451" in notification.email_error
        assert smtp.accepted == []
        # Had the server recovered in time, the next attempt would have sent it once.
        other = tell(wants_email("fay"))
        smtp.busy.add("fay@example.org")
        emails_send_immediate(now=when)
        smtp.busy.clear()
        emails_send_immediate(now=when + timedelta(minutes=1))
        other.refresh_from_db()
        assert other.email_state == "sent"
        assert smtp.deliveries() == {"fay@example.org": 1}


def test_a_crash_between_sending_and_marking_resends_only_the_email_in_flight(settings):
    users = [wants_email(name) for name in ("gus", "hal", "ivy")]
    for user in users:
        tell(user)
    with smtp_server() as smtp:
        use_smtp(settings, smtp)
        in_flight = _claim_immediate(NOW)  # a worker claimed it, sent it, and died before marking it
        emails_send_immediate(now=NOW)  # another worker: the claimed one is not touched while its lease holds
        assert smtp.deliveries() == {"hal@example.org": 1, "ivy@example.org": 1}
        emails_send_immediate(now=NOW + EMAIL_LEASE - timedelta(seconds=1))
        assert sum(smtp.deliveries().values()) == 2
        emails_send_immediate(now=NOW + EMAIL_LEASE + timedelta(seconds=1))  # the lease ended: it goes out
    assert smtp.deliveries()[in_flight.recipient.email] == 1
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}


def test_an_email_failing_for_longer_than_allowed_makes_health_unhealthy(settings):
    notification = tell(wants_email("jon"))
    with smtp_server() as smtp:
        smtp.busy.add("jon@example.org")
        use_smtp(settings, smtp)
        with time_machine.travel(NOW, tick=False):
            Notification.objects.filter(pk=notification.pk).update(created_at=NOW)
            emails_send_immediate(now=NOW)
    later = NOW + timedelta(seconds=settings.SIGNPOST_UNDELIVERED_MAX_AGE + 60)
    report = undelivered_emails(later)
    assert report["retrying"] == 1
    assert report["failing_longer_than_max_age"] == 1
    assert not report["ok"]


def test_digests_are_sent_per_user_and_a_refused_one_fails_alone(settings):
    digest_users = [wants_email(name, NotificationPreference.Email.DIGEST) for name in ("kim", "lou", "max")]
    for user in digest_users:
        tell(user, 1)
        tell(user, 2)
    with smtp_server() as smtp:
        smtp.refused.add("lou@example.org")
        smtp.busy.add("max@example.org")
        use_smtp(settings, smtp)
        assert emails_send_digests(now=NOW) == 1
        assert smtp.deliveries() == {"kim@example.org": 1}
        assert "2 updates from Signpost" in smtp.accepted[0]
        digests = {d.user.username: d for d in EmailDigest.objects.select_related("user")}
        assert (digests["kim"].state, digests["lou"].state, digests["max"].state) == ("sent", "failed", "sending")
        assert set(Notification.objects.filter(recipient__username="lou").values_list("email_state", flat=True)) == {
            "failed"
        }
        # A notification arriving after today's digest waits for tomorrow's; max's retry carries its own two.
        tell(digest_users[2], 3)
        smtp.busy.clear()
        assert emails_send_digests(now=NOW + timedelta(minutes=1)) == 1
        assert smtp.deliveries()["max@example.org"] == 1
        assert "2 updates" in smtp.accepted[-1]
        assert emails_send_digests(now=NOW + timedelta(minutes=5)) == 0
        assert emails_send_digests(now=NOW + timedelta(days=1)) == 1
        assert smtp.deliveries()["max@example.org"] == 2
        assert "1 update from Signpost" in smtp.accepted[-1]
    assert smtp.deliveries()["kim@example.org"] == 1


def test_a_digest_a_day_means_a_day_in_the_readers_time_zone(mailoutbox):
    """Seoul is UTC+9: 14:00 UTC is 23:00 there and 16:00 UTC is already the next day, so a second digest is due
    then; a reader in UTC gets one for the whole UTC day."""
    seoul = wants_email("seo", NotificationPreference.Email.DIGEST)
    seoul.time_zone = "Asia/Seoul"
    seoul.save(update_fields=["time_zone"])
    plain = wants_email("utc", NotificationPreference.Email.DIGEST)
    first, second = datetime(2027, 3, 1, 14, tzinfo=UTC), datetime(2027, 3, 1, 16, tzinfo=UTC)
    for user in (seoul, plain):
        tell(user, 1)
    with time_machine.travel(first, tick=False):
        assert emails_send_digests(now=first) == 2
    for user in (seoul, plain):
        tell(user, 2)
    with time_machine.travel(second, tick=False):
        assert emails_send_digests(now=second) == 1
        assert emails_send_digests(now=second) == 0  # once per local day, however many ticks
    days = sorted((d.user.username, d.day.isoformat()) for d in EmailDigest.objects.select_related("user"))
    assert days == [("seo", "2027-03-01"), ("seo", "2027-03-02"), ("utc", "2027-03-01")]
    assert Notification.objects.get(recipient=plain, subject="q:2").email_state == "pending"  # tomorrow's digest


def test_an_immediate_email_is_queued_when_its_notification_commits_once_per_transaction(
    django_capture_on_commit_callbacks,
):
    """Immediate emails waited for the next minute's sweep, on the queue a slow webhook receiver could hold
    (issue #27, 5): they are now queued on commit, on the email queue, one task however many notifications."""
    from django.conf import settings
    from django.db import transaction

    from tracker.notifications.services.notifications import notifications_send_many
    from tracker.ops.models import OutboxMessage

    eager, digest = UserFactory(email="now@example.org"), UserFactory(email="later@example.org")
    notification_preference_set(user=eager, kind="resolved", email=NotificationPreference.Email.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=digest, kind="resolved", subject="q:1", window="w", title="t", body="b")
    assert not OutboxMessage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification_send(recipient=eager, kind="resolved", subject="q:1", window="w", title="t", body="b")
        drafts = [
            {"recipient": eager, "kind": "resolved", "subject": f"q:{n}", "window": "w2", "title": "t", "body": "b"}
            for n in range(20)
        ]
        notifications_send_many(drafts)
    assert list(OutboxMessage.objects.values_list("task_name", flat=True)) == ["tracker.deliver_notification_emails"]
    assert settings.CELERY_TASK_ROUTES["tracker.deliver_notification_emails"]["queue"] == settings.CELERY_EMAIL_QUEUE
