"""Single sign-on against a local OpenID Connect provider started by the test: the code flow end to end (state,
nonce, PKCE, the token and userinfo calls), which account an identity becomes, joining a team by verified domain,
and the refusals (a token for another client, a changed subject, SSO switched off). Local accounts keep working."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory
from tracker.accounts.models import Membership, User

pytestmark = pytest.mark.django_db
CLIENT_ID, SECRET = "signpost-test", "a-client-secret-long-enough-for-hs256-signing"


class Provider:
    """What the stand-in provider will answer next: the claims of the next sign-in, and the audience it signs for."""

    def __init__(self) -> None:
        self.claims: dict = {}
        self.audience = CLIENT_ID
        self.codes: dict[str, str] = {}  # code -> nonce
        self.token_requests: list[dict] = []


def _handler(provider: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _json(self, body: dict, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):  # the token endpoint
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            provider.token_requests.append(form)
            code = form.get("code", [""])[0]
            if form.get("client_secret", [""])[0] != SECRET or code not in provider.codes:
                return self._json({"error": "invalid_grant"}, 400)
            now = int(time.time())
            id_token = jwt.encode(
                {
                    "iss": "http://provider.test",
                    "sub": provider.claims["sub"],
                    "aud": provider.audience,
                    "iat": now,
                    "exp": now + 300,
                    "nonce": provider.codes.pop(code),
                },
                SECRET,
                algorithm="HS256",
            )
            return self._json({"access_token": "access-" + code, "id_token": id_token, "token_type": "Bearer"})

        def do_GET(self):  # the userinfo endpoint
            if not self.headers.get("Authorization", "").startswith("Bearer access-"):
                return self._json({"error": "invalid_token"}, 401)
            return self._json(provider.claims)

    return Handler


@pytest.fixture
def provider(settings):
    state = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://provider.test/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.SIGNPOST_OIDC_NAME = "Example Corp"
    settings.SIGNPOST_OIDC_TEAM_DOMAINS = "example.org=korea-desk"
    yield state
    server.shutdown()


def sign_in(client: Client, provider: Provider, claims: dict) -> object:
    """The browser's round trip: to the provider (which we play: it approves at once) and back with a code."""
    started = client.get("/accounts/sso/")
    assert started.status_code == 302
    query = parse_qs(urlsplit(started["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    provider.claims = claims
    code = f"code-{len(provider.codes)}-{claims['sub']}"
    provider.codes[code] = query["nonce"][0]
    return client.get("/accounts/sso/callback/", {"code": code, "state": query["state"][0]})


def test_a_member_signs_in_through_the_provider_and_joins_the_team_of_their_domain(provider):
    team = TeamFactory(slug="korea-desk")
    client = Client()
    assert "Sign in with Example Corp" in client.get("/accounts/login/").content.decode()
    back = sign_in(
        client,
        provider,
        {"sub": "u-1", "email": "Kim@Example.org", "email_verified": True, "preferred_username": "kim", "name": "Kim"},
    )
    assert back.status_code == 302
    assert "sso=failed" not in back["Location"]
    user = User.objects.get(oidc_subject="u-1")
    assert user.username == "kim"
    assert user.email_verified_at is not None
    assert not user.has_usable_password()
    assert Membership.objects.get(team=team, user=user).role == Membership.Role.FORECASTER
    assert client.get("/notifications/").status_code == 200  # signed in
    assert provider.token_requests[0]["code_verifier"]  # PKCE
    # Signing in again finds the same account by its subject, even with another address.
    again = Client()
    sign_in(again, provider, {"sub": "u-1", "email": "kim@elsewhere.net", "email_verified": True})
    assert User.objects.filter(oidc_subject="u-1").count() == 1


def test_a_verified_local_account_is_linked_an_unverified_one_is_not(provider):
    verified = UserFactory(username="lee", email="lee@example.org", email_verified_at=timezone.now())
    sign_in(Client(), provider, {"sub": "u-2", "email": "lee@example.org", "email_verified": True})
    verified.refresh_from_db()
    assert verified.oidc_subject == "u-2"
    squatter = UserFactory(username="park-local", email="park@example.org")  # never proved the address
    sign_in(Client(), provider, {"sub": "u-3", "email": "park@example.org", "email_verified": True})
    squatter.refresh_from_db()
    assert squatter.oidc_subject is None
    assert User.objects.get(oidc_subject="u-3").pk != squatter.pk
    unverified = sign_in(Client(), provider, {"sub": "u-4", "email": "lee@example.org", "email_verified": False})
    assert unverified.status_code == 302
    newcomer = User.objects.get(oidc_subject="u-4")
    assert newcomer.pk != verified.pk
    assert not Membership.objects.filter(user=newcomer).exists()  # an unverified domain joins nothing


def test_a_token_for_another_client_is_refused_and_nothing_is_made(provider):
    provider.audience = "another-app"
    client = Client()
    back = sign_in(client, provider, {"sub": "u-5", "email": "x@example.org", "email_verified": True})
    assert "sso=failed" in back["Location"]
    assert not User.objects.filter(oidc_subject="u-5").exists()
    assert client.get("/notifications/").status_code == 302  # not signed in


def test_without_a_provider_set_up_there_is_no_sso_and_passwords_still_work(settings):
    settings.OIDC_RP_CLIENT_ID = ""
    client = Client()
    assert client.get("/accounts/sso/").status_code == 404
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
    UserFactory(username="local")
    response = client.post("/accounts/login/", {"username": "local", "password": "pw-for-tests"})
    assert response.status_code == 302


def test_a_provider_that_errs_or_is_down_is_a_failed_sign_in_not_an_error_page(provider, settings):
    client = Client()
    started = client.get("/accounts/sso/")
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    refused = client.get("/accounts/sso/callback/", {"code": "never-issued", "state": state})  # the provider says 400
    assert "sso=failed" in refused["Location"]
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # nothing listens there
    state = parse_qs(urlsplit(client.get("/accounts/sso/")["Location"]).query)["state"][0]
    down = client.get("/accounts/sso/callback/", {"code": "any", "state": state})
    assert "sso=failed" in down["Location"]
    page = client.get(down["Location"]).content.decode()
    assert "Signing in with Example Corp did not work." in page
