"""API: questions (list, detail, create, edit) and their settlement (resolve, annul, unresolve)."""

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from forecasts.api.serializers.questions import (
    QuestionDetailSerializer,
    QuestionSerializer,
    QuestionUpdateSerializer,
    QuestionWriteSerializer,
    ResolveSerializer,
)
from forecasts.engine.aggregation import DEFAULT_METHOD
from forecasts.models import Forecast
from forecasts.selectors.community import community_latest, crowd_visibility
from forecasts.selectors.history import latest_forecast
from tracker.accounts.requests import account_of
from tracker.api import serializers as ts
from tracker.api.conventions.fields import StrictFilterBackend
from tracker.models import Evidence, Question, Team
from tracker.questions.filters import QuestionFilter
from tracker.questions.selectors import access_question, listed_question_values, listed_questions, question_list
from tracker.questions.services.lifecycle import question_annul, question_resolve, question_unresolve
from tracker.questions.services.questions import question_create, question_edit


def question_context(request: Request, questions: list, method: str = DEFAULT_METHOD) -> dict:
    """What question serializers need for a page of questions, in a constant number of queries."""
    return {
        "request": request,
        "community": community_latest(question_ids=[question.pk for question in questions], method=method),
        "crowd_visible": crowd_visibility(user=request.user, questions=questions),
    }


class QuestionList(ListAPIView):
    serializer_class = QuestionSerializer
    filter_backends = [StrictFilterBackend]
    filterset_class = QuestionFilter

    def get_queryset(self):
        # No DISTINCT needed: each filter matches a question at most once (a tag is on a question once).
        return question_list(user=self.request.user).order_by("-resolve_by")

    @extend_schema(responses=QuestionSerializer(many=True))
    def get(self, request: Request):
        page = listed_questions(
            self.paginate_queryset(listed_question_values(self.filter_queryset(self.get_queryset())))
        )
        return self.get_paginated_response(
            QuestionSerializer(page, many=True, context=question_context(request, page)).data
        )

    @extend_schema(
        request=QuestionWriteSerializer,
        responses={201: QuestionDetailSerializer},
        examples=[
            OpenApiExample(
                "A binary question",
                value={
                    "title": "Will the EU adopt a new sanctions package naming North Korean entities by 2027-06-30?",
                    "resolution_criteria": "YES if the Official Journal publishes it by then; NO otherwise.",
                    "opens_at": "2027-01-01T00:00:00Z",
                    "scheduled_close_at": "2027-06-30T00:00:00Z",
                    "resolve_by": "2027-07-15T00:00:00Z",
                    "team": "analysts",
                    "tags": ["sanctions"],
                },
                request_only=True,
            ),
            OpenApiExample(
                "A numeric question",
                value={
                    "title": "How many North Korean troops will South Korea's intelligence service say are in Russia "
                    "on 2027-06-30?",
                    "resolution_criteria": "The NIS's latest published estimate on that date.",
                    "type": "numeric",
                    "range_min": 0,
                    "range_max": 50000,
                    "open_upper_bound": True,
                    "unit": "troops",
                    "opens_at": "2027-01-01T00:00:00Z",
                    "scheduled_close_at": "2027-06-30T00:00:00Z",
                    "resolve_by": "2027-07-15T00:00:00Z",
                    "team": "analysts",
                },
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request):
        data = QuestionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        team_slug = fields.pop("team", None)
        team = None
        if team_slug:
            team = Team.objects.filter(slug=team_slug).first()
            if team is None:
                raise ValidationError({"team": "No such team."})
        question = question_create(created_by=request.user, team=team, **fields)
        return question_detail_response(request, question.pk, status_code=status.HTTP_201_CREATED)


def question_detail_response(request: Request, question_id: int, status_code: int = 200) -> Response:
    question = access_question(request.user, question_id)
    question.evidence_count = Evidence.objects.filter(question=question).count()
    context = question_context(request, [question])
    if request.user.is_authenticated:
        context["my_forecast"] = latest_forecast(user=request.user, question=question)
        if context["my_forecast"] is not None and context["my_forecast"].kind != Forecast.Kind.FORECAST:
            context["my_forecast"] = None
    return Response(QuestionDetailSerializer(question, context=context).data, status=status_code)


class QuestionDetail(GenericAPIView):
    serializer_class = QuestionDetailSerializer

    def get(self, request: Request, question_id: int):
        return question_detail_response(request, question_id)

    @extend_schema(
        request=QuestionUpdateSerializer,
        responses=QuestionDetailSerializer,
        examples=[
            OpenApiExample(
                "Move the deadline",
                value={"resolve_by": "2027-08-01T00:00:00Z", "clarification": "Resolution now waits for August data."},
                request_only=True,
            )
        ],
    )
    def patch(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        data = QuestionUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        clarification = fields.pop("clarification", "")
        question_edit(question=question, actor=account_of(request), clarification=clarification, **fields)
        return question_detail_response(request, question_id)


class QuestionResolve(GenericAPIView):
    serializer_class = ResolveSerializer

    @extend_schema(
        request=ResolveSerializer,
        responses=QuestionDetailSerializer,
        examples=[
            OpenApiExample(
                "Yes, known before the close",
                value={
                    "outcome": "yes",
                    "notes": "Reported by Yonhap on 2027-02-03.",
                    "effective_close_at": "2027-02-03T00:00:00Z",
                },
                request_only=True,
            ),
            OpenApiExample("An option", value={"outcome": "Artillery shells"}, request_only=True),
            OpenApiExample("A number", value={"outcome": 12000}, request_only=True),
            OpenApiExample("A date", value={"outcome": "2027-03-14"}, request_only=True),
        ],
    )
    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = data.validated_data["outcome"]
        question_resolve(
            question=question,
            outcome=outcome,
            resolved_by=request.user,
            notes=data.validated_data["notes"],
            effective_close_at=data.validated_data.get("effective_close_at"),
        )
        return question_detail_response(request, question_id)


class _ReasonedTransition(GenericAPIView):
    """A settlement step that needs a reason: annul, unresolve."""

    serializer_class = ts.ReasonSerializer

    def apply(self, *, question: Question, user, reason: str) -> None:
        raise NotImplementedError

    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        data = ts.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.apply(question=question, user=request.user, reason=data.validated_data["reason"])
        return question_detail_response(request, question_id)


REASON_SCHEMA = {"request": ts.ReasonSerializer, "responses": QuestionDetailSerializer}


@extend_schema_view(
    post=extend_schema(
        **REASON_SCHEMA,
        examples=[OpenApiExample("Why", value={"reason": "The summit never took place."}, request_only=True)],
    )
)
class QuestionAnnul(_ReasonedTransition):
    def apply(self, *, question: Question, user, reason: str) -> None:
        question_annul(question=question, annulled_by=user, reason=reason)


@extend_schema_view(
    post=extend_schema(
        **REASON_SCHEMA,
        examples=[OpenApiExample("Why", value={"reason": "Resolved from the wrong report."}, request_only=True)],
    )
)
class QuestionUnresolve(_ReasonedTransition):
    def apply(self, *, question: Question, user, reason: str) -> None:
        question_unresolve(question=question, actor=user, reason=reason)
