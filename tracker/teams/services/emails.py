"""Invitation emails: each claimed, sent with the SMTP server's deadline, and marked on its own, like notification
emails (tracker.notifications.services.emails): one refused address never stalls or repeats the others."""

import logging
import time
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tracker.notifications.services.emails import EMAIL_LEASE, EMAIL_SWEEP_BUDGET, Mailer, email_outcome_mark
from tracker.teams.models import Invitation
from tracker.teams.services.membership import invitation_url

logger = logging.getLogger(__name__)


def _claim(now: datetime) -> Invitation | None:
    with transaction.atomic():
        invitation = (
            Invitation.objects.filter(email_state=Invitation.EmailState.PENDING, accepted_at=None, revoked_at=None)
            .filter(Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("team", "invited_by")
            .order_by("id")
            .first()
        )
        if invitation is None:
            return None
        invitation.email_attempts += 1
        invitation.email_next_attempt_at = now + EMAIL_LEASE
        invitation.save(update_fields=["email_attempts", "email_next_attempt_at"])
    return invitation


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
    ends = time.monotonic() + budget_seconds
    mailer, sent = Mailer(), 0
    try:
        while time.monotonic() < ends:
            invitation = _claim(now or timezone.now())
            if invitation is None:
                break
            outcome = mailer.send(invitation_message(invitation))
            rows = Invitation.objects.filter(pk=invitation.pk, email_state=Invitation.EmailState.PENDING)
            state = email_outcome_mark(
                rows, attempts=invitation.email_attempts, outcome=outcome, now=now or timezone.now()
            )
            sent += state == Invitation.EmailState.SENT
            if outcome.state != "sent":
                logger.warning("Invitation email %s: %s", invitation.pk, outcome.error)
    finally:
        mailer.close()
    return sent
