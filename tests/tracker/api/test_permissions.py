"""The permission matrix: every endpoint × anonymous, a forecaster of the team, a member of another team, a
curator and a superuser; and staff status alone, which grants nothing. Status codes are asserted, and a private question's title never appears for outsiders."""

import pytest

from forecasts.services.forecasting import forecast_submit
from tests.api_world import client_for
from tracker.questions.services.evidence import evidence_add
from tracker.webhooks.services.webhooks import webhook_create

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
ROLES = ("anonymous", "forecaster", "outsider", "curator", "superuser")


def user_for(world, role):
    return None if role == "anonymous" else getattr(world, role)


def setup(world) -> dict:
    """Objects the paths point at: evidence added by the forecaster on each question, a webhook."""
    evidence = evidence_add(
        question=world.public, title="Public evidence", url="https://example.org/p", added_by=world.forecaster
    )
    private_evidence = evidence_add(
        question=world.private, title="Private evidence", url="https://example.org/q", added_by=world.forecaster
    )
    forecast_submit(user=world.forecaster, question=world.private, probability=0.3)
    webhook = webhook_create(team=world.team, url="https://hooks.example.org/in")
    from tracker.resolution.services.proposals import proposal_create

    proposal = proposal_create(
        question=world.private, proposed_by=world.forecaster, outcome="yes", evidence_url="https://example.org/s"
    )
    from forecasts.services.discussion import comment_create

    comment = comment_create(author=world.forecaster, question=world.public, body="Public comment.")
    team_comment = comment_create(
        author=world.forecaster, question=world.public, body="Team-only comment.", audience="team"
    )
    from tests.factories import UserFactory, member
    from tracker.teams.services.membership import invitation_token, join_request_create, team_invite

    extra = member(world.team, "forecaster", username="extra")
    invitation = team_invite(team=world.team, email="invited@example.org", invited_by=world.superuser)
    join_request = join_request_create(team=world.team, user=UserFactory(username="asker"), message="Hi.")
    from tracker.curation.models import Source
    from tracker.monitor.models import EvidenceProposal

    article = Source.objects.create(team=world.team, slug="team-article", title="A team article", text="Text.")
    evidence_proposal = EvidenceProposal.objects.create(
        team=world.team, question=world.private, article=article, quote="A quote.", confidence=0.7, reason="shares"
    )
    return {
        "evidence_proposal": evidence_proposal.pk,
        "extra": extra.pk,
        "invitation": invitation.pk,
        "invitation_token": invitation_token(invitation),
        "join_request": join_request.pk,
        "comment": comment.pk,
        "team_comment": team_comment.pk,
        "proposal": proposal.pk,
        "public": world.public.pk,
        "private": world.private.pk,
        "resolved": world.resolved.pk,
        "evidence": evidence.pk,
        "private_evidence": private_evidence.pk,
        "webhook": webhook.pk,
    }


def question_payload():
    return {
        "title": "A new question for the matrix?",
        "resolution_criteria": "YES if it happens.",
        "opens_at": "2030-01-01T00:00:00Z",
        "scheduled_close_at": "2030-06-01T00:00:00Z",
        "resolve_by": "2030-07-01T00:00:00Z",
        "team": "analysts",
    }


