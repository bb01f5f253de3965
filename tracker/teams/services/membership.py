"""Writes of team membership: invitations, join links, join requests, role changes, removals.

Every change runs in one transaction with the team's memberships locked (so two admins acting at once cannot leave
a team without an admin), is recorded in the audit history with who made it, and notifies the person concerned.
Refusals are ValidationError (a form error, a 400) or PermissionDenied; nothing is written when one is raised."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import Membership, Team, User
from tracker.accounts.permissions import is_signed_in, user_can_admin_team
from tracker.lib.limits import RateLimited, retry_after_seconds, retry_after_when_full, wait_in_words
from tracker.notifications.models import Notification
from tracker.notifications.services.notifications import notification_send
from tracker.ops.jobs import enqueue
from tracker.teams.models import Invitation, JoinLink, JoinRequest

INVITATION_SALT = "signpost.teams.invitation"
Role = Membership.Role


class InvitationRefused(Exception):
    """The invitation link cannot be used; the message says why, in words for the person holding it."""


class InvitationForAnotherAddress(InvitationRefused):
    """The link works, but not for this account: an invitation binds to the address it was emailed to."""


def _require_admin(actor: User, team: Team) -> None:
    if not user_can_admin_team(user=actor, team=team):
        raise PermissionDenied("Only the team's admins can do this.")


def _lock_team(team: Team) -> list[Membership]:
    """Lock the team's memberships for the rest of the transaction: role checks then see every concurrent change."""
    return list(
        Membership.objects.select_for_update(of=("self",)).select_related("user").filter(team=team).order_by("pk")
    )


def _check_role(role: str) -> str:
    if role not in Role.values:
        raise ValidationError({"role": f"Role must be one of {', '.join(Role.values)}; got {role!r}."})
    return role


def _notify(recipient, team: Team, *, event: str, title: str, body: str) -> None:
    notification_send(
        recipient=recipient,
        kind=Notification.Kind.TEAM,
        subject=f"team:{team.pk}",
        window=event,
        title=title,
        body=body,
        url=reverse("team-detail", args=[team.slug]),
    )


def _notify_admins(team: Team, *, event: str, title: str, body: str, except_user=None) -> None:
    admins = User.objects.filter(memberships__team=team, memberships__role=Role.ADMIN, is_active=True)
    for admin in admins.exclude(pk=getattr(except_user, "pk", None)):
        _notify(admin, team, event=event, title=title, body=body)


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%dT%H%M%S%f")


def _join(team: Team, user: User, role: str, *, actor: User) -> Membership:
    """Add `user` to the (locked) team in `role`; an existing member keeps the higher of the two roles."""
    membership = Membership.objects.filter(team=team, user=user).first()
    order = [Role.FORECASTER, Role.CURATOR, Role.ADMIN]
    if membership is None:
        membership = Membership(team=team, user=user, role=role)
        membership._history_user = actor
        membership.save()
    elif order.index(role) > order.index(membership.role):
        membership.role = role
        membership._history_user = actor
        membership.save(update_fields=["role"])
    return membership


# --- invitations --------------------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT, compress=True)


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("team-invitation", args=[invitation_token(invitation)])


def _check_invitation_pace(*, team: Team, invited_by, now) -> None:
    """At most SIGNPOST_INVITATIONS_PER_ADMIN_HOUR invitations from one admin an hour, and
    SIGNPOST_INVITATIONS_PER_TEAM_DAY from one team a day: an admin account taken over cannot turn the instance into
    a mailer. Counted from the invitations themselves, under the team's lock."""
    limits = (
        (
            Invitation.objects.filter(invited_by=invited_by),
            timedelta(hours=1),
            settings.SIGNPOST_INVITATIONS_PER_ADMIN_HOUR,
            "You have",
        ),
        (
            Invitation.objects.filter(team=team),
            timedelta(days=1),
            settings.SIGNPOST_INVITATIONS_PER_TEAM_DAY,
            f"{team.name} has",
        ),
    )
    for invitations, window, limit, who in limits:
        times = (
            invitations.filter(created_at__gt=now - window).order_by("-created_at").values_list("created_at", flat=True)
        )
        retry_after = retry_after_when_full(times, limit=limit, window=window, now=now)
        if retry_after is not None:
            per = "hour" if window == timedelta(hours=1) else "day"
            raise RateLimited(
                {
                    "email": f"{who} sent {limit} invitations in the last {per}, the most allowed; try again in "
                    f"{wait_in_words(retry_after)}. Nothing was sent."
                },
                retry_after=retry_after,
            )


