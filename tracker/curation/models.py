"""Articles and the forecastable claims proposed from them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Source(models.Model):
    """A news article or report: the material questions are derived from and evidence points to."""

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=16, default="en")
    team = models.ForeignKey(
        "tracker.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sources",
        help_text="The team whose curators imported the article and curate its claims; empty: shared by every team.",
    )
    seeded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-published_at", "title"]

    def __str__(self) -> str:
        return self.title


class ClaimSuggestion(models.Model):
    """A forecastable claim the extractor found in an article, waiting for a curator: accepted (a draft question
    with this origin), rejected (remembered: re-importing the article does not propose it again) or merged."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        MERGED = "merged", "Merged into another"

    class Kind(models.TextChoices):
        FORECAST = "forecast", "Forecast in words"
        IMPLICIT = "implicit", "Implied claim (lower confidence)"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="claim_suggestions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FORECAST)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    quote_key = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the normalised quote.")
    title = models.CharField(max_length=400)
    deadline = models.DateField()
    actors = models.JSONField(default=list, blank=True)
    criteria = models.TextField()
    confidence = models.FloatField(help_text="How publishable the draft is as written (flagged drafts stay below 0.5).")
    flags = models.JSONField(
        default=list, blank=True, help_text="What a curator must fix before the draft is publishable."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    question = models.ForeignKey("tracker.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    alternatives = models.JSONField(
        default=list,
        blank=True,
        help_text="Other ways to ask the claim (curation/amounts.py): as a number when it names a count or a sum, "
        "as a date when it has a deadline; each with its type, title, unit and range.",
    )
    drafter = models.CharField(
        max_length=160,
        default="rules",
        help_text="Who wrote the draft: the rules, or the language model (its name and the prompt's version).",
    )
    model_outcome = models.CharField(
        max_length=300, blank=True, help_text="What the language model's attempt came to, once made."
    )
    # A model call in progress holds the suggestion until then (a second task, or a rerun, leaves it alone).
    model_lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["source", "start"]
        constraints = [
            models.UniqueConstraint(fields=["source", "start", "end"], name="claim_suggestion_unique_span"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_suggestion_span_valid"),
        ]

    def __str__(self) -> str:
        return self.title
