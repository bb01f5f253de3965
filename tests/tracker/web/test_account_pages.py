"""Sign up, password reset by email, and API tokens in the settings (shown once, revocable)."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory
from tracker.accounts.tokens import api_token_authenticate
from tracker.models import ApiToken, User

pytestmark = pytest.mark.django_db


def test_sign_up_signs_in_and_bad_input_is_a_form_error(client):
    form = {"username": "newcomer", "email": "new@example.org", "password1": "a-long-pass-phrase", "password2": "x"}
    refused = client.post("/accounts/signup/", form)
    assert refused.status_code == 400
    assert "field-error" in refused.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    response = client.post("/accounts/signup/", {**form, "password2": "a-long-pass-phrase"})
    assert response.status_code == 302
    assert response["Location"] == "/welcome/"  # the first-run page
    assert "Your dashboard" in client.get("/").content.decode()


def test_password_reset_by_email(client):
    user = UserFactory(email="forgetful@example.org")
    response = client.post("/accounts/password-reset/", {"email": "forgetful@example.org"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["forgetful@example.org"]
    assert "Reset your Signpost password" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-phrase", "new_password2": "another-long-phrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-phrase")
    assert "does not work" in client.get(link, follow=True).content.decode()  # used once


def test_api_tokens_are_shown_once_and_can_be_revoked(client):
    user = UserFactory()
    assert client.get("/settings/tokens/").status_code == 302
    client.force_login(user)
    refused = client.post("/settings/tokens/", {"name": "", "scope": "read"})
    assert refused.status_code == 400
    assert not ApiToken.objects.exists()
    created = client.post("/settings/tokens/", {"name": "nightly export", "scope": "write"}).content.decode()
    raw = re.search(r'<code id="new-token">(sp_[^<]+)</code>', created).group(1)
    token = api_token_authenticate(raw)
    assert token.user == user
    assert token.scope == "write"
    listing = client.get("/settings/tokens/").content.decode()
    assert raw not in listing
    assert "nightly export" in listing  # shown once
    other = UserFactory()
    client.force_login(other)
    assert client.post("/settings/tokens/", {"revoke": token.pk}).status_code == 404  # not theirs
    client.force_login(user)
    client.post("/settings/tokens/", {"revoke": token.pk})
    assert api_token_authenticate(raw) is None


def test_team_admins_manage_their_teams_webhooks(client, settings):
    from tests.factories import TeamFactory, member
    from tracker.models import Membership, Webhook, WebhookDelivery

    settings.SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    team, other = TeamFactory(name="Korea desk"), TeamFactory()
    client.force_login(member(team, Membership.Role.FORECASTER))
    assert client.get("/settings/webhooks/").status_code == 403
    admin = member(team, Membership.Role.ADMIN)
    client.force_login(admin)
    assert client.get("/settings/webhooks/").status_code == 200
    refused = client.post("/settings/webhooks/", {"team": team.pk, "url": "ftp://example.org/hook"})
    assert refused.status_code == 400
    assert not Webhook.objects.exists()
    refused = client.post("/settings/webhooks/", {"team": other.pk, "url": "https://example.org/hook"})
    assert refused.status_code == 400
    assert not Webhook.objects.exists()  # not their team
    page = client.post(
        "/settings/webhooks/", {"team": team.pk, "url": "https://example.org/hook", "events": ["question.resolved"]}
    ).content.decode()
    webhook = Webhook.objects.get()
    assert webhook.events == ["question.resolved"]
    assert f'<code id="webhook-secret">{webhook.secret}</code>' in page
    assert webhook.secret not in client.get("/settings/webhooks/").content.decode()  # shown once
    client.post("/settings/webhooks/", {"webhook": webhook.pk, "action": "test"})
    assert WebhookDelivery.objects.get().event == "webhook.test"
    client.post("/settings/webhooks/", {"webhook": webhook.pk, "action": "disable"})
    webhook.refresh_from_db()
    assert not webhook.is_active
    old = webhook.secret
    rotated = client.post("/settings/webhooks/", {"webhook": webhook.pk, "action": "rotate"}).content.decode()
    webhook.refresh_from_db()
    assert webhook.secret != old
    assert webhook.secret in rotated
    foreign = Webhook.objects.create(team=other, url="https://example.org/other")
    assert client.post("/settings/webhooks/", {"webhook": foreign.pk, "action": "disable"}).status_code == 404
