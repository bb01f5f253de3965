"""Shapes of the REST API. Output serializers read prepared objects; input serializers only parse: the services
decide what is allowed and raise field errors, which the API returns in its one error shape."""

import functools

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forecasts.engine.aggregation import METHODS
from forecasts.models import Forecast, Score
from tracker.api.conventions.fields import (
    MAX_ID,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    StrictSlugRelatedField,
    TimeField,
    api_time,
)
from tracker.curation.selectors import user_can_see_source
from tracker.models import (
    Evidence,
    Question,
    Scenario,
)
from tracker.questions.models import QUESTION_TEXT_MAX_CHARACTERS

# --- scenarios and questions ------------------------------------------------------------------------------------

SLUG_PLACEHOLDER = "__slug__"


@functools.cache
def _question_url_pattern() -> str:
    return reverse("question-detail", kwargs={"slug": SLUG_PLACEHOLDER})


class OptionSerializer(serializers.Serializer):
    id = StrictIntegerField()
    position = StrictIntegerField()
    label = StrictCharField()


class CommunityForecastSerializer(serializers.Serializer):
    method = StrictCharField()
    at = serializers.DateTimeField()
    probability = serializers.FloatField(allow_null=True, help_text="P(yes) for a binary question.")
    probabilities = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, help_text="One per option, in option order."
    )
    forecaster_count = StrictIntegerField()


class MyForecastSerializer(serializers.Serializer):
    id = StrictIntegerField()
    created_at = serializers.DateTimeField()
    probability = serializers.FloatField(allow_null=True)
    probabilities = serializers.ListField(child=serializers.FloatField(), allow_null=True)


class OriginSerializer(serializers.Serializer):
    """Where the question was drafted from. `article`, `title` and `url` are empty when the article is a team's and
    the reader is not in that team."""

    article = StrictCharField()
    title = StrictCharField()
    url = StrictCharField()
    quote = StrictCharField()
    quote_start = StrictIntegerField(allow_null=True)


class QuestionSerializer(serializers.ModelSerializer):
    """The list row. `community_forecast` is null while hidden (see `crowd_hidden`) or before any forecast."""

    scenario = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    team = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    outcome = serializers.SerializerMethodField()
    evidence_count = StrictIntegerField(read_only=True)
    crowd_hidden = serializers.SerializerMethodField()
    community_forecast = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "slug",
            "url",
            "title",
            "type",
            "status",
            "visibility",
            "scenario",
            "team",
            "tags",
            "opens_at",
            "scheduled_close_at",
            "resolve_by",
            "opened_at",
            "closed_at",
            "resolved_at",
            "outcome",
            "hide_crowd_until_forecast",
            "crowd_hidden",
            "community_forecast",
            "evidence_count",
        ]

    def to_representation(self, question) -> dict:
        """By hand: the declared fields above document the shape (and a test holds the two equal), but walking
        DRF's field machinery for every row of every page cost more than the page's queries."""
        time = api_time
        return {
            "id": question.pk,
            "slug": question.slug,
            "url": self.get_url(question),
            "title": question.title,
            "type": question.type,
            "status": question.status,
            "visibility": question.visibility,
            "scenario": question.scenario_slug,
            "team": question.team_slug,
            "tags": question.tag_slugs,
            "opens_at": time(question.opens_at),
            "scheduled_close_at": time(question.scheduled_close_at),
            "resolve_by": time(question.resolve_by),
            "opened_at": time(question.opened_at) if question.opened_at else None,
            "closed_at": time(question.closed_at) if question.closed_at else None,
            "resolved_at": time(question.resolved_at) if question.resolved_at else None,
            "outcome": self.get_outcome(question),
            "hide_crowd_until_forecast": question.hide_crowd_until_forecast,
            "crowd_hidden": self.get_crowd_hidden(question),
            "community_forecast": self.get_community_forecast(question),
            "evidence_count": question.evidence_count,
        }

    def get_url(self, question) -> str:
        # Reversed once per process: a list writes 50 of these and reverse() costs ~30 µs a call.
        return _question_url_pattern().replace(SLUG_PLACEHOLDER, question.slug)

    def get_outcome(self, question) -> str | None:
        if question.status == Question.Status.RESOLVED:
            return question.outcome_label
        return "annulled" if question.status == Question.Status.ANNULLED else None

    def get_crowd_hidden(self, question) -> bool:
        return not self.context["crowd_visible"](question)

    @extend_schema_field(CommunityForecastSerializer(allow_null=True))
    def get_community_forecast(self, question) -> dict | None:
        if not self.context["crowd_visible"](question):
            return None
        step = self.context["community"].get(question.pk)
        if step is None:
            return None
        # A plain dict: a nested serializer per row would cost more than the rest of the row.
        return {
            "method": step.method,
            "at": api_time(step.at),
            "probability": step.probability if question.is_binary else None,
            "probabilities": step.values,
            "forecaster_count": step.forecaster_count,
        }