def team_invite(*, team: Team, email: str, role: str = Role.FORECASTER, invited_by) -> Invitation:
    """Invite an email address to the team in a role. A new invitation to the same address replaces a pending
    one (its link stops working). The email goes out after commit, claimed and sent on its own."""
    _require_admin(invited_by, team)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    _check_role(role)
    now = timezone.now()
    with transaction.atomic():
        _lock_team(team)
        _check_invitation_pace(team=team, invited_by=invited_by, now=now)
        if Membership.objects.filter(team=team, user__email__iexact=email, user__is_active=True).exists():
            raise ValidationError({"email": f"{email} already belongs to a member of {team.name}."})
        for earlier in Invitation.objects.filter(team=team, email=email, accepted_at=None, revoked_at=None):
            earlier.revoked_at = now
            earlier._history_user = invited_by
            earlier.save(update_fields=["revoked_at"])
        invitation = Invitation(
            team=team,
            email=email,
            role=role,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + timedelta(days=settings.SIGNPOST_INVITATION_DAYS),
        )
        invitation._history_user = invited_by
        invitation.save()
        transaction.on_commit(lambda: enqueue("tracker.send_invitation_emails"))
    return invitation


def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    _require_admin(actor, invitation.team)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError({"invitation": "This invitation was already accepted; remove the member instead."})
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation._history_user = actor
            invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_read(*, token: str) -> Invitation:
    """The invitation a link names, if it can still be accepted; InvitationRefused says why not."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=settings.SIGNPOST_INVITATION_DAYS))
    except signing.SignatureExpired:
        raise InvitationRefused("This invitation has expired. Ask a team admin for a new one.") from None
    except signing.BadSignature:
        raise InvitationRefused("This invitation link is not valid. Check that it was copied whole.") from None
    invitation = Invitation.objects.select_related("team", "invited_by").filter(pk=data.get("i")).first()
    if invitation is None or invitation.nonce != data.get("n"):
        raise InvitationRefused("This invitation link is not valid. Check that it was copied whole.")
    if invitation.accepted_at is not None:
        raise InvitationRefused("This invitation was already used: each invitation link works once.")
    if invitation.revoked_at is not None:
        raise InvitationRefused("This invitation was withdrawn by a team admin.")
    if invitation.expires_at <= timezone.now():
        raise InvitationRefused("This invitation has expired. Ask a team admin for a new one.")
    return invitation


def masked_address(email: str) -> str:
    """The invited address as the link's holder is shown it: enough to recognise one's own, not to harvest."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def invitation_check_address(*, invitation: Invitation, user: User) -> None:
    """Refuse an account that is not the invited address's: its email must be the invited one, and no other account
    may have verified that address already. A forwarded link is thereby useless to anyone else."""
    address = (user.email or "").strip().lower()
    if address != invitation.email:
        yours = f"your account's address ({address})" if address else "your account, which has no email address"
        raise InvitationForAnotherAddress(
            f"This invitation was sent to {masked_address(invitation.email)}, not to {yours}. Sign in with the "
            f"account for the invited address, or ask a team admin of {invitation.team.name} to invite "
            f"{address or 'you'} instead."
        )
    owner = User.objects.filter(email__iexact=address, email_verified_at__isnull=False).exclude(pk=user.pk)
    if owner.exists():
        raise InvitationForAnotherAddress(
            f"Another account has already confirmed {masked_address(address)}: sign in with that account to accept."
        )


def invitation_accept(*, token: str, user: User) -> Membership:
    """Join the team through an invitation link: once, before it expires, by an account whose email is the invited
    address. Using the emailed link proves the account reads that mailbox, so the address counts as verified."""
    if not is_signed_in(user):
        raise PermissionDenied("Sign in or sign up to accept the invitation.")
    invitation = invitation_read(token=token)
    invitation_check_address(invitation=invitation, user=user)
    with transaction.atomic():
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        _lock_team(invitation.team)
        # Re-read under the lock: of two concurrent uses of one link, exactly one joins.
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None or locked.revoked_at is not None:
            raise InvitationRefused("This invitation was already used: each invitation link works once.")
        membership = _join(locked.team, user, locked.role, actor=user)
        locked.accepted_at, locked.accepted_by = timezone.now(), user
        locked._history_user = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        _notify_admins(
            locked.team,
            event=f"invitation-{locked.pk}-accepted",
            title=f"{user} joined {locked.team.name}",
            body=f"{user} accepted the invitation sent to {locked.email} and joined as {membership.get_role_display()}.",
        )
    return membership


