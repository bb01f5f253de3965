"""Ways into a team: an invitation sent to an email address, a join link a team admin shares, a request a team
admin approves. Each keeps its history (django-simple-history), like memberships themselves."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tracker.accounts.models import Membership


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """An invitation to join a team in a role, emailed as a signed link that expires and works once. The link
    works for whoever signs in or signs up through it (a new or an existing account)."""

    class EmailState(models.TextChoices):
        PENDING = "pending", "Waiting to be emailed"
        SENT = "sent", "Emailed"
        FAILED = "failed", "Not emailed (refused, or retries ran out)"

    team = models.ForeignKey("tracker.Team", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Membership.Role.choices, default=Membership.Role.FORECASTER)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    nonce = models.CharField(max_length=40, default=new_nonce, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Sending, one email at a time, as notifications are: claimed, sent with the SMTP deadline, marked.
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=["email_attempts", "email_next_attempt_at", "email_error", "email_state", "emailed_at"]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["forecaster", "curator", "admin"]), name="invitation_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["email_state", "email_next_attempt_at"], name="invitation_email_queue")]

    def __str__(self) -> str:
        return f"{self.email} to {self.team} ({self.role})"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class JoinLink(models.Model):
    """A shareable link that makes whoever opens it (signed in) a forecaster of the team, until an admin revokes
    it. One team has at most one working link."""

    team = models.ForeignKey("tracker.Team", on_delete=models.CASCADE, related_name="join_links")
    token = models.CharField(max_length=40, unique=True, default=new_nonce, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["team"], condition=Q(revoked_at=None), name="join_link_one_working"),
        ]

    def __str__(self) -> str:
        return f"Join link of {self.team}"


class JoinRequest(models.Model):
    """A person asks to join a team; a team admin approves (they join as forecasters) or declines with a reason."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a team admin"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    team = models.ForeignKey("tracker.Team", on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    message = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"], condition=Q(state="pending"), name="join_request_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "declined"]), name="join_request_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.team}"
