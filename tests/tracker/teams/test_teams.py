"""Team membership services: invitations (signed, expiring, single-use), join links, join requests, role changes,
removals, the last-admin rule, the audit history and the notifications to the person concerned."""

import smtplib
import threading
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.accounts.models import Membership
from tracker.notifications.models import Notification
from tracker.questions.selectors import user_can_see_question
from tracker.teams.models import Invitation
from tracker.teams.services import membership as services
from tracker.teams.services.emails import invitations_send

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def team():
    return TeamFactory(name="Korea desk")


@pytest.fixture
def lead(team):
    return member(team, Role.ADMIN, username="lead", email="lead@example.org")


def _token(invitation):
    return services.invitation_token(invitation)


def test_an_invitation_is_emailed_with_a_link_that_joins_a_new_account_once(
    team, lead, django_capture_on_commit_callbacks, celery_eager
):
    # The link is signed with the time it was made: the clock stands still while it is made twice.
    with time_machine.travel(timezone.now(), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.team_invite(team=team, email=" New.Person@Example.org ", invited_by=lead)
        assert invitation.email == "new.person@example.org"
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["new.person@example.org"]
        assert services.invitation_url(invitation) in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.email_state == Invitation.EmailState.SENT
    newcomer = UserFactory(username="newcomer", email="New.Person@example.org")
    membership = services.invitation_accept(token=_token(invitation), user=newcomer)
    assert membership.role == Role.FORECASTER
    assert membership.team == team
    with pytest.raises(services.InvitationRefused, match="already used"):
        services.invitation_accept(token=_token(invitation), user=UserFactory(email="new.person@example.org"))
    assert Membership.objects.filter(team=team).count() == 2
    assert Notification.objects.filter(recipient=lead, kind=Notification.Kind.TEAM, title__contains="joined").exists()


def test_an_invitation_expires(team, lead):
    invitation = services.team_invite(team=team, email="late@example.org", invited_by=lead)
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later), pytest.raises(services.InvitationRefused, match="expired"):
        services.invitation_accept(token=_token(invitation), user=UserFactory(email="late@example.org"))
    assert not Membership.objects.filter(team=team, role=Role.FORECASTER).exists()


def test_a_tampered_or_withdrawn_invitation_is_refused(team, lead):
    invitation = services.team_invite(team=team, email="x@example.org", invited_by=lead)
    token = _token(invitation)
    with pytest.raises(services.InvitationRefused, match="not valid"):
        services.invitation_accept(token=token[:-2] + "xx", user=UserFactory(email="x@example.org"))
    services.invitation_revoke(invitation=invitation, actor=lead)
    with pytest.raises(services.InvitationRefused, match="withdrawn"):
        services.invitation_accept(token=token, user=UserFactory(email="x@example.org"))


def test_a_new_invitation_to_the_same_address_replaces_the_old_link(team, lead):
    first = services.team_invite(team=team, email="x@example.org", invited_by=lead)
    services.team_invite(team=team, email="x@example.org", invited_by=lead, role=Role.CURATOR)
    with pytest.raises(services.InvitationRefused, match="withdrawn"):
        services.invitation_accept(token=_token(first), user=UserFactory(email="x@example.org"))


def test_an_existing_account_accepts_and_keeps_a_higher_role(team, lead):
    curator = member(team, Role.CURATOR, email="curator@example.org")
    other_team = TeamFactory()
    other_admin = member(other_team, Role.ADMIN)
    invitation = services.team_invite(team=other_team, email="curator@example.org", invited_by=other_admin)
    assert services.invitation_accept(token=_token(invitation), user=curator).team == other_team
    # Invited as a forecaster to a team they already curate: they stay a curator.
    with pytest.raises(ValidationError, match="already belongs"):
        services.team_invite(team=team, email="curator@example.org", invited_by=lead)


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b"])
def test_a_bad_address_is_a_field_error_and_nothing_is_written(team, lead, email):
    with pytest.raises(ValidationError) as error:
        services.team_invite(team=team, email=email, invited_by=lead)
    assert "email" in error.value.message_dict
    assert not Invitation.objects.exists()


