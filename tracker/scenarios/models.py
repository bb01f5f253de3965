"""Scenarios (storylines), their signposts (indicator questions), flags and followers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Scenario(models.Model):
    """A storyline that groups the questions tracking it."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    tags = models.ManyToManyField("tracker.Tag", blank=True, related_name="scenarios")
    team = models.ForeignKey("tracker.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="scenarios")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    seeded = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["active", "archived"]), name="scenario_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class Signpost(models.Model):
    """An indicator question of a scenario, with the way its answer would push the scenario. When its community
    forecast moves by more than `threshold` from the last baseline, or it resolves, the scenario is flagged."""

    class Direction(models.TextChoices):
        YES_MORE_LIKELY = "yes_more_likely", "If yes, the scenario is more likely"
        YES_LESS_LIKELY = "yes_less_likely", "If yes, the scenario is less likely"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="signposts")
    question = models.ForeignKey("tracker.Question", on_delete=models.CASCADE, related_name="signposts")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    threshold = models.FloatField(
        default=0.10, help_text="A move of the community forecast larger than this (0.01–0.5) flags the scenario."
    )
    note = models.CharField(max_length=300, blank=True, help_text="Why this question signals the scenario.")
    baseline_probability = models.FloatField(null=True, blank=True, editable=False)
    baseline_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["scenario", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "question"], name="signpost_unique_per_scenario"),
            models.CheckConstraint(
                condition=Q(threshold__gte=0.01, threshold__lte=0.5), name="signpost_threshold_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.scenario}"


class ScenarioFollow(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenario_follows")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scenario", "user"], name="scenario_follow_unique")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.scenario}"


class ScenarioFlag(models.Model):
    """A signpost moved or resolved: the scenario wants a look. Unacknowledged flags mark the scenario flagged."""

    class Kind(models.TextChoices):
        MOVED = "moved", "Community forecast moved"
        RESOLVED = "resolved", "Indicator resolved"

    class Effect(models.TextChoices):
        MORE_LIKELY = "more_likely", "Scenario more likely"
        LESS_LIKELY = "less_likely", "Scenario less likely"

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="flags")
    signpost = models.ForeignKey(Signpost, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    event_key = models.CharField(max_length=100, help_text="Which move or resolution, so each flags once.")
    effect = models.CharField(max_length=12, choices=Effect.choices)
    from_probability = models.FloatField(null=True, blank=True)
    to_probability = models.FloatField(null=True, blank=True)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["signpost", "event_key"], name="scenario_flag_unique_event"),
        ]

    def __str__(self) -> str:
        return self.message
