"""Accounts under attack: repeated wrong passwords lock the username out from that address, password-reset emails
are limited per hour, and every page carries a Content-Security-Policy without inline script."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_user_out_even_with_the_right_one(client, settings):
    UserFactory(username="riley", password="right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "riley", "wrong").status_code == 200  # the form again, with its error
    locked = log_in(client, "riley", "wrong")
    assert locked.status_code == 429
    assert "Too many wrong passwords" in locked.content.decode()
    # The right password no longer helps from here, until the lockout ends.
    assert log_in(client, "riley", "right-password-1").status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_sprayed_across_usernames_from_one_address_lock_the_address(client, settings):
    """Each username stayed under its own limit, so spraying from one address was unlimited (issue #27, 7)."""
    settings.SIGNPOST_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    UserFactory(username="riley", password="right-password-1")
    for n in range(8):
        assert log_in(client, f"guess{n}", "Winter2026!").status_code == 200
    sprayed = log_in(client, "someone-else", "Winter2026!")
    assert sprayed.status_code == 429
    assert "Too many wrong passwords" in sprayed.content.decode()
    assert log_in(client, "riley", "right-password-1").status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not held back by this one.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(other, "riley", "right-password-1").status_code == 302


def test_a_right_password_resets_the_count(client, settings):
    UserFactory(username="riley", password="right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "riley", "wrong")
    assert log_in(client, "riley", "right-password-1").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "riley", "wrong").status_code == 200
    assert log_in(client, "riley", "right-password-1").status_code == 302


def test_password_reset_emails_are_limited_per_hour(client, settings):
    cache.clear()
    settings.SIGNPOST_PASSWORD_RESETS_PER_HOUR = 3
    UserFactory(username="riley", email="riley@example.org")
    for _ in range(3):
        assert client.post("/accounts/password-reset/", {"email": "riley@example.org"}).status_code == 302
    refused = client.post("/accounts/password-reset/", {"email": "riley@example.org"})
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mail.outbox) == 3
    # The same answer for an address with no account: the limit reveals nothing about who has one.
    other = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert other.status_code == 429


def test_pages_carry_a_policy_without_inline_script_and_only_the_api_docs_relax_it(client):
    for path in ("/", "/questions/", "/accounts/login/", "/admin/login/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self';" in policy + ";", path
        assert "unsafe-inline" not in policy, path
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in docs
    assert "default-src 'self'" in docs