# (method, path, body, {role: status}); statuses given as anonymous, forecaster, outsider, curator, superuser.
def matrix(ids):
    return [
        ("get", "/scenarios/", None, (200, 200, 200, 200, 200)),
        ("get", "/questions/", None, (200, 200, 200, 200, 200)),
        ("get", f"/questions/{ids['public']}/", None, (200, 200, 200, 200, 200)),
        ("get", f"/questions/{ids['private']}/", None, (404, 200, 404, 200, 200)),
        ("post", "/questions/", question_payload(), (401, 403, 403, 201, 201)),
        (
            "patch",
            f"/questions/{ids['public']}/",
            {"title": "Renamed?", "clarification": "Shorter title."},
            (401, 403, 403, 200, 200),
        ),
        (
            "patch",
            f"/questions/{ids['private']}/",
            {"title": "Renamed?", "clarification": "Shorter title."},
            (401, 403, 404, 200, 200),
        ),
        ("post", f"/questions/{ids['public']}/resolve/", {"outcome": "yes"}, (401, 403, 403, 200, 200)),
        ("post", f"/questions/{ids['private']}/resolve/", {"outcome": "yes"}, (401, 403, 404, 200, 200)),
        ("post", f"/questions/{ids['public']}/annul/", {"reason": "Void"}, (401, 403, 403, 200, 200)),
        ("post", f"/questions/{ids['resolved']}/unresolve/", {"reason": "Oops"}, (401, 403, 403, 200, 200)),
        ("get", f"/questions/{ids['public']}/evidence/", None, (200, 200, 200, 200, 200)),
        ("get", f"/questions/{ids['private']}/evidence/", None, (404, 200, 404, 200, 200)),
        (
            "post",
            f"/questions/{ids['public']}/evidence/",
            {"title": "More", "url": "https://example.org/m"},
            (401, 201, 201, 201, 201),
        ),
        (
            "post",
            f"/questions/{ids['private']}/evidence/",
            {"title": "More", "url": "https://example.org/m"},
            (401, 201, 404, 201, 201),
        ),
        ("get", f"/evidence/{ids['private_evidence']}/", None, (404, 200, 404, 200, 200)),
        ("patch", f"/evidence/{ids['evidence']}/", {"summary": "Fixed"}, (401, 200, 403, 200, 200)),
        ("patch", f"/evidence/{ids['private_evidence']}/", {"summary": "Fixed"}, (401, 200, 404, 200, 200)),
        ("delete", f"/evidence/{ids['evidence']}/", None, (401, 403, 403, 204, 204)),
        ("get", f"/questions/{ids['public']}/forecasts/", None, (200, 200, 200, 200, 200)),
        ("get", f"/questions/{ids['private']}/forecasts/", None, (404, 200, 404, 200, 200)),
        ("post", f"/questions/{ids['public']}/forecasts/", {"probability": 0.4}, (401, 201, 201, 201, 201)),
        ("post", f"/questions/{ids['private']}/forecasts/", {"probability": 0.4}, (401, 201, 404, 201, 201)),
        ("post", f"/questions/{ids['private']}/reaffirm/", None, (401, 201, 404, 400, 400)),
        ("post", f"/questions/{ids['private']}/withdraw/", None, (401, 201, 404, 400, 400)),
        ("get", f"/questions/{ids['private']}/community/", None, (404, 200, 404, 200, 200)),
        (
            "post",
            "/forecasts/bulk/",
            {"forecasts": [{"question": ids["private"], "probability": 0.5}]},
            (401, 201, 400, 201, 201),
        ),
        ("get", "/forecasts/mine/", None, (401, 200, 200, 200, 200)),
        ("get", "/scores/", None, (200, 200, 200, 200, 200)),
        ("get", "/leaderboards/", None, (200, 200, 200, 200, 200)),
        ("get", "/calibration/?user=finn", None, (200, 200, 200, 200, 200)),
        ("get", "/export/", None, (200, 200, 200, 200, 200)),
        ("get", "/notifications/", None, (401, 200, 200, 200, 200)),
        ("post", "/notifications/read/", {}, (401, 200, 200, 200, 200)),
        ("get", "/notifications/preferences/", None, (401, 200, 200, 200, 200)),
        ("get", "/sources/", None, (401, 200, 200, 200, 200)),
        ("get", "/articles/", None, (401, 200, 200, 200, 200)),
        ("get", "/evidence-proposals/", None, (401, 200, 200, 200, 200)),
        ("post", f"/evidence-proposals/{ids['evidence_proposal']}/accept/", {}, (401, 403, 404, 200, 200)),
        ("post", f"/evidence-proposals/{ids['evidence_proposal']}/reject/", {}, (401, 403, 404, 200, 200)),
        ("post", "/sources/", {"team": "analysts", "url": "https://x.example.org/rss"}, (401, 403, 400, 201, 201)),
        ("get", "/webhooks/", None, (401, 200, 200, 200, 200)),
        ("post", "/webhooks/", {"team": "analysts", "url": "https://x.example.org/"}, (401, 400, 400, 400, 201)),
        ("get", f"/webhooks/{ids['webhook']}/", None, (401, 404, 404, 404, 200)),
        ("post", f"/webhooks/{ids['webhook']}/test/", None, (401, 404, 404, 404, 202)),
        ("get", f"/webhooks/{ids['webhook']}/deliveries/", None, (401, 404, 404, 404, 200)),
        ("get", "/tokens/", None, (401, 200, 200, 200, 200)),
        ("post", "/tokens/", {"name": "matrix"}, (401, 201, 201, 201, 201)),
        ("get", f"/questions/{ids['private']}/proposals/", None, (404, 200, 404, 200, 200)),
        (
            "post",
            f"/questions/{ids['public']}/proposals/",
            {"outcome": "no", "evidence_url": "https://example.org/n"},
            (401, 201, 201, 201, 201),
        ),
        ("post", f"/proposals/{ids['proposal']}/approve/", {}, (401, 403, 404, 200, 200)),
        ("post", f"/proposals/{ids['proposal']}/reject/", {"reason": "No"}, (401, 403, 404, 200, 200)),
        ("get", f"/questions/{ids['private']}/clarifications/", None, (404, 200, 404, 200, 200)),
        ("post", f"/questions/{ids['public']}/clarifications/", {"text": "UTC."}, (401, 403, 403, 201, 201)),
        ("get", f"/questions/{ids['public']}/comments/", None, (200, 200, 200, 200, 200)),
        ("get", f"/questions/{ids['private']}/comments/", None, (404, 200, 404, 200, 200)),
        ("post", f"/questions/{ids['public']}/comments/", {"body": "Hello."}, (401, 201, 201, 201, 201)),
        ("post", f"/questions/{ids['private']}/comments/", {"body": "Hello."}, (401, 201, 404, 201, 201)),
        ("get", f"/questions/{ids['public']}/comments/{ids['team_comment']}/", None, (404, 200, 404, 200, 200)),
        (
            "post",
            f"/questions/{ids['public']}/comments/{ids['team_comment']}/vote/",
            {"useful": True},
            (401, 400, 404, 200, 200),
        ),
        (
            "patch",
            f"/questions/{ids['public']}/comments/{ids['comment']}/",
            {"body": "Edited."},
            (401, 200, 403, 403, 403),
        ),
        ("delete", f"/questions/{ids['public']}/comments/{ids['comment']}/", None, (401, 204, 403, 403, 403)),
        (
            "post",
            f"/questions/{ids['public']}/comments/{ids['comment']}/hide/",
            {"reason": "Off topic."},
            (401, 403, 403, 200, 200),
        ),
        ("post", f"/questions/{ids['public']}/comments/{ids['comment']}/unhide/", None, (401, 403, 403, 200, 200)),
        ("get", f"/questions/{ids['public']}/comments/export/", None, (401, 403, 403, 200, 200)),
        ("get", "/teams/", None, (200, 200, 200, 200, 200)),
        ("get", "/teams/analysts/", None, (200, 200, 200, 200, 200)),
        ("get", "/teams/analysts/members/", None, (401, 200, 404, 200, 200)),
        ("patch", f"/teams/analysts/members/{ids['extra']}/", {"role": "curator"}, (401, 403, 404, 403, 200)),
        ("delete", f"/teams/analysts/members/{ids['extra']}/", None, (401, 403, 404, 403, 204)),
        ("get", "/teams/analysts/invitations/", None, (401, 403, 404, 403, 200)),
        ("post", "/teams/analysts/invitations/", {"email": "new@example.org"}, (401, 403, 404, 403, 201)),
        ("delete", f"/teams/analysts/invitations/{ids['invitation']}/", None, (401, 403, 404, 403, 204)),
        # Sent to invited@example.org, an address none of these accounts has: a forwarded link is refused to all.
        ("post", "/teams/invitations/accept/", {"token": ids["invitation_token"]}, (401, 403, 403, 403, 403)),
        ("get", "/teams/analysts/join-requests/", None, (401, 403, 404, 403, 200)),
        ("post", "/teams/analysts/join-requests/", {"message": "Hello."}, (401, 400, 201, 400, 201)),
        ("post", f"/teams/analysts/join-requests/{ids['join_request']}/approve/", None, (401, 403, 404, 403, 200)),
        (
            "post",
            f"/teams/analysts/join-requests/{ids['join_request']}/decline/",
            {"reason": "Full."},
            (401, 403, 404, 403, 200),
        ),
    ]