def test_only_team_admins_invite(team):
    curator = member(team, Role.CURATOR)
    with pytest.raises(PermissionDenied):
        services.team_invite(team=team, email="x@example.org", invited_by=curator)
    assert not Invitation.objects.exists()


def test_one_refused_address_does_not_stall_the_other_invitations(team, lead):
    for address in ("bad@example.org", "good@example.org"):
        services.team_invite(team=team, email=address, invited_by=lead)
    real_send = EmailBackend.send_messages

    def refuse_bad(backend, messages):
        if messages[0].to == ["bad@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"bad@example.org": (550, b"No such user")})
        return real_send(backend, messages)

    with mock.patch.object(EmailBackend, "send_messages", refuse_bad):
        assert invitations_send() == 1
    states = dict(Invitation.objects.values_list("email", "email_state"))
    assert states == {"bad@example.org": "failed", "good@example.org": "sent"}
    assert invitations_send() == 0  # nothing sent twice
    assert [message.to for message in mail.outbox] == [["good@example.org"]]


def test_join_link_joins_as_forecaster_until_revoked(team, lead):
    link = services.join_link_create(team=team, actor=lead)
    joiner = UserFactory()
    assert services.team_join_by_link(token=link.token, user=joiner).role == Role.FORECASTER
    replacement = services.join_link_create(team=team, actor=lead)
    with pytest.raises(services.InvitationRefused, match="no longer works"):
        services.team_join_by_link(token=link.token, user=UserFactory())
    services.join_links_revoke(team=team, actor=lead)
    with pytest.raises(services.InvitationRefused):
        services.team_join_by_link(token=replacement.token, user=UserFactory())
    assert Membership.objects.filter(team=team).count() == 2


def test_join_requests_are_approved_or_declined_with_a_reason(team, lead):
    asker, other = UserFactory(), UserFactory()
    request = services.join_request_create(team=team, user=asker, message="I cover Korea.")
    assert Notification.objects.filter(recipient=lead, title__contains="asks to join").exists()
    with pytest.raises(ValidationError, match="already asked"):
        services.join_request_create(team=team, user=asker)
    services.join_request_decide(join_request=request, actor=lead, approve=True)
    assert Membership.objects.get(team=team, user=asker).role == Role.FORECASTER
    assert Notification.objects.filter(recipient=asker, title__contains="approved").exists()
    declined = services.join_request_create(team=team, user=other)
    with pytest.raises(ValidationError, match="Say why"):
        services.join_request_decide(join_request=declined, actor=lead, approve=False)
    services.join_request_decide(join_request=declined, actor=lead, approve=False, reason="Desk is full.")
    assert not Membership.objects.filter(team=team, user=other).exists()
    assert Notification.objects.get(recipient=other, kind="team").body.endswith("declined your request: Desk is full.")
    with pytest.raises(ValidationError, match="already"):
        services.join_request_decide(join_request=declined, actor=lead, approve=True)


def test_role_changes_are_audited_and_notify_the_member(team, lead):
    forecaster = member(team, Role.FORECASTER)
    services.member_role_set(team=team, user=forecaster, role=Role.CURATOR, actor=lead)
    membership = Membership.objects.get(team=team, user=forecaster)
    assert membership.role == Role.CURATOR
    latest = membership.history.latest()
    assert latest.role == Role.CURATOR
    assert latest.history_user == lead
    note = Notification.objects.get(recipient=forecaster, kind=Notification.Kind.TEAM)
    assert "Curator" in note.title


def test_the_last_admin_can_neither_be_demoted_nor_leave(team, lead):
    with pytest.raises(ValidationError, match="last admin"):
        services.member_role_set(team=team, user=lead, role=Role.FORECASTER, actor=lead)
    with pytest.raises(ValidationError, match="last admin"):
        services.member_remove(team=team, user=lead, actor=lead)
    assert Membership.objects.get(team=team, user=lead).role == Role.ADMIN
    second = member(team, Role.ADMIN)
    services.member_remove(team=team, user=lead, actor=lead)
    assert list(Membership.objects.filter(team=team).values_list("user_id", flat=True)) == [second.pk]


def test_a_deactivated_admin_does_not_count_as_another_admin(team, lead):
    dormant = member(team, Role.ADMIN)
    dormant.is_active = False
    dormant.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="last admin"):
        services.member_remove(team=team, user=lead, actor=lead)
    assert Membership.objects.filter(team=team, user=lead, role=Role.ADMIN).exists()


