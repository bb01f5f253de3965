"""The discussion of a question: comments (one level of replies), forecasts shared in the thread, and who follows
the question.

A comment's audience is stored with it (public, one team, or only its author) so that one rule
(`forecasts.selectors.discussion`) can decide who reads it in a query. Edits, deletions and hiding keep the audit
history (django-simple-history): the text a comment had before an edit is never lost.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from forecasts.models.forecasting import Forecast
from tracker.models import Evidence, Question


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        FORECAST = "forecast", "Forecast with its rationale"

    class Audience(models.TextChoices):
        PUBLIC = "public", "Everyone who can see the question"
        TEAM = "team", "Members of one team"
        AUTHOR = "author", "Only its author (a forecast kept private)"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.PUBLIC)
    team = models.ForeignKey(
        "tracker.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The team that reads a team-only comment.",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies", help_text="Replied to."
    )
    # A forecast shared in the thread: the forecast (append-only, never changed here) and the one it replaced.
    forecast = models.OneToOneField(
        Forecast, null=True, blank=True, on_delete=models.PROTECT, related_name="thread_entry"
    )
    previous_forecast = models.ForeignKey(Forecast, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(help_text="Markdown, as written.")
    body_html = models.TextField(help_text="The body rendered and sanitised (nh3 allow-list).", editable=False)
    cited_evidence = models.ManyToManyField(Evidence, blank=True, related_name="citations")
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["body_html"])

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["question", "created_at", "id"], name="comment_thread_order")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(audience="team", team__isnull=False) | (~Q(audience="team") & Q(team__isnull=True))),
                name="comment_team_iff_team_audience",
            ),
            models.CheckConstraint(
                condition=Q(kind="comment", forecast__isnull=True) | Q(kind="forecast", forecast__isnull=False),
                name="comment_forecast_iff_forecast_kind",
            ),
            models.CheckConstraint(
                condition=Q(audience="author", kind="forecast") | ~Q(audience="author"),
                name="comment_author_audience_only_for_forecasts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} by {self.author} on {self.question_id}"

    def get_absolute_url(self) -> str:
        """The comment's permalink (it redirects to the page of the thread holding it)."""
        return reverse("comment-permalink", kwargs={"slug": self.question.slug, "comment_id": self.pk})

    @property
    def is_removed(self) -> bool:
        return self.deleted_at is not None or self.hidden_at is not None


class CommentVote(models.Model):
    """A reader found a comment useful: one vote per reader and comment, so the most useful rationale can rise.
    Taking a vote back deletes it (votes are not forecast history)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="comment_vote_once")]

    def __str__(self) -> str:
        return f"{self.user_id} finds {self.comment_id} useful"


class QuestionFollow(models.Model):
    """Following a question: new comments reach the follower through their notification preferences. Forecasting
    or commenting starts following; turning it off is remembered (`is_active=False`) and never undone by the system."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_follows")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follows")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="question_follow_unique")]

    def __str__(self) -> str:
        return f"{self.user} {'follows' if self.is_active else 'stopped following'} {self.question_id}"
