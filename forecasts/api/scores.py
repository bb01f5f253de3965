"""API: scores, leaderboards and calibration."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from forecasts.api.serializers.scores import CalibrationSerializer, LeaderboardSerializer, ScoreSerializer
from forecasts.models import Score
from forecasts.selectors.boards import peer_leaderboard, relative_brier_leaderboard, resolved_questions
from forecasts.selectors.calibration import calibration_report
from tracker.accounts.permissions import has_global_rights, teams_of
from tracker.api.conventions.fields import id_param, time_param
from tracker.models import Question, Team
from tracker.questions.selectors import question_list
from tracker.scenarios.selectors import scenario_list


def _scope_filters(request: Request) -> dict:
    """scenario / tag / team / season filters shared by scores, leaderboards and calibration."""
    params = request.query_params
    filters: dict[str, object] = {}
    if params.get("scenario"):
        scenario = scenario_list(user=request.user).filter(slug=params["scenario"]).first()
        if scenario is None:
            raise ValidationError({"scenario": "No such scenario."})
        filters["scenario"] = scenario
    if params.get("tag"):
        filters["tag"] = params["tag"]
    if params.get("team"):
        team = Team.objects.filter(slug=params["team"]).first()
        if team is None:
            raise ValidationError({"team": "No such team."})
        filters["team"] = team
    return filters


SCOPE_PARAMETERS = [
    OpenApiParameter("scenario", str, description="Scenario slug."),
    OpenApiParameter("tag", str, description="Tag slug."),
    OpenApiParameter("team", str, description="Team slug (questions the team owns)."),
]


class ScoreList(ListAPIView):
    serializer_class = ScoreSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("question", int),
            OpenApiParameter("user", str, description="Username; `crowd` for the community forecast."),
            OpenApiParameter("rule", str, enum=Score.Rule.values),
        ]
    )
    def get(self, request: Request):
        params = request.query_params
        visible = question_list(user=request.user).filter(status=Question.Status.RESOLVED).values("pk")
        scores = (
            Score.objects.filter(question__in=visible).select_related("question", "user").order_by("question", "rule")
        )
        question_id = id_param(request, "question")
        if question_id is not None:
            scores = scores.filter(question_id=question_id)
        if params.get("user"):
            scores = (
                scores.filter(is_crowd=True)
                if params["user"] == "crowd"
                else scores.filter(user__username=params["user"])
            )
        if "rule" in params:
            if params["rule"] not in Score.Rule.values:
                raise ValidationError({"rule": f"One of {', '.join(Score.Rule.values)}."})
            scores = scores.filter(rule=params["rule"])
        page = self.paginate_queryset(scores)
        return self.get_paginated_response(ScoreSerializer(page, many=True).data)


class Leaderboard(GenericAPIView):
    serializer_class = LeaderboardSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", str, enum=["peer", "relative_brier"], description="Default: peer."),
            OpenApiParameter("season_start", OpenApiTypes.DATETIME),
            OpenApiParameter("season_end", OpenApiTypes.DATETIME),
            OpenApiParameter(
                "limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}, description="Top N rows."
            ),
            *SCOPE_PARAMETERS,
        ]
    )
    def get(self, request: Request):
        params = request.query_params
        rule = params.get("rule", "peer")
        if rule not in ("peer", "relative_brier"):
            raise ValidationError({"rule": "peer or relative_brier."})
        limit = params.get("limit", "100")
        if not limit.isdigit() or not 1 <= int(limit) <= 500:
            raise ValidationError({"limit": "A whole number from 1 to 500."})
        filters = _scope_filters(request)
        for name in ("season_start", "season_end"):
            if name in params:  # present means a time: an empty value is a mistake, not "any"
                filters[name] = time_param(params[name], name)
        visible = question_list(user=request.user).values("pk")
        questions = resolved_questions(**filters).filter(pk__in=visible)
        board = (
            peer_leaderboard(questions=questions, limit=int(limit))
            if rule == "peer"
            else relative_brier_leaderboard(questions=questions, limit=int(limit))
        )
        return Response(LeaderboardSerializer({"rule": rule, "questions": questions.count(), "rows": board}).data)


MAX_HORIZON_DAYS = 36500


class Calibration(GenericAPIView):
    serializer_class = CalibrationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("user", str, description="A username, or `me` (default when signed in)."),
            OpenApiParameter("for_team", str, description="A team you belong to: its members together (team slug)."),
            OpenApiParameter(
                "horizon_min_days",
                {"type": "number", "minimum": 0, "maximum": 36500},
                description="Days before the close.",
            ),
            OpenApiParameter(
                "horizon_max_days",
                {"type": "number", "minimum": 0, "maximum": 36500},
                description="Days before the close.",
            ),
            OpenApiParameter("scenario", str),
            OpenApiParameter("tag", str),
        ]
    )
    def get(self, request: Request):
        from django.contrib.auth import get_user_model

        params = request.query_params
        filters = _scope_filters(request)
        filters.pop("team", None)
        horizon = []
        for name in ("horizon_min_days", "horizon_max_days"):
            value = params.get(name)
            try:
                days = float(value) if value else None
            except ValueError:
                days = -1.0
            if days is not None and not 0 <= days <= MAX_HORIZON_DAYS:
                raise ValidationError({name: f"A number of days from 0 to {MAX_HORIZON_DAYS}."})
            horizon.append(days)
        user = team = None
        if params.get("for_team"):
            # Only a team the reader belongs to: its members' calibration includes team-only questions.
            team = teams_of(request.user).filter(slug=params["for_team"]).first()
            if team is None and has_global_rights(request.user):
                team = Team.objects.filter(slug=params["for_team"]).first()
            if team is None:
                raise ValidationError({"for_team": "No team by that slug that you belong to."})
        elif params.get("user") and params["user"] != "me":
            user = get_user_model().objects.filter(username=params["user"]).first()
            if user is None:
                raise ValidationError({"user": "No such user."})
        elif request.user.is_authenticated:
            user = request.user
        else:
            raise ValidationError({"user": "Name a user or a team, or sign in for your own."})
        report = calibration_report(viewer=request.user, user=user, team=team, horizon_days=tuple(horizon), **filters)
        murphy = None
        if report.murphy is not None:
            murphy = {
                name: float(getattr(report.murphy, name))
                for name in ("brier", "reliability", "resolution", "uncertainty", "residual")
            }
        return Response(
            CalibrationSerializer(
                {
                    "predictions": report.predictions,
                    "questions": report.questions,
                    "sharpness": report.sharpness,
                    "murphy": murphy,
                    "bins": report.bins,
                }
            ).data
        )