# --- join links ---------------------------------------------------------------------------------------------------


def join_link_create(*, team: Team, actor: User) -> JoinLink:
    """A fresh join link for the team; the previous one stops working."""
    _require_admin(actor, team)
    with transaction.atomic():
        _lock_team(team)
        join_links_revoke(team=team, actor=actor)
        link = JoinLink(team=team, created_by=actor)
        link._history_user = actor
        link.save()
    return link


def join_links_revoke(*, team: Team, actor: User) -> int:
    _require_admin(actor, team)
    revoked = 0
    for link in JoinLink.objects.filter(team=team, revoked_at=None):
        link.revoked_at = timezone.now()
        link._history_user = actor
        link.save(update_fields=["revoked_at"])
        revoked += 1
    return revoked


def join_link_read(*, token: str) -> JoinLink:
    link = JoinLink.objects.select_related("team").filter(token=token).first()
    if link is None or link.revoked_at is not None:
        raise InvitationRefused("This join link no longer works. Ask a team admin for the current one.")
    return link


def team_join_by_link(*, token: str, user: User) -> Membership:
    """Join as a forecaster through the team's shared link (a member already in the team stays as they are)."""
    if not is_signed_in(user):
        raise PermissionDenied("Sign in or sign up to join the team.")
    link = join_link_read(token=token)
    with transaction.atomic():
        _lock_team(link.team)
        if JoinLink.objects.filter(pk=link.pk, revoked_at=None).exists() is False:
            raise InvitationRefused("This join link no longer works. Ask a team admin for the current one.")
        existed = Membership.objects.filter(team=link.team, user=user).exists()
        membership = _join(link.team, user, Role.FORECASTER, actor=user)
        if not existed:
            _notify_admins(
                link.team,
                event=f"joined-{user.pk}-{_stamp()}",
                title=f"{user} joined {link.team.name}",
                body=f"{user} joined through the team's join link, as a forecaster.",
            )
    return membership


# --- join requests ------------------------------------------------------------------------------------------------