class QuestionDetailSerializer(QuestionSerializer):
    options = OptionSerializer(many=True, source="options.all", read_only=True)
    origin = serializers.SerializerMethodField()
    my_forecast = serializers.SerializerMethodField()

    def to_representation(self, question) -> dict:
        data = super().to_representation(question)
        time = api_time
        data.update(
            background=question.background,
            resolution_criteria=question.resolution_criteria,
            fine_print=question.fine_print,
            options=[{"id": o.pk, "position": o.position, "label": o.label} for o in question.options.all()],
            effective_close_at=time(question.effective_close_at) if question.effective_close_at else None,
            resolution_notes=question.resolution_notes,
            origin=self.get_origin(question),
            my_forecast=self.get_my_forecast(question),
        )
        return data

    class Meta(QuestionSerializer.Meta):
        fields = [
            *QuestionSerializer.Meta.fields,
            "background",
            "resolution_criteria",
            "fine_print",
            "options",
            "effective_close_at",
            "resolution_notes",
            "origin",
            "my_forecast",
        ]

    @extend_schema_field(OriginSerializer(allow_null=True))
    def get_origin(self, question) -> dict | None:
        if question.origin_source_id is None:
            return None
        source = question.origin_source
        request = self.context.get("request")
        if not user_can_see_source(user=getattr(request, "user", None), source=source):
            # A team's article stays the team's, even behind a question it made public: only the quote shows.
            return {"article": "", "title": "", "url": "", "quote": question.origin_quote, "quote_start": None}
        return {
            "article": source.slug,
            "title": source.title,
            "url": source.url,
            "quote": question.origin_quote,
            "quote_start": question.origin_quote_start,
        }

    @extend_schema_field(MyForecastSerializer(allow_null=True))
    def get_my_forecast(self, question) -> dict | None:
        forecast = self.context.get("my_forecast")
        return MyForecastSerializer(forecast).data if forecast is not None else None


class QuestionWriteSerializer(serializers.Serializer):
    title = StrictCharField(max_length=400)
    resolution_criteria = StrictCharField(max_length=QUESTION_TEXT_MAX_CHARACTERS)
    background = StrictCharField(required=False, allow_blank=True, default="", max_length=QUESTION_TEXT_MAX_CHARACTERS)
    fine_print = StrictCharField(required=False, allow_blank=True, default="", max_length=QUESTION_TEXT_MAX_CHARACTERS)
    type = serializers.ChoiceField(choices=Question.Type.choices, default=Question.Type.BINARY)
    options = serializers.ListField(child=StrictCharField(max_length=300), required=False, allow_null=True)
    opens_at = TimeField()
    scheduled_close_at = TimeField()
    resolve_by = TimeField()
    scenario = StrictSlugRelatedField(
        slug_field="slug", queryset=Scenario.objects.all(), required=False, allow_null=True
    )
    team = serializers.SlugField(required=False, allow_null=True, help_text="The owning team's slug.")
    visibility = serializers.ChoiceField(choices=Question.Visibility.choices, default=Question.Visibility.PUBLIC)
    tags = serializers.ListField(child=StrictCharField(max_length=60), required=False)
    hide_crowd_until_forecast = StrictBooleanField(required=False, default=False)


class QuestionUpdateSerializer(serializers.Serializer):
    title = StrictCharField(max_length=400, required=False)
    resolution_criteria = StrictCharField(required=False, max_length=QUESTION_TEXT_MAX_CHARACTERS)
    background = StrictCharField(required=False, allow_blank=True, max_length=QUESTION_TEXT_MAX_CHARACTERS)
    fine_print = StrictCharField(required=False, allow_blank=True, max_length=QUESTION_TEXT_MAX_CHARACTERS)
    opens_at = TimeField(required=False)
    scheduled_close_at = TimeField(required=False)
    resolve_by = TimeField(required=False)
    scenario = StrictSlugRelatedField(
        slug_field="slug", queryset=Scenario.objects.all(), required=False, allow_null=True
    )
    visibility = serializers.ChoiceField(choices=Question.Visibility.choices, required=False)
    tags = serializers.ListField(child=StrictCharField(max_length=60), required=False)
    hide_crowd_until_forecast = StrictBooleanField(required=False)
    clarification = StrictCharField(
        required=False,
        allow_blank=True,
        help_text="Needed when an open or closed question's wording or dates change: what changed, in words the "
        "forecasters read (they are notified).",
    )


