"""Questions as the API reads and writes them: the list row and the detail (with the community forecast and the
reader's own), and the bodies of create, update, resolve, evidence, proposals and clarifications."""

import functools

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forecasts.api.serializers.distributions import RangeSerializer, distribution_data, outcome_value, range_data
from tracker.api.conventions.fields import (
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
    cdf = serializers.ListField(
        child=serializers.FloatField(),
        required=False,
        help_text="Numeric and date questions: the community CDF at 201 evenly spaced points of the range.",
    )
    median = serializers.JSONField(required=False, help_text="Numeric and date questions: the CDF's median.")
    interval_80 = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        help_text="Numeric and date questions: 10th and 90th percentiles.",
    )
    forecaster_count = StrictIntegerField()


class MyForecastSerializer(serializers.Serializer):
    id = StrictIntegerField()
    created_at = serializers.DateTimeField()
    probability = serializers.FloatField(allow_null=True)
    probabilities = serializers.ListField(child=serializers.FloatField(), allow_null=True)
    cdf = serializers.ListField(child=serializers.FloatField(), required=False, help_text="Numeric and date.")
    median = serializers.JSONField(required=False)
    interval_80 = serializers.ListField(child=serializers.JSONField(), required=False)

    def to_representation(self, forecast) -> dict:
        question = self.context["question"]
        if not question.is_continuous:
            return super().to_representation(forecast)
        data = {"id": forecast.pk, "created_at": api_time(forecast.created_at), "probability": None}
        return data | {"probabilities": None} | distribution_data(question, forecast.probabilities)


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
    outcome_value = serializers.SerializerMethodField()
    range = serializers.SerializerMethodField()
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
            "range",
            "status",
            "visibility",
            "quick",
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
            "outcome_value",
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
            "range": range_data(question),
            "status": question.status,
            "visibility": question.visibility,
            "quick": question.quick,
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
            "outcome_value": outcome_value(question),
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

    @extend_schema_field(serializers.JSONField(allow_null=True, help_text="A numeric question's value, a date's time."))
    def get_outcome_value(self, question):
        return outcome_value(question)

    @extend_schema_field(RangeSerializer(allow_null=True))
    def get_range(self, question) -> dict | None:
        return range_data(question)

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
        data = {
            "method": step.method,
            "at": api_time(step.at),
            "probability": step.probability if question.is_binary else None,
            "probabilities": None if question.is_continuous else step.values,
            "forecaster_count": step.forecaster_count,
        }
        if question.is_continuous and step.values is not None:
            data.update(distribution_data(question, step.values))
        return data


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
        if forecast is None:
            return None
        return MyForecastSerializer(forecast, context={"question": question}).data


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
    range_min = serializers.JSONField(
        required=False, help_text="Numeric and date questions: the range's lower end (a number; a date in ISO 8601)."
    )
    range_max = serializers.JSONField(required=False, help_text="Numeric and date questions: the upper end.")
    open_lower_bound = StrictBooleanField(required=False, help_text="The outcome may fall below the range.")
    open_upper_bound = StrictBooleanField(required=False, help_text="The outcome may fall above the range.")
    zero_point = serializers.JSONField(
        required=False, allow_null=True, help_text="Set for a logarithmic scale; outside the range (usually 0)."
    )
    unit = StrictCharField(required=False, allow_blank=True, max_length=40, help_text="troops, USD, ...")


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
    range_min = serializers.JSONField(required=False, help_text="Before the question opens only.")
    range_max = serializers.JSONField(required=False, help_text="Before the question opens only.")
    open_lower_bound = StrictBooleanField(required=False)
    open_upper_bound = StrictBooleanField(required=False)
    zero_point = serializers.JSONField(required=False, allow_null=True)
    unit = StrictCharField(required=False, allow_blank=True, max_length=40)
    clarification = StrictCharField(
        required=False,
        allow_blank=True,
        help_text="Needed when an open or closed question's wording or dates change: what changed, in words the "
        "forecasters read (they are notified).",
    )


class ResolveSerializer(serializers.Serializer):
    outcome = serializers.JSONField(
        help_text="`yes`/`no` for binary questions, an option's label for multiple choice, a number for numeric "
        "questions and an ISO 8601 date for date questions (beyond a bound only where that bound is open)."
    )
    notes = StrictCharField(required=False, allow_blank=True, default="")
    effective_close_at = TimeField(
        required=False, allow_null=True, help_text="A retroactive close: when the answer became known."
    )


class EvidenceWriteSerializer(serializers.Serializer):
    title = StrictCharField(max_length=400)
    url = serializers.URLField(max_length=1000)
    publisher = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    published_at = TimeField(required=False, allow_null=True)
    quote = StrictCharField(required=False, allow_blank=True, default="")
    summary = StrictCharField(required=False, allow_blank=True, default="")
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, default=Evidence.Stance.CONTEXT)
    option = StrictCharField(required=False, allow_null=True, help_text="The supported option's label.")


class ProposalCreateSerializer(serializers.Serializer):
    outcome = StrictCharField(max_length=300, help_text="yes / no, or an option's label.")
    evidence_url = StrictCharField(max_length=1000)
    note = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)


class ClarificationCreateSerializer(serializers.Serializer):
    text = StrictCharField(max_length=5000)