def _check_join_request_cool_down(*, team: Team, user: User) -> None:
    """A declined request may be filed again only SIGNPOST_JOIN_REQUEST_COOL_DOWN_DAYS after the decline, so a
    refusal is not answered by a stream of new requests (each notifies every admin)."""
    window = timedelta(days=settings.SIGNPOST_JOIN_REQUEST_COOL_DOWN_DAYS)
    now = timezone.now()
    declined_at = (
        JoinRequest.objects.filter(team=team, user=user, state=JoinRequest.State.DECLINED, decided_at__gt=now - window)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    if declined_at is not None:
        retry_after = retry_after_seconds(oldest=declined_at, window=window, now=now)
        raise RateLimited(
            {
                "team": f"A team admin of {team.name} declined your request recently; you can ask again in "
                f"{wait_in_words(retry_after)}."
            },
            retry_after=retry_after,
        )


def join_request_create(*, team: Team, user: User, message: str = "") -> JoinRequest:
    if not is_signed_in(user):
        raise PermissionDenied("Sign in to ask to join a team.")
    message = (message or "").strip()
    if len(message) > 500:
        raise ValidationError({"message": "Keep the message under 500 characters."})
    if Membership.objects.filter(team=team, user=user).exists():
        raise ValidationError({"team": f"You are already a member of {team.name}."})
    _check_join_request_cool_down(team=team, user=user)
    try:
        with transaction.atomic():
            request = JoinRequest(team=team, user=user, message=message)
            request._history_user = user
            request.save()
            _notify_admins(
                team,
                event=f"join-request-{request.pk}",
                title=f"{user} asks to join {team.name}",
                body=message or "No message.",
            )
    except IntegrityError:
        raise ValidationError({"team": f"You already asked to join {team.name}; a team admin will answer."}) from None
    return request


def join_request_decide(*, join_request: JoinRequest, actor: User, approve: bool, reason: str = "") -> JoinRequest:
    """Approve (the person joins as a forecaster) or decline, with a reason the person sees."""
    _require_admin(actor, join_request.team)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": "Say why the request is declined; the person sees it."})
    if len(reason) > 500:
        raise ValidationError({"reason": "Keep the reason under 500 characters."})
    with transaction.atomic():
        _lock_team(join_request.team)
        locked = (
            JoinRequest.objects.select_for_update(of=("self",)).select_related("team", "user").get(pk=join_request.pk)
        )
        if locked.state != JoinRequest.State.PENDING:
            raise ValidationError({"state": f"This request was already {locked.state}."})
        if approve:
            _join(locked.team, locked.user, Role.FORECASTER, actor=actor)
        locked.state = JoinRequest.State.APPROVED if approve else JoinRequest.State.DECLINED
        locked.decided_by, locked.decided_at, locked.reason = actor, timezone.now(), reason
        locked._history_user = actor
        locked.save(update_fields=["state", "decided_by", "decided_at", "reason"])
        verdict = "approved your request: you are now a forecaster." if approve else f"declined your request: {reason}"
        _notify(
            locked.user,
            locked.team,
            event=f"join-request-{locked.pk}-decided",
            title=f"Your request to join {locked.team.name} was {'approved' if approve else 'declined'}",
            body=f"{actor} {verdict}",
        )
    return locked


# --- roles and removal ----------------------------------------------------------------------------------------------


def _other_admins(memberships: list[Membership], user: User) -> int:
    """Admins besides `user` who can still act (a deactivated account cannot run the team)."""
    return sum(1 for m in memberships if m.role == Role.ADMIN and m.user_id != user.pk and m.user.is_active)


def member_role_set(*, team: Team, user: User, role: str, actor: User) -> Membership:
    """Change a member's role. The last admin cannot be demoted: make someone else admin first."""
    _require_admin(actor, team)
    _check_role(role)
    with transaction.atomic():
        memberships = _lock_team(team)
        membership = next((m for m in memberships if m.user_id == user.pk), None)
        if membership is None:
            raise ValidationError({"user": f"{user} is not a member of {team.name}."})
        if membership.role == role:
            return membership
        if membership.role == Role.ADMIN and not _other_admins(memberships, user):
            raise ValidationError({"role": f"{user} is the last admin of {team.name}: make someone else admin first."})
        before = membership.get_role_display()
        membership.role = role
        membership._history_user = actor
        membership.save(update_fields=["role"])
        _notify(
            user,
            team,
            event=f"role-{membership.pk}-{_stamp()}",
            title=f"Your role in {team.name} is now {membership.get_role_display()}",
            body=f"{actor} changed your role from {before} to {membership.get_role_display()}.",
        )
    return membership


def member_remove(*, team: Team, user: User, actor: User) -> None:
    """Remove a member (an admin removing someone, or a member leaving). Their forecasts stay in the record; their
    access to the team's questions ends. The last admin cannot leave or be removed."""
    if actor is None or (actor.pk != user.pk):
        _require_admin(actor, team)
    with transaction.atomic():
        memberships = _lock_team(team)
        membership = next((m for m in memberships if m.user_id == user.pk), None)
        if membership is None:
            raise ValidationError({"user": f"{user} is not a member of {team.name}."})
        if membership.role == Role.ADMIN and not _other_admins(memberships, user):
            who = "You are" if actor is not None and actor.pk == user.pk else f"{user} is"
            raise ValidationError({"user": f"{who} the last admin of {team.name}: make someone else admin first."})
        membership._history_user = actor
        membership.delete()
        if actor is not None and actor.pk == user.pk:
            _notify_admins(
                team,
                event=f"left-{user.pk}-{_stamp()}",
                title=f"{user} left {team.name}",
                body=f"{user} left the team.",
                except_user=user,
            )
        else:
            _notify(
                user,
                team,
                event=f"removed-{user.pk}-{_stamp()}",
                title=f"You were removed from {team.name}",
                body=f"{actor} removed you from {team.name}. Your forecasts stay in the record; the team's "
                "questions are no longer open to you.",
            )
