"""People, teams and their roles, and personal API tokens."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    display_name = models.CharField(max_length=150, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Demo accounts created by the seed data; their forecasts are illustrative."
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="An IANA time zone (e.g. Asia/Seoul) pages and emails show times in; empty: the browser's, else UTC.",
    )
    # When the account proved it reads mail at `email` (by using a link that was emailed there); cleared when the
    # address changes. Team invitations bind to a verified address.
    email_verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The account's subject at the organisation's identity provider (OpenID Connect `sub`), once it signed in
    # through it: the one thing that identifies it there (an email address can change hands).
    oidc_subject = models.CharField(max_length=255, null=True, blank=True, unique=True, editable=False)

    def __str__(self) -> str:
        return self.display_name or self.username

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._email_as_loaded = user.__dict__.get("email")
        return user

    def save(self, *args, **kwargs):
        # A verification holds for the address that was verified, not for whatever address replaces it.
        loaded = getattr(self, "_email_as_loaded", None)
        if loaded is not None and self.email_verified_at and (self.email or "").lower() != loaded.lower():
            self.email_verified_at = None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "email_verified_at"}
        super().save(*args, **kwargs)
        self._email_as_loaded = self.email


class Team(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="teams")
    seeded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        FORECASTER = "forecaster", "Forecaster"
        CURATOR = "curator", "Curator"
        ADMIN = "admin", "Team admin"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FORECASTER)
    joined_at = models.DateTimeField(default=timezone.now)
    # The audit history of who joined, changed role or left, and who made the change.
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="membership_unique_team_user"),
            models.CheckConstraint(
                condition=Q(role__in=["forecaster", "curator", "admin"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"

    @property
    def can_curate(self) -> bool:
        # Team admins hold every curator right.
        return self.role in (self.Role.CURATOR, self.Role.ADMIN)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once, at creation."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to recognise it in lists.")
    token_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(scope__in=["read", "write"]), name="api_token_scope_valid")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.scope})"


# Whoever makes a request: a signed-in user or the anonymous one (reads take either; most writes need a User).
AnyUser = User | AnonymousUser
