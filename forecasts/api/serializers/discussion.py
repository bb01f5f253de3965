"""The discussion: comments (with a shared forecast), and the bodies to post, edit and hide one."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracker.api.conventions.fields import (
    MAX_ID,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    api_time,
)

# --- scenarios and questions ------------------------------------------------------------------------------------


class CommentForecastSerializer(serializers.Serializer):
    id = StrictIntegerField()
    probability = serializers.FloatField(allow_null=True)
    probabilities = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    previous_probability = serializers.FloatField(allow_null=True)
    previous_probabilities = serializers.ListField(child=serializers.FloatField(), allow_null=True)


class CommentSerializer(serializers.Serializer):
    """A comment as a reader sees it: a deleted one has no body; a hidden one shows its reason, and its body only
    to the question's curators."""

    id = StrictIntegerField()
    question = StrictIntegerField(source="question_id")
    parent = StrictIntegerField(source="parent_id", allow_null=True)
    author = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=["comment", "forecast"])
    audience = serializers.ChoiceField(choices=["public", "team", "author"])
    team = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField(help_text="Markdown as written; null when deleted or hidden.")
    body_html = serializers.SerializerMethodField(help_text="Rendered and sanitised; null when deleted or hidden.")
    hidden_reason = serializers.SerializerMethodField()
    cited_evidence = serializers.SerializerMethodField()
    forecast = serializers.SerializerMethodField()
    created_at = serializers.SerializerMethodField()
    edited_at = serializers.SerializerMethodField()
    useful_count = serializers.SerializerMethodField(help_text="How many readers found it useful.")

    def get_useful_count(self, comment) -> int:
        annotated = getattr(comment, "useful_count", None)  # the thread's lists count in their one query
        return annotated if annotated is not None else comment.votes.count()

    def _readable_body(self, comment) -> bool:
        if comment.deleted_at is not None:
            return False
        return comment.hidden_at is None or self.context.get("can_curate", False)

    def get_author(self, comment) -> str:
        return comment.author.get_username()

    def get_team(self, comment) -> str | None:
        return comment.team.slug if comment.team_id else None

    def get_state(self, comment) -> str:
        return "deleted" if comment.deleted_at else "hidden" if comment.hidden_at else "visible"

    def get_body(self, comment) -> str | None:
        return comment.body if self._readable_body(comment) else None

    def get_body_html(self, comment) -> str | None:
        return comment.body_html if self._readable_body(comment) else None

    def get_hidden_reason(self, comment) -> str | None:
        return comment.hidden_reason if comment.hidden_at else None

    def get_cited_evidence(self, comment) -> list[int]:
        return sorted(evidence.pk for evidence in comment.cited_evidence.all())

    @extend_schema_field(CommentForecastSerializer(allow_null=True))
    def get_forecast(self, comment):
        if comment.forecast_id is None:
            return None
        forecast, previous = comment.forecast, comment.previous_forecast
        return {
            "id": forecast.pk,
            "probability": forecast.probability,
            "probabilities": forecast.probabilities,
            "previous_probability": previous.probability if previous else None,
            "previous_probabilities": previous.probabilities if previous else None,
        }

    def get_created_at(self, comment) -> str:
        return api_time(comment.created_at)

    def get_edited_at(self, comment) -> str | None:
        return api_time(comment.edited_at) if comment.edited_at else None


class CommentCreateSerializer(serializers.Serializer):
    body = StrictCharField(
        help_text=f"Markdown; at most {settings.SIGNPOST_COMMENT_MAX_CHARACTERS:,} characters. @username mentions notify.",
        trim_whitespace=False,
        max_length=settings.SIGNPOST_COMMENT_MAX_CHARACTERS,
    )
    parent = StrictIntegerField(required=False, allow_null=True, min_value=1, max_value=MAX_ID)
    audience = serializers.ChoiceField(
        choices=["public", "team"],
        default="public",
        help_text="team: only members of `team` read it (on a team's question every comment is the team's).",
    )
    team = StrictCharField(required=False, allow_null=True, max_length=80, help_text="Your team's slug.")
    evidence_ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID), required=False, max_length=10
    )


class CommentEditSerializer(serializers.Serializer):
    body = StrictCharField(trim_whitespace=False, max_length=settings.SIGNPOST_COMMENT_MAX_CHARACTERS)


class CommentVoteSerializer(serializers.Serializer):
    useful = StrictBooleanField(help_text="true: you find it useful; false: you take your vote back.")
    useful_count = StrictIntegerField(read_only=True, help_text="Its votes, yours included.")


class CommentHideSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=500, help_text="Readers see it in place of the comment.")
