"""In-app notifications on the web: the unread count, the list, marking read, and the settings per kind."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tracker.models import Notification, NotificationPreference
from tracker.notifications.services.notifications import notification_channels, notification_send

pytestmark = pytest.mark.django_db


def send(user, n, kind=Notification.Kind.RESOLVED):
    return notification_send(
        recipient=user, kind=kind, subject=f"question:{n}", window="w", title=f"Update {n}", body=f"Body {n}", url="/"
    )[0]


def test_pages_need_a_signed_in_user(client):
    for name in ("notifications", "notification-settings"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.post(reverse("notifications-mark-read")).status_code == 302


def test_a_forecaster_logs_in_and_sees_the_unread_count_and_the_list(client):
    user = UserFactory(username="ana")
    other = UserFactory()
    for n in range(3):
        send(user, n)
    send(other, 99)
    response = client.post(reverse("login"), {"username": "ana", "password": "pw-for-tests", "next": "/notifications/"})
    assert response.status_code == 302
    assert response["Location"] == "/notifications/"
    page = client.get("/notifications/").content.decode()
    assert 'aria-label="3 unread"' in page
    assert all(f"Update {n}" in page for n in range(3))
    assert "Update 99" not in page


def test_mark_one_then_all_read(client):
    user = UserFactory()
    first, second = send(user, 1), send(user, 2)
    foreign = send(UserFactory(), 3)
    client.force_login(user)
    client.post(reverse("notifications-mark-read"), {"id": first.pk})
    assert list(Notification.objects.filter(recipient=user, read_at__isnull=True)) == [second]
    client.post(reverse("notifications-mark-read"), {"id": foreign.pk})  # someone else's: untouched
    foreign.refresh_from_db()
    assert foreign.read_at is None
    response = client.post(reverse("notifications-mark-read"), {"id": "abc"}, follow=True)
    assert "That is not a notification id." in response.content.decode()
    response = client.post(reverse("notifications-mark-read"), follow=True)
    assert "Marked 1 notification read." in response.content.decode()
    assert 'unread"' not in response.content.decode()  # no unread badge left


def test_the_list_costs_the_same_queries_for_5_and_50_notifications(client):
    user = UserFactory()
    client.force_login(user)
    counts = []
    for total in (5, 50):
        Notification.objects.filter(recipient=user).delete()
        for n in range(total):
            send(user, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_settings_save_per_kind_and_bad_input_is_a_form_error(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("notification-settings")).content.decode()
    assert "Question due for resolution" in page
    assert "Daily digest" in page
    data = {}
    for kind in Notification.Kind.values:
        data[f"{kind}__email"] = "digest"
        data[f"{kind}__in_app"] = "on"
    data["closing_soon__email"] = "immediate"
    data.pop("stale_forecast__in_app")
    response = client.post(reverse("notification-settings"), data, follow=True)
    assert "Notification settings saved." in response.content.decode()
    preferences = notification_channels(user=user)
    assert preferences["closing_soon"][:2] == (True, NotificationPreference.Email.IMMEDIATE)
    assert preferences["stale_forecast"][:2] == (False, NotificationPreference.Email.DIGEST)
    data["resolved__email"] = "carrier-pigeon"
    response = client.post(reverse("notification-settings"), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert notification_channels(user=user)["resolved"][:2] == (True, NotificationPreference.Email.DIGEST)