class ResolveSerializer(serializers.Serializer):
    outcome = StrictCharField(help_text="`yes`/`no` for binary questions, an option's label otherwise.")
    notes = StrictCharField(required=False, allow_blank=True, default="")
    effective_close_at = TimeField(
        required=False, allow_null=True, help_text="A retroactive close: when the answer became known."
    )


# --- evidence ---------------------------------------------------------------------------------------------------


class EvidenceWriteSerializer(serializers.Serializer):
    title = StrictCharField(max_length=400)
    url = serializers.URLField(max_length=1000)
    publisher = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    published_at = TimeField(required=False, allow_null=True)
    quote = StrictCharField(required=False, allow_blank=True, default="")
    summary = StrictCharField(required=False, allow_blank=True, default="")
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, default=Evidence.Stance.CONTEXT)
    option = StrictCharField(required=False, allow_null=True, help_text="The supported option's label.")


# --- forecasts --------------------------------------------------------------------------------------------------


class ForecastSerializer(serializers.ModelSerializer):
    question = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    user = serializers.SlugRelatedField(read_only=True, slug_field="username")

    class Meta:
        model = Forecast
        fields = ["id", "question", "user", "kind", "probability", "probabilities", "rationale", "created_at"]


class ForecastInputSerializer(serializers.Serializer):
    """Values are checked by the forecasting service (forecasts.validation), whose messages name the field."""

    probability = serializers.JSONField(required=False, allow_null=True, help_text="Binary: P(yes) in [0.001, 0.999].")
    probabilities = serializers.JSONField(
        required=False, allow_null=True, help_text="Multiple choice: one probability per option, summing to 1."
    )
    rationale = StrictCharField(required=False, allow_blank=True, default="", max_length=10000)
    share = serializers.ChoiceField(
        choices=["team", "public", "private"],
        required=False,
        help_text="Post the forecast (with its rationale) in the discussion for your team (the default when you are "
        "in one), everyone, or nobody (private: the default otherwise).",
    )
    team = StrictCharField(
        required=False, max_length=80, help_text="With share=team on a public question: your team's slug."
    )
    evidence_ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=10,
        help_text="Ids of the question's evidence that changed your mind (a marker on your chart).",
    )


class BulkForecastItemSerializer(ForecastInputSerializer):
    question = StrictIntegerField(help_text="The question's id.", min_value=1, max_value=MAX_ID)


class BulkForecastSerializer(serializers.Serializer):
    forecasts = BulkForecastItemSerializer(many=True, allow_empty=False, max_length=500)


class CommunitySeriesSerializer(serializers.Serializer):
    question = StrictIntegerField()
    method = serializers.ChoiceField(choices=METHODS)
    points = serializers.ListField(child=CommunityForecastSerializer())


# --- scores, leaderboards, calibration --------------------------------------------------------------------------


class ScoreSerializer(serializers.ModelSerializer):
    question = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    user = serializers.SlugRelatedField(read_only=True, slug_field="username", allow_null=True)

    class Meta:
        model = Score
        fields = ["question", "user", "is_crowd", "rule", "value", "coverage", "computed_at"]


class LeaderboardRowSerializer(serializers.Serializer):
    name = StrictCharField()
    is_crowd = StrictBooleanField()
    questions = StrictIntegerField()
    value = serializers.FloatField()
    coverage = serializers.FloatField()
    global_score = serializers.FloatField(allow_null=True)


class LeaderboardSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=["peer", "relative_brier"])
    questions = StrictIntegerField()
    rows = LeaderboardRowSerializer(many=True)


class CalibrationBinSerializer(serializers.Serializer):
    lower = serializers.FloatField()
    upper = serializers.FloatField()
    count = StrictIntegerField()
    mean_forecast = serializers.FloatField(allow_null=True)
    observed_frequency = serializers.FloatField(allow_null=True)
    wilson_low = serializers.FloatField(allow_null=True)
    wilson_high = serializers.FloatField(allow_null=True)


class CalibrationSerializer(serializers.Serializer):
    predictions = StrictIntegerField()
    questions = StrictIntegerField()
    sharpness = serializers.FloatField(allow_null=True)
    murphy = serializers.DictField(child=serializers.FloatField(), allow_null=True)
    bins = CalibrationBinSerializer(many=True)


# --- notifications, webhooks, tokens ----------------------------------------------------------------------------


# --- resolution workflow ----------------------------------------------------------------------------------------


class ProposalCreateSerializer(serializers.Serializer):
    outcome = StrictCharField(max_length=300, help_text="yes / no, or an option's label.")
    evidence_url = StrictCharField(max_length=1000)
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)


class ClarificationCreateSerializer(serializers.Serializer):
    text = StrictCharField(max_length=5000)


# --- discussion -------------------------------------------------------------------------------------------------


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


class CommentHideSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=500, help_text="Readers see it in place of the comment.")
