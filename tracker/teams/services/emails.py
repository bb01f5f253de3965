"""Invitation emails: each claimed, sent with the SMTP server's deadline, and marked on its own, like notification
emails (tracker.notifications.services.emails): one refused address never stalls or repeats the others."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage

from tracker.notifications.services.emails import EMAIL_SWEEP_BUDGET, email_claim, emails_send_claimed
from tracker.teams.models import Invitation
from tracker.teams.services.membership import invitation_url


def _claim(now: datetime) -> Invitation | None:
    waiting = Invitation.objects.filter(accepted_at=None, revoked_at=None).select_related("team", "invited_by")
    return email_claim(waiting, now)


def invitation_message(invitation: Invitation) -> EmailMessage:
    inviter = invitation.invited_by or "A team admin"
    days = settings.SIGNPOST_INVITATION_DAYS
    lines = [
        f"{inviter} invites you to join {invitation.team.name} on Signpost as {invitation.get_role_display()}.",
        "",
        "Accept with this link (it works once, for " + f"{days} days; sign in, or create an account, on the way):",
        invitation_url(invitation),
        "",
        "If you did not expect this, ignore this email: nothing happens unless the link is used.",
    ]
    return EmailMessage(
        subject=f"[Signpost] Join {invitation.team.name}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )


def invitations_send(*, now: datetime | None = None, budget_seconds: float = EMAIL_SWEEP_BUDGET) -> int:
    """Email every invitation still waiting, each on its own; returns how many were sent."""
    return emails_send_claimed(claim=_claim, message_of=invitation_message, now=now, budget_seconds=budget_seconds)
