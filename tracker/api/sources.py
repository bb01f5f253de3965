"""API: a team's news sources (feeds and pages the story monitor polls), with their health."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.models import Team
from tracker.accounts.permissions import teams_of
from tracker.accounts.requests import account_of
from tracker.api.conventions.authentication import SignedIn
from tracker.monitor.models import NewsSource
from tracker.monitor.selectors import news_source_list
from tracker.monitor.services import news_source_add


class NewsSourceSerializer(serializers.ModelSerializer[NewsSource]):
    team: serializers.SlugRelatedField[Team] = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = NewsSource
        fields = (
            "id",
            "team",
            "url",
            "kind",
            "title",
            "poll_minutes",
            "state",
            "next_poll_at",
            "last_polled_at",
            "last_outcome",
            "consecutive_failures",
            "article_count",
            "created_at",
        )
        read_only_fields = fields


class NewsSourceCreateSerializer(serializers.Serializer[None]):
    team = serializers.SlugField(help_text="The slug of a team whose questions you curate.")
    url = serializers.CharField(max_length=1000)
    kind = serializers.ChoiceField(choices=NewsSource.Kind.choices, default=NewsSource.Kind.FEED)
    poll_minutes = serializers.IntegerField(required=False, min_value=5, max_value=1440)


class NewsSourceList(ListAPIView[NewsSource]):
    serializer_class = NewsSourceSerializer
    permission_classes = [SignedIn]

    @extend_schema(parameters=[OpenApiParameter("team", str, description="Only this team's sources (its slug).")])
    def get(self, request: Request) -> Response:
        rows = news_source_list(user=request.user, team_slug=request.query_params.get("team", ""))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(NewsSourceSerializer(page, many=True).data)

    @extend_schema(
        request=NewsSourceCreateSerializer,
        responses={201: NewsSourceSerializer},
        examples=[
            OpenApiExample(
                "A news feed",
                value={"team": "korea-desk", "url": "https://news.example.org/world/rss.xml", "kind": "feed"},
                request_only=True,
            )
        ],
        description="The team's curators and admins. The first poll is queued at once.",
    )
    def post(self, request: Request) -> Response:
        data = NewsSourceCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = account_of(request)
        team = teams_of(user).filter(slug=data.validated_data["team"]).first()
        if team is None and user.is_superuser:
            team = Team.objects.filter(slug=data.validated_data["team"]).first()
        if team is None:
            raise ValidationError({"team": "No team by that slug that you belong to."})
        source = news_source_add(
            team=team,
            url=data.validated_data["url"],
            kind=data.validated_data["kind"],
            poll_minutes=data.validated_data.get("poll_minutes"),
            added_by=user,
        )
        return Response(NewsSourceSerializer(source).data, status=status.HTTP_201_CREATED)