def test_a_removed_member_keeps_their_forecasts_but_loses_access(team, lead):
    from forecasts.models import Forecast
    from forecasts.services.forecasting import forecast_submit

    forecaster = member(team, Role.FORECASTER)
    question = make_question(team=team, visibility="team")
    forecast_submit(user=forecaster, question=question, probability=0.3)
    services.member_remove(team=team, user=forecaster, actor=lead)
    assert Forecast.objects.filter(user=forecaster, question=question).count() == 1
    assert not user_can_see_question(user=forecaster, question=question)
    assert Notification.objects.filter(recipient=forecaster, title__contains="removed").exists()
    removal = Membership.history.filter(user_id=forecaster.pk).latest()
    assert removal.history_type == "-"
    assert removal.history_user == lead


def test_only_admins_change_roles_or_remove_others(team, lead):
    curator = member(team, Role.CURATOR)
    forecaster = member(team, Role.FORECASTER)
    with pytest.raises(PermissionDenied):
        services.member_role_set(team=team, user=forecaster, role=Role.ADMIN, actor=curator)
    with pytest.raises(PermissionDenied):
        services.member_remove(team=team, user=forecaster, actor=curator)
    services.member_remove(team=team, user=forecaster, actor=forecaster)  # leaving is anyone's right
    assert not Membership.objects.filter(team=team, user=forecaster).exists()


