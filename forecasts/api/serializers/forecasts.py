"""Forecasts: one submitted, a bulk of them (all or none), and the community forecast's series."""

from rest_framework import serializers

# --- scenarios and questions ------------------------------------------------------------------------------------
from forecasts.api.serializers.questions import CommunityForecastSerializer
from forecasts.engine.aggregation import METHODS
from forecasts.models import Forecast
from tracker.api.conventions.fields import (
    MAX_ID,
    StrictCharField,
    StrictIntegerField,
)


class ForecastSerializer(serializers.ModelSerializer):
    question = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    user = serializers.SlugRelatedField(read_only=True, slug_field="username")

    cdf = serializers.ListField(
        child=serializers.FloatField(),
        read_only=True,
        required=False,
        help_text="Numeric and date questions: the forecast's CDF at 201 evenly spaced points of the range.",
    )

    class Meta:
        model = Forecast
        fields = ["id", "question", "user", "kind", "probability", "probabilities", "cdf", "rationale", "created_at"]

    def to_representation(self, forecast) -> dict:
        data = super().to_representation(forecast)
        if forecast.question.is_continuous:
            data["cdf"], data["probabilities"] = data["probabilities"], None
        else:
            data.pop("cdf", None)
        return data


class ForecastInputSerializer(serializers.Serializer):
    """Values are checked by the forecasting service (forecasts.validation), whose messages name the field."""

    probability = serializers.JSONField(required=False, allow_null=True, help_text="Binary: P(yes) in [0.001, 0.999].")
    probabilities = serializers.JSONField(
        required=False, allow_null=True, help_text="Multiple choice: one probability per option, summing to 1."
    )
    cdf = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Numeric and date: 201 non-decreasing values in [0, 1] at evenly spaced points of the range (an "
        "open bound leaves at least 0.001 beyond it; every step rises 0.00005 to 0.59).",
    )
    quantiles = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Numeric and date, instead of a cdf: [probability, value] pairs such as "
        "[[0.1, 7500], [0.5, 12000], [0.9, 19000]] (a date question's values as ISO 8601 dates).",
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
