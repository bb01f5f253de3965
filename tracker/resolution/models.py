"""Proposed outcomes awaiting a curator, and the one-click resolve links already used."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ResolutionProposal(models.Model):
    """A forecaster's proposed outcome with its evidence, for a curator to approve (resolving the question) or
    reject with a reason."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a curator"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Overtaken by the resolution"

    question = models.ForeignKey("tracker.Question", on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty: proposed by the story monitor from a news article (a resolution hint).",
    )
    outcome = models.CharField(max_length=300, help_text="yes / no, or the option's label.")
    evidence_url = models.URLField(max_length=1000)
    note = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    article = models.ForeignKey(
        "tracker.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The news article a resolution hint quotes.",
    )  # fmt: skip
    quote = models.TextField(blank=True, help_text="The sentence of the article that reports the event.")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.outcome} for {self.question_id} ({self.state})"

    @property
    def proposer_name(self) -> str:
        return str(self.proposed_by) if self.proposed_by_id else "the story monitor"


class ResolveLinkUse(models.Model):
    """A one-click resolve link that has been used: each link works once (its nonce is unique here)."""

    nonce = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey("tracker.Question", on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"resolve link {self.nonce} used by {self.user_id} on {self.question_id}"
