"""The teams API as a team admin would use it: invite, list, revoke; roles and the last-admin rule; join requests;
refusals as 400s naming the field, with nothing written."""

import pytest

from tests.api_world import client_for
from tests.factories import UserFactory, member
from tracker.accounts.models import Membership
from tracker.teams.models import Invitation, JoinRequest
from tracker.teams.services.membership import invitation_token

pytestmark = pytest.mark.django_db
V1 = "/api/v1/teams/analysts"


def error_fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


@pytest.fixture
def lead(world):
    return member(world.team, Membership.Role.ADMIN, username="lena")


def test_an_admin_invites_and_the_invitee_accepts_once(world, lead):
    api = client_for(lead)
    created = api.post(f"{V1}/invitations/", {"email": "sam@example.org", "role": "curator"}, format="json")
    assert created.status_code == 201
    assert created.json()["state"] == "pending"
    assert "token" not in created.json()  # the link goes only to the address
    invitation = Invitation.objects.get()
    sam = UserFactory(username="samira", email="sam@example.org")
    accepted = client_for(sam).post(
        "/api/v1/teams/invitations/accept/", {"token": invitation_token(invitation)}, format="json"
    )
    assert accepted.status_code == 200
    assert accepted.json()["my_role"] == "curator"
    again = client_for(UserFactory(email="sam@example.org")).post(
        "/api/v1/teams/invitations/accept/", {"token": invitation_token(invitation)}, format="json"
    )
    assert again.status_code == 400
    assert error_fields(again) == {"token"}
    assert "once" in again.content.decode()


@pytest.mark.parametrize(
    "body,field",
    [
        ({"email": "nope"}, "email"),
        ({"email": "a@example.org", "role": "owner"}, "role"),
        ({}, "email"),
        ({"email": 5}, "email"),
    ],
)
def test_bad_invitations_are_400s_naming_the_field(world, lead, body, field):
    response = client_for(lead).post(f"{V1}/invitations/", body, format="json")
    assert response.status_code == 400
    assert field in error_fields(response)
    assert not Invitation.objects.exists()


def test_the_last_admin_cannot_be_demoted_or_leave_through_the_api(world, lead):
    api = client_for(lead)
    demoted = api.patch(f"{V1}/members/{lead.pk}/", {"role": "forecaster"}, format="json")
    assert demoted.status_code == 400
    assert "last admin" in str(demoted.json())
    assert api.delete(f"{V1}/members/{lead.pk}/").status_code == 400
    assert Membership.objects.get(team=world.team, user=lead).role == "admin"
    promoted = api.patch(f"{V1}/members/{world.curator.pk}/", {"role": "admin"}, format="json")
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "admin"
    assert api.delete(f"{V1}/members/{lead.pk}/").status_code == 204  # now another admin remains


def test_join_requests_through_the_api(world, lead):
    asker = UserFactory(username="asker")
    asked = client_for(asker).post(f"{V1}/join-requests/", {"message": "Hello."}, format="json")
    assert asked.status_code == 201
    twice = client_for(asker).post(f"{V1}/join-requests/", {"message": "Hello?"}, format="json")
    assert twice.status_code == 400
    assert "team" in error_fields(twice)
    request_id = asked.json()["id"]
    no_reason = client_for(lead).post(f"{V1}/join-requests/{request_id}/decline/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400
    approved = client_for(lead).post(f"{V1}/join-requests/{request_id}/approve/", format="json")
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    assert JoinRequest.objects.get().state == "approved"
    assert Membership.objects.filter(team=world.team, user=asker, role="forecaster").exists()


def test_members_list_is_for_members_only_and_team_list_shows_my_role(world, lead):
    listing = client_for(world.forecaster).get("/api/v1/teams/").json()["results"]
    roles = {team["slug"]: team["my_role"] for team in listing}
    assert roles == {"analysts": "forecaster", "elsewhere": None}
    members = client_for(world.forecaster).get(f"{V1}/members/").json()["results"]
    assert {"finn", "cora", "lena"} <= {row["username"] for row in members}
    assert client_for(world.outsider).get(f"{V1}/members/").status_code == 404


def test_a_forwarded_invitation_is_a_403_for_another_account_and_joins_nobody(world, lead):
    api = client_for(lead)
    api.post(f"{V1}/invitations/", {"email": "new@example.org", "role": "admin"}, format="json")
    token = invitation_token(Invitation.objects.get())
    stranger = UserFactory(username="stranger", email="stranger@example.net")
    refused = client_for(stranger).post("/api/v1/teams/invitations/accept/", {"token": token}, format="json")
    assert refused.status_code == 403
    assert "sent to n…@example.org" in refused.json()["errors"][0]["message"]
    assert not Membership.objects.filter(user=stranger).exists()


def test_too_many_invitations_or_join_requests_are_429s_with_retry_after(world, lead, settings):
    settings.SIGNPOST_INVITATIONS_PER_ADMIN_HOUR = 1
    api = client_for(lead)
    assert api.post(f"{V1}/invitations/", {"email": "a@example.org"}, format="json").status_code == 201
    refused = api.post(f"{V1}/invitations/", {"email": "b@example.org"}, format="json")
    assert refused.status_code == 429
    assert error_fields(refused) == {"email"}
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    asker = UserFactory(username="asker")
    client_for(asker).post(f"{V1}/join-requests/", {"message": "Hi."}, format="json")
    request_id = JoinRequest.objects.get(user=asker).pk
    api.post(f"{V1}/join-requests/{request_id}/decline/", {"reason": "Full."}, format="json")
    again = client_for(asker).post(f"{V1}/join-requests/", {"message": "Hi again."}, format="json")
    assert again.status_code == 429
    assert error_fields(again) == {"team"}
    assert int(again["Retry-After"]) > 86400
    assert JoinRequest.objects.filter(user=asker).count() == 1
