"""What the story monitor follows: a team's news sources (feeds and single pages), and every address an article
was found under (its own, and those of wire copies merged into it)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tracker.questions.models import Evidence


class NewsSource(models.Model):
    """A feed or a page a team follows: polled on its own schedule, backing off when it fails, parked after
    repeated failures until a curator resumes it."""

    class Kind(models.TextChoices):
        FEED = "feed", "RSS or Atom feed"
        PAGE = "page", "Single article page"

    class State(models.TextChoices):
        ACTIVE = "active", "Polled on schedule"
        PARKED = "parked", "Parked after repeated failures"
        DONE = "done", "Page imported (a page is read once)"

    team = models.ForeignKey("tracker.Team", on_delete=models.CASCADE, related_name="news_sources")
    url = models.URLField(max_length=1000)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FEED)
    title = models.CharField(max_length=300, blank=True, help_text="The feed's own title, once read.")
    poll_minutes = models.PositiveIntegerField(default=30, help_text="Minutes between polls.")
    state = models.CharField(max_length=8, choices=State.choices, default=State.ACTIVE)
    next_poll_at = models.DateTimeField(default=timezone.now, help_text="When it is next due (also a poll's lease).")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.CharField(max_length=300, blank=True, help_text="What the last poll found, or its error.")
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    # Conditional GET: an unchanged feed answers 304 and costs nothing to read.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    polling_until = models.DateTimeField(
        null=True, blank=True, help_text="A poll in progress holds the source until then."
    )
    article_count = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["team", "url"]
        constraints = [models.UniqueConstraint(fields=["team", "url"], name="news_source_once_per_team")]
        indexes = [models.Index(fields=["state", "next_poll_at"], name="news_source_due")]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleAddress(models.Model):
    """An address an article was found under: its canonical one, the feed entry's, and a wire copy's published
    under another URL (merged into the first article). Each address is read once per team."""

    article = models.ForeignKey("tracker.Source", on_delete=models.CASCADE, related_name="addresses")
    team = models.ForeignKey("tracker.Team", on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=1000)
    news_source = models.ForeignKey(
        NewsSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="addresses"
    )
    is_copy = models.BooleanField(default=False, help_text="A near-identical text published under another address.")
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["found_at", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "url"], name="article_address_once_per_team")]

    def __str__(self) -> str:
        return self.url


class EvidenceProposal(models.Model):
    """The monitor's suggestion that a new article is evidence on one of the team's open questions: the sentence
    that bears on it, a suggested stance, a confidence and why it matched. A curator accepts it (it becomes
    evidence through the evidence service) or rejects it; either way it is kept."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a curator"
        ACCEPTED = "accepted", "Accepted as evidence"
        REJECTED = "rejected", "Rejected"

    team = models.ForeignKey("tracker.Team", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey("tracker.Question", on_delete=models.CASCADE, related_name="evidence_proposals")
    article = models.ForeignKey("tracker.Source", on_delete=models.CASCADE, related_name="evidence_proposals")
    quote = models.TextField()
    stance = models.CharField(max_length=20, choices=Evidence.Stance.choices, default=Evidence.Stance.CONTEXT)
    confidence = models.FloatField()
    reason = models.CharField(max_length=300)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    evidence = models.ForeignKey("tracker.Evidence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["question", "article"], name="evidence_proposal_once")]

    def __str__(self) -> str:
        return f"{self.article_id} on {self.question_id} ({self.state})"
