"""Team pages: the team page for members, admins and outsiders; invitations through sign-up; join links and
requests; role changes and the last-admin rule as form errors; the first-run page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.accounts.models import Membership, User
from tracker.models import Invitation, JoinRequest, Question, Scenario, ScenarioFollow
from tracker.teams.selectors import TEAM_PAGE_QUESTIONS
from tracker.teams.services import membership as services

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def team():
    return TeamFactory(name="Korea desk", description="Follows the peninsula.")


@pytest.fixture
def lead(team):
    return member(team, Role.ADMIN, username="lead", display_name="Morgan Lead", email="lead@example.org")


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_outsiders_see_the_name_but_not_the_members_or_team_questions(team, lead):
    make_question(team=team, visibility="team", title="Will the secret thing happen?")
    outsider = UserFactory(username="outsider")
    for client in (_client(), _client(outsider)):
        page = client.get(f"/teams/{team.slug}/").content.decode()
        assert "Korea desk" in page
        assert "Follows the peninsula." in page
        assert "Members (" not in page
        assert str(lead) not in page
        assert "secret thing" not in page
        assert "Invite by email" not in page
    assert "Ask to join" in _client(outsider).get(f"/teams/{team.slug}/").content.decode()


def test_members_see_members_and_questions_admins_see_the_ways_in(team, lead):
    forecaster = member(team, Role.FORECASTER, username="alex")
    make_question(team=team, visibility="team", title="Will the team thing happen?")
    page = _client(forecaster).get(f"/teams/{team.slug}/").content.decode()
    assert "Morgan Lead" in page
    assert "team thing" in page
    assert "Invite by email" not in page
    admin_page = _client(lead).get(f"/teams/{team.slug}/").content.decode()
    assert "Invite by email" in admin_page
    assert "Join link" in admin_page
    assert "Requests to join" in admin_page


def test_a_team_with_more_questions_than_the_page_lists_links_to_all_of_them(team, lead):
    # The oldest is closed: the list behind the link shows every status, as the team page does.
    make_question(
        team=team,
        visibility="team",
        title="Will the oldest thing happen?",
        opens_in=timedelta(days=-60),
        status="closed",
    )
    for n in range(TEAM_PAGE_QUESTIONS):
        make_question(team=team, visibility="team", title=f"Will newer thing {n} happen?", opens_in=timedelta(hours=-n))
    page = _client(lead).get(f"/teams/{team.slug}/").content.decode()
    assert "newer thing 0 " in page
    assert f"newer thing {TEAM_PAGE_QUESTIONS - 1} " in page
    assert "oldest thing" not in page
    link = re.search(r'href="(/questions/\?team=[^"]+)">All of Korea desk’s questions', page)
    assert link is not None
    everything = link.group(1).replace("&amp;", "&")
    first_page = _client(lead).get(everything).content.decode()
    assert f"{TEAM_PAGE_QUESTIONS + 1} questions" in first_page
    assert "newer thing 0 " in first_page
    assert "oldest thing" in _client(lead).get(everything + "&page=2").content.decode()
    # The link appears only when something is left out.
    Question.objects.get(title="Will the oldest thing happen?").delete()
    assert "All of Korea desk’s questions" not in _client(lead).get(f"/teams/{team.slug}/").content.decode()


def test_an_admin_invites_a_new_person_who_signs_up_through_the_link_and_joins(
    team, lead, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(lead).post(
            f"/teams/{team.slug}/invite/", {"invite-email": "sam@example.org", "invite-role": "forecaster"}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/teams/invitations/\S+/)", message.body).group(1)
    visitor = _client()
    landing = visitor.get(link).content.decode()
    assert "Korea desk" in landing
    assert "Create an account and join" in landing
    signup = visitor.get("/accounts/signup/")
    assert signup.context["form"]["email"].value() == "sam@example.org"
    form = {
        "username": "sam",
        "email": "sam@example.org",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    joined = visitor.post("/accounts/signup/", form)
    assert joined.status_code == 302
    assert joined["Location"] == f"/teams/{team.slug}/"
    sam = User.objects.get(username="sam")
    assert Membership.objects.get(team=team, user=sam).role == Role.FORECASTER
    used = _client().get(link)
    assert used.status_code == 410
    assert "already used" in used.content.decode()


def test_an_existing_account_accepts_an_invitation_with_one_click(team, lead):
    existing = UserFactory(username="kim", email="kim@example.org")
    invitation = services.team_invite(team=team, email="kim@example.org", invited_by=lead, role=Role.CURATOR)
    link = f"/teams/invitations/{services.invitation_token(invitation)}/"
    client = _client(existing)
    assert "Join Korea desk as" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert Membership.objects.get(team=team, user=existing).role == Role.CURATOR


def test_bad_invitation_input_is_a_form_error_and_nothing_is_written(team, lead):
    response = _client(lead).post(
        f"/teams/{team.slug}/invite/", {"invite-email": "not-an-email", "invite-role": "forecaster"}
    )
    assert response.status_code == 400
    assert "valid email" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_curator_cannot_invite(team):
    curator = member(team, Role.CURATOR)
    response = _client(curator).post(
        f"/teams/{team.slug}/invite/", {"invite-email": "x@example.org", "invite-role": "forecaster"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_the_last_admin_cannot_leave_or_be_demoted_on_the_page(team, lead):
    client = _client(lead)
    left = client.post(f"/teams/{team.slug}/manage/", {"action": "leave", "confirmed": "leave"})
    assert left.status_code == 400
    assert "last admin" in left.content.decode()
    demoted = client.post(f"/teams/{team.slug}/manage/", {"action": "set-role", "user": lead.pk, "role": "forecaster"})
    assert demoted.status_code == 400
    assert "last admin" in demoted.content.decode()
    assert Membership.objects.get(team=team, user=lead).role == Role.ADMIN


def test_role_change_and_removal_from_the_team_page(team, lead):
    forecaster = member(team, Role.FORECASTER, username="alex")
    client = _client(lead)
    assert (
        client.post(
            f"/teams/{team.slug}/manage/", {"action": "set-role", "user": forecaster.pk, "role": "curator"}
        ).status_code
        == 302
    )
    assert Membership.objects.get(team=team, user=forecaster).role == Role.CURATOR
    removal = {"action": "remove", "user": forecaster.pk}
    asked = client.post(f"/teams/{team.slug}/manage/", removal)
    # One click asks first (issue #28, 7): a second step that works without JavaScript.
    assert asked.status_code == 200
    assert f"Remove {forecaster} from Korea desk?" in asked.content.decode()
    assert Membership.objects.filter(team=team, user=forecaster).exists()
    assert client.post(f"/teams/{team.slug}/manage/", {**removal, "confirmed": "remove"}).status_code == 302
    assert not Membership.objects.filter(team=team, user=forecaster).exists()
    stranger = UserFactory()
    stranger_removal = {"action": "remove", "user": stranger.pk, "confirmed": "remove"}
    assert client.post(f"/teams/{team.slug}/manage/", stranger_removal).status_code == 404


def test_join_link_and_join_request_from_the_pages(team, lead):
    client = _client(lead)
    client.post(f"/teams/{team.slug}/manage/", {"action": "new-join-link"})
    page = client.get(f"/teams/{team.slug}/").content.decode()
    path = re.search(r"http://testserver(/teams/join/[^<\s]+/)", page).group(1)
    joiner = UserFactory()
    assert _client(joiner).post(path).status_code == 302
    assert Membership.objects.filter(team=team, user=joiner, role=Role.FORECASTER).exists()
    client.post(f"/teams/{team.slug}/manage/", {"action": "revoke-join-link"})
    assert _client(UserFactory()).post(path).status_code == 410

    asker = UserFactory(username="asker")
    asked = _client(asker).post(f"/teams/{team.slug}/request/", {"join-message": "I read Korean."})
    assert asked.status_code == 302
    request = JoinRequest.objects.get(user=asker)
    refused = client.post(
        f"/teams/{team.slug}/manage/", {"action": "decide-request", "join_request": request.pk, "decision": "decline"}
    )
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    approved = client.post(
        f"/teams/{team.slug}/manage/", {"action": "decide-request", "join_request": request.pk, "decision": "approve"}
    )
    assert approved.status_code == 302
    assert Membership.objects.filter(team=team, user=asker).exists()


def test_the_first_run_page_offers_invitation_teams_and_scenarios(team, lead):
    scenario = Scenario.objects.create(slug="escalation", title="Escalation on the peninsula")
    invitation = services.team_invite(team=team, email="new@example.org", invited_by=lead)
    visitor = _client()
    visitor.get(f"/teams/invitations/{services.invitation_token(invitation)}/")
    visitor.force_login(UserFactory(username="new"))
    page = visitor.get("/welcome/").content.decode()
    assert "Accept and join Korea desk" in page
    assert "Forecaster" in page
    assert "Curator" in page
    assert "Team admin" in page
    assert "Escalation on the peninsula" in page
    assert "Ask to join Korea desk" in page
    followed = visitor.post(f"/scenarios/{scenario.slug}/follow/", {"next": "/welcome/"})
    assert followed["Location"] == "/welcome/"
    assert ScenarioFollow.objects.filter(scenario=scenario).exists()


def test_an_expired_invitation_link_says_so_and_joins_nobody(team, lead):
    invitation = services.team_invite(team=team, email="late@example.org", invited_by=lead)
    link = f"/teams/invitations/{services.invitation_token(invitation)}/"
    late = UserFactory(username="late")
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        client = _client(late)
        page = client.get(link)
        assert page.status_code == 410
        assert "expired" in page.content.decode()
        assert client.post(link).status_code == 410
    assert not Membership.objects.filter(team=team, user=late).exists()


def test_the_header_links_the_admin_for_curators_and_admins_only(team, lead):
    curator = member(team, Role.CURATOR)
    forecaster = member(team, Role.FORECASTER)
    staff_only = UserFactory(is_staff=True)
    admin_link = 'href="/admin/">Admin</a>'
    assert admin_link in _client(lead).get("/teams/").content.decode()
    assert admin_link in _client(curator).get("/teams/").content.decode()
    assert admin_link not in _client(forecaster).get("/teams/").content.decode()
    assert admin_link not in _client(staff_only).get("/teams/").content.decode()


def test_a_forwarded_invitation_page_tells_another_account_it_is_not_theirs(team, lead):
    invitation = services.team_invite(team=team, email="new@example.org", invited_by=lead, role=Role.ADMIN)
    link = f"/teams/invitations/{services.invitation_token(invitation)}/"
    stranger = UserFactory(username="stranger", email="stranger@example.net")
    client = _client(stranger)
    page = client.get(link)
    assert page.status_code == 403
    text = page.content.decode()
    assert "sent to n…@example.org" in text
    assert "Join Korea desk as" not in text
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(team=team, user=stranger).exists()


def test_signing_up_with_another_address_than_the_invited_one_joins_nothing(team, lead):
    invitation = services.team_invite(team=team, email="sam@example.org", invited_by=lead)
    visitor = _client()
    visitor.get(f"/teams/invitations/{services.invitation_token(invitation)}/")
    form = {"username": "mallory", "email": "mallory@example.net", "password1": "a-long-pass-phrase"}
    response = visitor.post("/accounts/signup/", {**form, "password2": form["password1"]}, follow=True)
    assert response.redirect_chain[-1][0] == "/welcome/"
    assert "sent to s…@example.org" in response.content.decode()
    assert not Membership.objects.filter(team=team, user__username="mallory").exists()


def test_a_newcomer_who_opens_a_join_link_signed_out_and_signs_up_joins_the_team(team, lead):
    link = services.join_link_create(team=team, actor=lead)
    visitor = _client()
    landing = visitor.get(f"/teams/join/{link.token}/").content.decode()
    assert "Create an account and join" in landing
    signup = visitor.get("/accounts/signup/").content.decode()
    assert "You will join <strong>Korea desk</strong> as a forecaster" in signup
    form = {"username": "newbie", "email": "newbie@example.org", "password1": "a-long-pass-phrase"}
    joined = visitor.post("/accounts/signup/", {**form, "password2": form["password1"]})
    assert joined.status_code == 302
    assert joined["Location"] == f"/teams/{team.slug}/"
    assert Membership.objects.get(team=team, user__username="newbie").role == Role.FORECASTER
    # The link is spent for this browser: a second sign-up from it joins nothing.
    visitor.logout()
    form = {"username": "second", "email": "second@example.org", "password1": "a-long-pass-phrase"}
    assert visitor.post("/accounts/signup/", {**form, "password2": form["password1"]})["Location"] == "/welcome/"


def test_a_newcomer_who_opens_a_join_link_signed_out_and_logs_in_joins_with_one_click(team, lead):
    link = services.join_link_create(team=team, actor=lead)
    existing = UserFactory(username="existing")
    visitor = _client()
    landing = visitor.get(f"/teams/join/{link.token}/").content.decode()
    login_href = re.search(r'href="(/accounts/login/\?next=[^"]+)"', landing).group(1)
    logged_in = visitor.post(login_href, {"username": "existing", "password": "pw-for-tests"})
    assert logged_in["Location"] == f"/teams/join/{link.token}/"
    assert "Join Korea desk as" in visitor.get(logged_in["Location"]).content.decode()
    assert visitor.post(f"/teams/join/{link.token}/")["Location"] == f"/teams/{team.slug}/"
    assert Membership.objects.filter(team=team, user=existing, role=Role.FORECASTER).exists()


def test_too_many_invitations_is_a_429_form_error_and_nothing_is_written(team, lead, settings):
    settings.SIGNPOST_INVITATIONS_PER_ADMIN_HOUR = 1
    client = _client(lead)
    client.post(f"/teams/{team.slug}/invite/", {"invite-email": "a@example.org", "invite-role": "forecaster"})
    refused = client.post(f"/teams/{team.slug}/invite/", {"invite-email": "b@example.org", "invite-role": "forecaster"})
    assert refused.status_code == 429
    assert "1 invitations in the last hour" in refused.content.decode()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["a@example.org"]