CASES = [(index, role) for index in range(78) for role in ROLES]


def test_the_matrix_covers_every_endpoint():
    from django.urls import get_resolver

    routes = {
        str(pattern.pattern)
        for urlconf in ("tracker.api.urls", "forecasts.api.urls")
        for pattern in get_resolver(urlconf).url_patterns
    }
    fake_ids = dict.fromkeys(
        ("public", "private", "resolved", "evidence", "private_evidence", "webhook", "proposal", "comment"), 1
    )
    fake_ids.update(team_comment=1, extra=1, invitation=1, invitation_token="t", join_request=1, evidence_proposal=1)
    covered = {path.split("?")[0] for _, path, _, _ in matrix(fake_ids)}
    import re

    normalised = {re.sub(r"<slug:\w+>", "analysts", re.sub(r"<anyint:\w+>", "1", route)) for route in routes}
    missing = {"/" + route for route in normalised} - covered
    # Scenario and token details are covered by their own tests (they need objects of each role's own).
    assert missing <= {"/scenarios/1/", "/tokens/1/", "/webhooks/1/rotate-secret/"}, missing
    assert len(matrix(fake_ids)) == 78


@pytest.mark.parametrize(("index", "role"), CASES)
def test_permission_matrix(world, index, role):
    ids = setup(world)
    method, path, body, statuses = matrix(ids)[index]
    expected = dict(zip(ROLES, statuses, strict=True))[role]
    client = client_for(user_for(world, role))
    response = getattr(client, method)(f"{V1}{path}", body, format="json")
    assert response.status_code == expected, (method, path, role, response.content[:300])
    if role in ("anonymous", "outsider"):
        assert world.private.title.encode() not in response.content
        assert b"Private evidence" not in response.content
        assert b"Team-only comment" not in response.content