@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serialises writers anyway.")
    team = TeamFactory()
    first, second = member(team, Role.ADMIN), member(team, Role.ADMIN)
    barrier, outcomes = threading.Barrier(2), []

    def demote(actor, target):
        barrier.wait()
        try:
            services.member_role_set(team=team, user=target, role=Role.FORECASTER, actor=actor)
            outcomes.append("demoted")
        except (ValidationError, PermissionDenied):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=pair) for pair in ((first, second), (second, first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["demoted", "refused"]
    assert Membership.objects.filter(team=team, role=Role.ADMIN).count() == 1


# --- an invitation binds to its address (issue #27, 1) ----------------------------------------------------------


def test_a_forwarded_invitation_is_refused_to_an_account_with_another_address(team, lead):
    invitation = services.team_invite(team=team, email="new@example.org", invited_by=lead, role=Role.ADMIN)
    stranger = UserFactory(username="stranger", email="stranger@example.net")
    with pytest.raises(services.InvitationForAnotherAddress, match=r"sent to n…@example.org") as refusal:
        services.invitation_accept(token=_token(invitation), user=stranger)
    assert "ask a team admin of Korea desk to invite stranger@example.net" in str(refusal.value)
    assert not Membership.objects.filter(team=team, user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    # The invited person can still use it.
    invited = UserFactory(username="invited", email="NEW@example.org")
    assert services.invitation_accept(token=_token(invitation), user=invited).role == Role.ADMIN


def test_an_account_without_an_email_address_cannot_accept(team, lead):
    invitation = services.team_invite(team=team, email="new@example.org", invited_by=lead)
    with pytest.raises(services.InvitationForAnotherAddress, match="has no email address"):
        services.invitation_accept(token=_token(invitation), user=UserFactory(email=""))


def test_accepting_through_the_emailed_link_verifies_the_address(team, lead):
    invitation = services.team_invite(team=team, email="new@example.org", invited_by=lead)
    newcomer = UserFactory(email="new@example.org")
    assert newcomer.email_verified_at is None
    services.invitation_accept(token=_token(invitation), user=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at is not None


def test_an_address_another_account_verified_cannot_be_claimed_by_a_second_account(team, lead):
    UserFactory(username="owner", email="new@example.org", email_verified_at=timezone.now())
    squatter = UserFactory(username="squatter", email="new@example.org")
    invitation = services.team_invite(team=team, email="new@example.org", invited_by=lead)
    with pytest.raises(services.InvitationForAnotherAddress, match="Another account has already confirmed"):
        services.invitation_accept(token=_token(invitation), user=squatter)
    assert not Membership.objects.filter(team=team, user=squatter).exists()


def test_changing_the_email_address_drops_its_verification():
    user = UserFactory(email="old@example.org", email_verified_at=timezone.now())
    user = type(user).objects.get(pk=user.pk)
    user.display_name = "Renamed"
    user.save()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    user.email = "other@example.org"
    user.save(update_fields=["email"])
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_team_admin_may_send_only_so_many_invitations_an_hour(team, lead, settings):
    settings.SIGNPOST_INVITATIONS_PER_ADMIN_HOUR = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(3):
            services.team_invite(team=team, email=f"p{n}@example.org", invited_by=lead)
        with pytest.raises(services.RateLimited) as refusal:
            services.team_invite(team=team, email="p3@example.org", invited_by=lead)
    assert "email" in refusal.value.message_dict
    assert "3 invitations in the last hour" in str(refusal.value)
    assert refusal.value.retry_after == 3600
    assert not Invitation.objects.filter(email="p3@example.org").exists()
    # Another admin of the team has their own allowance; after the hour the first one has theirs back.
    second = member(team, Role.ADMIN, username="second")
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        services.team_invite(team=team, email="q@example.org", invited_by=second)
    with time_machine.travel(start + timedelta(hours=1, seconds=1), tick=False):
        services.team_invite(team=team, email="p3@example.org", invited_by=lead)


def test_a_team_may_send_only_so_many_invitations_a_day(team, lead, settings):
    settings.SIGNPOST_INVITATIONS_PER_TEAM_DAY = 2
    second = member(team, Role.ADMIN, username="second")
    services.team_invite(team=team, email="a@example.org", invited_by=lead)
    services.team_invite(team=team, email="b@example.org", invited_by=second)
    with pytest.raises(services.RateLimited, match="Korea desk has sent 2 invitations in the last day"):
        services.team_invite(team=team, email="c@example.org", invited_by=second)
    # Another team is not held back by this one.
    other = TeamFactory()
    services.team_invite(team=other, email="c@example.org", invited_by=member(other, Role.ADMIN))


def test_a_declined_join_request_cannot_be_filed_again_until_the_cool_down_passes(team, lead, settings):
    settings.SIGNPOST_JOIN_REQUEST_COOL_DOWN_DAYS = 7
    asker = UserFactory(username="asker")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = services.join_request_create(team=team, user=asker, message="Please.")
        services.join_request_decide(join_request=first, actor=lead, approve=False, reason="Not now.")
        notified = Notification.objects.filter(recipient=lead).count()
        with pytest.raises(services.RateLimited, match="ask again in 7 days") as refusal:
            services.join_request_create(team=team, user=asker, message="Please!")
        assert refusal.value.retry_after == 7 * 86400
    assert Notification.objects.filter(recipient=lead).count() == notified  # nobody was bothered again
    with time_machine.travel(start + timedelta(days=7, seconds=1), tick=False):
        assert services.join_request_create(team=team, user=asker).state == "pending"
