"""API of the story monitor: a team's news sources with their health, the evidence proposals it makes (accept,
reject), and a team's articles with every address they were found under."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tracker.accounts.models import Team, User
from tracker.accounts.permissions import teams_of
from tracker.accounts.requests import account_of
from tracker.api.conventions.authentication import SignedIn
from tracker.curation.models import Source
from tracker.curation.selectors import source_list
from tracker.monitor.models import EvidenceProposal, NewsSource
from tracker.monitor.selectors import evidence_proposal_list, news_source_list
from tracker.monitor.services import evidence_proposal_accept, evidence_proposal_reject, news_source_add
from tracker.questions.models import Evidence


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


class EvidenceProposalSerializer(serializers.ModelSerializer[EvidenceProposal]):
    team: serializers.SlugRelatedField[Team] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    question_title = serializers.CharField(source="question.title", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    article_url = serializers.CharField(source="article.url", read_only=True)
    decided_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = EvidenceProposal
        fields = (
            "id",
            "team",
            "question",
            "question_title",
            "article",
            "article_title",
            "article_url",
            "quote",
            "stance",
            "confidence",
            "reason",
            "state",
            "evidence",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        )
        read_only_fields = fields


class EvidenceProposalAcceptSerializer(serializers.Serializer[None]):
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, required=False)
    quote = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class EvidenceProposalRejectSerializer(serializers.Serializer[None]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class EvidenceProposalList(ListAPIView[EvidenceProposal]):
    serializer_class = EvidenceProposalSerializer
    permission_classes = [SignedIn]

    @extend_schema(
        parameters=[
            OpenApiParameter("team", str, description="Only this team's proposals (its slug)."),
            OpenApiParameter("state", str, enum=EvidenceProposal.State.values, description="pending by default."),
        ]
    )
    def get(self, request: Request) -> Response:
        state = request.query_params.get("state", EvidenceProposal.State.PENDING)
        if state not in EvidenceProposal.State.values:
            raise ValidationError({"state": f"One of {', '.join(EvidenceProposal.State.values)}."})
        rows = evidence_proposal_list(user=request.user, team_slug=request.query_params.get("team", ""), state=state)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(EvidenceProposalSerializer(page, many=True).data)


def _proposal(request: Request, proposal_id: int) -> EvidenceProposal:
    proposal = evidence_proposal_list(user=request.user).filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound("No such evidence proposal.")
    return proposal


class EvidenceProposalAccept(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        request=EvidenceProposalAcceptSerializer,
        responses={200: EvidenceProposalSerializer},
        examples=[OpenApiExample("As proposed, but against", value={"stance": "supports_no"}, request_only=True)],
        description="The question's curators. The article becomes evidence (stance and quote as proposed unless given).",
    )
    def post(self, request: Request, proposal_id: int) -> Response:
        data = EvidenceProposalAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = evidence_proposal_accept(
            proposal=_proposal(request, proposal_id), actor=account_of(request), **data.validated_data
        )
        return Response(EvidenceProposalSerializer(proposal).data)


class EvidenceProposalReject(APIView):
    permission_classes = [SignedIn]

    @extend_schema(
        request=EvidenceProposalRejectSerializer,
        responses={200: EvidenceProposalSerializer},
        examples=[
            OpenApiExample("Off the point", value={"note": "About the 2017 test, not this one."}, request_only=True)
        ],
    )
    def post(self, request: Request, proposal_id: int) -> Response:
        data = EvidenceProposalRejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = evidence_proposal_reject(
            proposal=_proposal(request, proposal_id), actor=account_of(request), **data.validated_data
        )
        return Response(EvidenceProposalSerializer(proposal).data)


class ArticleSerializer(serializers.ModelSerializer[Source]):
    team: serializers.SlugRelatedField[Team] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    addresses = serializers.SerializerMethodField(help_text="Every address the article was found under.")

    class Meta:
        model = Source
        fields = ("id", "slug", "title", "publisher", "url", "published_at", "language", "team", "addresses")
        read_only_fields = fields

    def get_addresses(self, article: Source) -> list[str]:
        return [address.url for address in article.addresses.all()]


class ArticleList(ListAPIView[Source]):
    serializer_class = ArticleSerializer
    permission_classes = [SignedIn]

    @extend_schema(parameters=[OpenApiParameter("team", str, description="Only this team's articles (its slug).")])
    def get(self, request: Request) -> Response:
        rows = source_list(user=request.user).select_related("team").prefetch_related("addresses")
        if team := request.query_params.get("team", ""):
            rows = rows.filter(team__slug=team)
        page = self.paginate_queryset(rows.order_by("-created_at", "-id"))
        return self.get_paginated_response(ArticleSerializer(page, many=True).data)