def test_scenario_and_token_details(world):
    from tracker.models import ApiToken, Scenario

    scenario = Scenario.objects.create(slug="team-story", title="A team's story", team=world.team)
    assert client_for(world.forecaster).get(f"{V1}/scenarios/{scenario.pk}/").status_code == 200
    assert client_for(world.outsider).get(f"{V1}/scenarios/{scenario.pk}/").status_code == 404
    assert client_for(None).get(f"{V1}/scenarios/{scenario.pk}/").status_code == 404
    client = client_for(world.forecaster)
    token = ApiToken.objects.filter(user=world.forecaster).order_by("-id").first()
    assert client_for(world.outsider).delete(f"{V1}/tokens/{token.pk}/").status_code == 404
    assert client_for(None).delete(f"{V1}/tokens/{token.pk}/").status_code == 401
    assert client.delete(f"{V1}/tokens/{token.pk}/").status_code == 204


def test_only_team_admins_rotate_webhook_secrets(world):
    from tests.factories import member
    from tracker.models import Membership

    webhook = webhook_create(team=world.team, url="https://hooks.example.org/in")
    path = f"{V1}/webhooks/{webhook.pk}/rotate-secret/"
    for user, expected in (
        (None, 401),
        (world.curator, 404),
        (world.outsider, 404),
        (world.staff, 404),
        (world.superuser, 200),
    ):
        assert client_for(user).post(path).status_code == expected
    admin = member(world.team, Membership.Role.ADMIN)
    assert client_for(admin).post(path).status_code == 200


def test_a_read_only_token_cannot_write_anywhere(world):
    ids = setup(world)
    client = client_for(world.superuser, scope="read")
    for method, path, body, _ in matrix(ids):
        if method == "get":
            continue
        response = getattr(client, method)(f"{V1}{path}", body, format="json")
        assert response.status_code == 403, (method, path)


def test_staff_status_alone_grants_nothing_in_the_api(world):
    """A staff account with no team and no permission gets exactly what a signed-in nobody gets, everywhere."""
    from tests.factories import UserFactory

    ids = setup(world)
    nobody = UserFactory(username="nobody")
    for method, path, body, _ in matrix(ids):
        staff = getattr(client_for(world.staff), method)(f"{V1}{path}", body, format="json")
        plain = getattr(client_for(nobody), method)(f"{V1}{path}", body, format="json")
        assert staff.status_code == plain.status_code, (method, path, staff.status_code, plain.status_code)
        personal = path.startswith(("/forecasts/mine/", "/notifications/", "/tokens/", "/calibration/", "/export/"))
        if method == "get" and staff.status_code == 200 and not personal:
            assert staff.json() == plain.json(), path
        assert world.private.title.encode() not in staff.content
        assert b"Private evidence" not in staff.content
    # In particular: no private question or its rationales, no other team's webhooks, no secret rotation.
    staff = client_for(world.staff)
    assert staff.get(f"{V1}/questions/{ids['private']}/").status_code == 404
    assert staff.get(f"{V1}/questions/{ids['private']}/forecasts/").status_code == 404
    assert staff.get(f"{V1}/webhooks/").json()["results"] == []
    assert staff.post(f"{V1}/webhooks/{ids['webhook']}/rotate-secret/").status_code == 404
