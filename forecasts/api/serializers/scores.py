"""Scores, leaderboards and calibration as the API returns them."""

from rest_framework import serializers

from forecasts.models import Score
from tracker.api.conventions.fields import (
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)

# --- scenarios and questions ------------------------------------------------------------------------------------


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
