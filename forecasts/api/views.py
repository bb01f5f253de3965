"""REST API v1. Views are thin: selectors read (with the same visibility rules as the pages), services write,
and every refusal comes back in the API's one error shape (tracker.rest)."""

import csv
import io

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from forecasts import selectors as forecast_selectors
from forecasts import services as forecast_services
from forecasts.aggregation import DEFAULT_METHOD, METHODS
from forecasts.api import serializers as s
from forecasts.models import Forecast, Score
from tracker import notifications, resolution, services, tokens, webhooks
from tracker.models import ApiToken, Evidence, Membership, Question, ResolutionProposal, Team, Webhook
from tracker.rest import SignedIn, error_body, idempotent
from tracker.selectors import (
    access_question,
    evidence_counts,
    question_evidence,
    question_list,
    scenario_list,
    user_can_admin_team,
    user_can_curate,
)

ORDERINGS = {
    "resolve_by",
    "-resolve_by",
    "scheduled_close_at",
    "-scheduled_close_at",
    "opens_at",
    "-opens_at",
    "created_at",
    "-created_at",
    "title",
    "-title",
}


def _curated_team_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=[Membership.Role.CURATOR, Membership.Role.ADMIN]).values_list(
            "team_id", flat=True
        )
    )


def question_context(request, questions: list[Question], method: str = DEFAULT_METHOD) -> dict:
    """What question serializers need for a page of questions, in a constant number of queries."""
    ids = [question.pk for question in questions]
    forecast_on = forecast_selectors.questions_forecast_by(user=request.user, question_ids=ids)
    curated = _curated_team_ids(request.user)
    is_staff = request.user.is_authenticated and request.user.is_staff

    def crowd_visible(question: Question) -> bool:
        return forecast_selectors.crowd_visible(
            question=question,
            has_forecast=question.pk in forecast_on,
            can_curate=is_staff or question.team_id in curated,
        )

    return {
        "request": request,
        "community": forecast_selectors.community_latest(question_ids=ids, method=method),
        "crowd_visible": crowd_visible,
    }


@csrf_exempt
def api_not_found(request):
    """Anything under /api/ that no endpoint answers: the API's JSON 404, not an HTML page."""
    return JsonResponse(error_body("No such endpoint."), status=404)


def _id_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise ValidationError({name: "An id: a whole number."})
    return int(value)


def _question(request, question_id: int) -> Question:
    return access_question(request.user, question_id)


def _parse_time(value: str, name: str):
    try:
        return serializers.DateTimeField().to_internal_value(value)
    except ValidationError:
        raise ValidationError({name: "Give an ISO-8601 time, e.g. 2027-01-31T00:00:00Z."}) from None


# --- scenarios --------------------------------------------------------------------------------------------------


class ScenarioList(ListAPIView):
    serializer_class = s.ScenarioSerializer

    def get_queryset(self):
        return scenario_list(user=self.request.user).select_related("team").order_by("title")

    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ScenarioDetail(GenericAPIView):
    serializer_class = s.ScenarioSerializer

    def get(self, request, scenario_id: int):
        scenario = scenario_list(user=request.user).select_related("team").filter(pk=scenario_id).first()
        if scenario is None:
            raise NotFound("No such scenario.")
        return Response(self.get_serializer(scenario).data)


# --- questions --------------------------------------------------------------------------------------------------

QUESTION_FILTERS = [
    OpenApiParameter("status", str, enum=Question.Status.values),
    OpenApiParameter("scenario", str, description="Scenario slug."),
    OpenApiParameter("tag", str, description="Tag slug."),
    OpenApiParameter("team", str, description="Team slug."),
    OpenApiParameter("type", str, enum=Question.Type.values),
    OpenApiParameter("resolve_by_before", OpenApiTypes.DATETIME),
    OpenApiParameter("resolve_by_after", OpenApiTypes.DATETIME),
    OpenApiParameter("search", str, description="Words in the title or resolution criteria."),
    OpenApiParameter("ordering", str, enum=sorted(ORDERINGS), description="Default: -resolve_by."),
]


class QuestionList(ListAPIView):
    serializer_class = s.QuestionSerializer

    def get_queryset(self):
        params = self.request.query_params
        questions = question_list(user=self.request.user, with_evidence_count=False)
        if params.get("status"):
            if params["status"] not in Question.Status.values:
                raise ValidationError({"status": f"One of {', '.join(Question.Status.values)}."})
            questions = questions.filter(status=params["status"])
        if params.get("type"):
            if params["type"] not in Question.Type.values:
                raise ValidationError({"type": f"One of {', '.join(Question.Type.values)}."})
            questions = questions.filter(type=params["type"])
        for name, lookup in (("scenario", "scenario__slug"), ("tag", "tags__slug"), ("team", "team__slug")):
            if params.get(name):
                questions = questions.filter(**{lookup: params[name]})
        if params.get("resolve_by_before"):
            questions = questions.filter(resolve_by__lt=_parse_time(params["resolve_by_before"], "resolve_by_before"))
        if params.get("resolve_by_after"):
            questions = questions.filter(resolve_by__gte=_parse_time(params["resolve_by_after"], "resolve_by_after"))
        if params.get("search"):
            for word in params["search"].split()[:10]:
                questions = questions.filter(Q(title__icontains=word) | Q(resolution_criteria__icontains=word))
        ordering = params.get("ordering", "-resolve_by")
        if ordering not in ORDERINGS:
            raise ValidationError({"ordering": f"One of {', '.join(sorted(ORDERINGS))}."})
        # No DISTINCT needed: each filter matches a question at most once (a tag is on a question once). The
        # long texts are not part of a list row.
        return questions.defer("background", "resolution_criteria", "fine_print", "origin_quote").order_by(
            ordering, "id"
        )

    @extend_schema(parameters=QUESTION_FILTERS, responses=s.QuestionSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        counts = evidence_counts(question_ids=[question.pk for question in page])
        for question in page:
            question.evidence_count = counts.get(question.pk, 0)
        return self.get_paginated_response(
            s.QuestionSerializer(page, many=True, context=question_context(request, page)).data
        )

    @extend_schema(
        request=s.QuestionWriteSerializer,
        responses={201: s.QuestionDetailSerializer},
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
            )
        ],
    )
    def post(self, request):
        data = s.QuestionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        team_slug = fields.pop("team", None)
        team = None
        if team_slug:
            team = Team.objects.filter(slug=team_slug).first()
            if team is None:
                raise ValidationError({"team": "No such team."})
        question = services.question_create(created_by=request.user, team=team, **fields)
        return question_detail_response(request, question.pk, status_code=status.HTTP_201_CREATED)


def question_detail_response(request, question_id: int, status_code: int = 200) -> Response:
    question = access_question(request.user, question_id)
    question.evidence_count = Evidence.objects.filter(question=question).count()
    context = question_context(request, [question])
    if request.user.is_authenticated:
        context["my_forecast"] = forecast_selectors.latest_forecast(user=request.user, question=question)
        if context["my_forecast"] is not None and context["my_forecast"].kind != Forecast.Kind.FORECAST:
            context["my_forecast"] = None
    return Response(s.QuestionDetailSerializer(question, context=context).data, status=status_code)


class QuestionDetail(GenericAPIView):
    serializer_class = s.QuestionDetailSerializer

    def get(self, request, question_id: int):
        return question_detail_response(request, question_id)

    @extend_schema(
        request=s.QuestionUpdateSerializer,
        responses=s.QuestionDetailSerializer,
        examples=[OpenApiExample("Move the deadline", value={"resolve_by": "2027-08-01T00:00:00Z"}, request_only=True)],
    )
    def patch(self, request, question_id: int):
        question = _question(request, question_id)
        data = s.QuestionUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        services.question_update(question=question, actor=request.user, **fields)
        return question_detail_response(request, question_id)


class QuestionResolve(GenericAPIView):
    serializer_class = s.ResolveSerializer

    @extend_schema(
        request=s.ResolveSerializer,
        responses=s.QuestionDetailSerializer,
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
        ],
    )
    def post(self, request, question_id: int):
        question = _question(request, question_id)
        data = s.ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = data.validated_data["outcome"]
        services.question_resolve(
            question=question,
            outcome=outcome,
            resolved_by=request.user,
            notes=data.validated_data["notes"],
            effective_close_at=data.validated_data.get("effective_close_at"),
        )
        return question_detail_response(request, question_id)


class _ReasonedTransition(GenericAPIView):
    """A settlement step that needs a reason: annul, unresolve."""

    serializer_class = s.ReasonSerializer

    def apply(self, *, question: Question, user, reason: str) -> None:
        raise NotImplementedError

    def post(self, request, question_id: int):
        question = _question(request, question_id)
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.apply(question=question, user=request.user, reason=data.validated_data["reason"])
        return question_detail_response(request, question_id)


REASON_SCHEMA = {"request": s.ReasonSerializer, "responses": s.QuestionDetailSerializer}


@extend_schema_view(
    post=extend_schema(
        **REASON_SCHEMA,
        examples=[OpenApiExample("Why", value={"reason": "The summit never took place."}, request_only=True)],
    )
)
class QuestionAnnul(_ReasonedTransition):
    def apply(self, *, question: Question, user, reason: str) -> None:
        services.question_annul(question=question, annulled_by=user, reason=reason)


@extend_schema_view(
    post=extend_schema(
        **REASON_SCHEMA,
        examples=[OpenApiExample("Why", value={"reason": "Resolved from the wrong report."}, request_only=True)],
    )
)
class QuestionUnresolve(_ReasonedTransition):
    def apply(self, *, question: Question, user, reason: str) -> None:
        services.question_unresolve(question=question, actor=user, reason=reason)


# --- proposals and clarifications ------------------------------------------------------------------------------


class QuestionProposals(ListAPIView):
    serializer_class = s.ProposalSerializer

    def get(self, request, question_id: int):
        question = _question(request, question_id)
        page = self.paginate_queryset(question.proposals.select_related("proposed_by", "decided_by"))
        return self.get_paginated_response(s.ProposalSerializer(page, many=True).data)

    @extend_schema(
        request=s.ProposalCreateSerializer,
        responses={201: s.ProposalSerializer},
        examples=[
            OpenApiExample(
                "Yes, with the report",
                value={"outcome": "yes", "evidence_url": "https://en.yna.co.kr/view/AEN2027", "note": "Confirmed."},
                request_only=True,
            )
        ],
    )
    def post(self, request, question_id: int):
        question = _question(request, question_id)
        data = s.ProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = resolution.proposal_create(question=question, proposed_by=request.user, **data.validated_data)
        return Response(s.ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


def _proposal(request, proposal_id: int) -> ResolutionProposal:
    proposal = ResolutionProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFound("No such proposal.")
    access_question(request.user, proposal.question_id)  # 404 for what the user cannot see
    return proposal


class ProposalApprove(GenericAPIView):
    serializer_class = s.ApproveSerializer

    @extend_schema(
        request=s.ApproveSerializer,
        responses=s.ProposalSerializer,
        examples=[OpenApiExample("Approve", value={"notes": "Confirmed by two wires."}, request_only=True)],
    )
    def post(self, request, proposal_id: int):
        proposal = _proposal(request, proposal_id)
        data = s.ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = resolution.proposal_approve(proposal=proposal, curator=request.user, **data.validated_data)
        return Response(s.ProposalSerializer(proposal).data)


@extend_schema_view(
    post=extend_schema(
        request=s.ReasonSerializer,
        responses=s.ProposalSerializer,
        examples=[OpenApiExample("Why", value={"reason": "The report is about another package."}, request_only=True)],
    )
)
class ProposalReject(GenericAPIView):
    serializer_class = s.ReasonSerializer

    def post(self, request, proposal_id: int):
        proposal = _proposal(request, proposal_id)
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = resolution.proposal_reject(
            proposal=proposal, curator=request.user, reason=data.validated_data["reason"]
        )
        return Response(s.ProposalSerializer(proposal).data)


class QuestionClarifications(ListAPIView):
    serializer_class = s.ClarificationSerializer

    def get(self, request, question_id: int):
        question = _question(request, question_id)
        page = self.paginate_queryset(question.clarifications.select_related("created_by"))
        return self.get_paginated_response(s.ClarificationSerializer(page, many=True).data)

    @extend_schema(
        request=s.ClarificationCreateSerializer,
        responses={201: s.ClarificationSerializer},
        examples=[
            OpenApiExample("Clarify", value={"text": "Deliveries via a third country count."}, request_only=True)
        ],
    )
    def post(self, request, question_id: int):
        question = _question(request, question_id)
        data = s.ClarificationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clarification = resolution.clarification_add(
            question=question, curator=request.user, text=data.validated_data["text"]
        )
        return Response(s.ClarificationSerializer(clarification).data, status=status.HTTP_201_CREATED)


# --- evidence ---------------------------------------------------------------------------------------------------


class EvidenceList(ListAPIView):
    serializer_class = s.EvidenceSerializer

    def get(self, request, question_id: int):
        question = _question(request, question_id)
        page = self.paginate_queryset(question_evidence(question=question))
        return self.get_paginated_response(s.EvidenceSerializer(page, many=True).data)

    @extend_schema(
        request=s.EvidenceWriteSerializer,
        responses={201: s.EvidenceSerializer},
        examples=[
            OpenApiExample(
                "A report",
                value={
                    "title": "Seoul approves artillery shells",
                    "url": "https://en.yna.co.kr/view/AEN2027",
                    "publisher": "Yonhap",
                    "stance": "supports_yes",
                    "quote": "The government approved the transfer.",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request, question_id: int):
        question = _question(request, question_id)
        data = s.EvidenceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.evidence_add(question=question, added_by=request.user, **data.validated_data)
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


class EvidenceDetail(GenericAPIView):
    serializer_class = s.EvidenceSerializer

    def _evidence(self, request, evidence_id: int) -> Evidence:
        evidence = Evidence.objects.select_related("option", "added_by", "source").filter(pk=evidence_id).first()
        if evidence is None:
            raise NotFound("No such evidence.")
        evidence.question = access_question(request.user, evidence.question_id)  # 404 for what the user cannot see
        return evidence

    def get(self, request, evidence_id: int):
        return Response(s.EvidenceSerializer(self._evidence(request, evidence_id)).data)

    @extend_schema(
        request=s.EvidenceUpdateSerializer,
        responses=s.EvidenceSerializer,
        examples=[
            OpenApiExample(
                "Correct the summary", value={"summary": "The ministry confirmed the approval."}, request_only=True
            )
        ],
    )
    def patch(self, request, evidence_id: int):
        evidence = self._evidence(request, evidence_id)
        data = s.EvidenceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.evidence_update(evidence=evidence, actor=request.user, **data.validated_data)
        return Response(s.EvidenceSerializer(evidence).data)

    @extend_schema(responses={204: None})
    def delete(self, request, evidence_id: int):
        services.evidence_delete(evidence=self._evidence(request, evidence_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- forecasts --------------------------------------------------------------------------------------------------

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (≤ 100 characters): a retried request with the same key creates nothing new "
    "and gets the first response again.",
)


def _others_visible(request, question: Question) -> bool:
    """Everyone's forecast history: for the question's curators always, for readers once it has closed."""
    return question.status in forecast_selectors.CROWD_ALWAYS_SHOWN or user_can_curate(
        user=request.user, question=question
    )


class QuestionForecasts(ListAPIView):
    serializer_class = s.ForecastSerializer

    @extend_schema(
        parameters=[OpenApiParameter("user", str, description="Only this username's forecasts.")],
        description="The question's forecast history: everyone's once the question has closed (or to its "
        "curators), otherwise only your own.",
    )
    def get(self, request, question_id: int):
        question = _question(request, question_id)
        rows = (
            Forecast.objects.filter(question=question).select_related("user", "question").order_by("created_at", "id")
        )
        if not _others_visible(request, question):
            rows = rows.none() if not request.user.is_authenticated else rows.filter(user=request.user)
        if request.query_params.get("user"):
            rows = rows.filter(user__username=request.query_params["user"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.ForecastSerializer(page, many=True).data)

    @extend_schema(
        request=s.ForecastInputSerializer,
        responses={201: s.ForecastSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        examples=[OpenApiExample("Binary", value={"probability": 0.35, "rationale": "Base rate."}, request_only=True)],
    )
    def post(self, request, question_id: int):
        def submit():
            question = _question(request, question_id)
            data = s.ForecastInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            forecast = forecast_services.forecast_submit(user=request.user, question=question, **data.validated_data)
            return Response(s.ForecastSerializer(forecast).data, status=status.HTTP_201_CREATED)

        return idempotent(request, submit)


class QuestionWithdraw(GenericAPIView):
    serializer_class = s.ForecastSerializer

    @extend_schema(request=None, responses={201: s.ForecastSerializer})
    def post(self, request, question_id: int):
        question = _question(request, question_id)
        withdrawal = forecast_services.forecast_withdraw(user=request.user, question=question)
        return Response(s.ForecastSerializer(withdrawal).data, status=status.HTTP_201_CREATED)


class BulkForecasts(GenericAPIView):
    serializer_class = s.BulkForecastSerializer

    @extend_schema(
        request=s.BulkForecastSerializer,
        responses={201: s.ForecastSerializer(many=True)},
        parameters=[IDEMPOTENCY_PARAMETER],
        description="All or nothing: if any item is refused, none is recorded and every refusal is listed, "
        "with fields like `forecasts[2].probability`.",
        examples=[
            OpenApiExample(
                "Two questions",
                value={"forecasts": [{"question": 12, "probability": 0.2}, {"question": 14, "probability": 0.65}]},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        def submit():
            data = s.BulkForecastSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            items = data.validated_data["forecasts"]
            visible = {
                question.pk: question
                for question in question_list(user=request.user).filter(pk__in=[item["question"] for item in items])
            }
            errors: dict = {}
            created = []
            with transaction.atomic():
                for index, item in enumerate(items):
                    question = visible.get(item["question"])
                    if question is None:
                        errors[index] = {"question": ["No such question."]}
                        continue
                    try:
                        with transaction.atomic():
                            created.append(
                                forecast_services.forecast_submit(
                                    user=request.user,
                                    question=question,
                                    probability=item.get("probability"),
                                    probabilities=item.get("probabilities"),
                                    rationale=item.get("rationale", ""),
                                )
                            )
                    except DjangoValidationError as error:
                        errors[index] = error.message_dict if hasattr(error, "error_dict") else error.messages
                    except DjangoPermissionDenied as error:
                        errors[index] = [str(error)]
                if errors:
                    transaction.set_rollback(True)
                    return Response(error_body({"forecasts": errors}), status=status.HTTP_400_BAD_REQUEST)
            return Response(s.ForecastSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

        return idempotent(request, submit)


class MyForecasts(ListAPIView):
    serializer_class = s.ForecastSerializer
    permission_classes = [SignedIn]

    @extend_schema(parameters=[OpenApiParameter("question", int)])
    def get(self, request):
        rows = (
            Forecast.objects.filter(user=request.user).select_related("user", "question").order_by("-created_at", "-id")
        )
        question_id = _id_param(request, "question")
        if question_id is not None:
            rows = rows.filter(question_id=question_id)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.ForecastSerializer(page, many=True).data)


class CommunitySeries(GenericAPIView):
    serializer_class = s.CommunitySeriesSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("method", str, enum=list(METHODS), description=f"Default: {DEFAULT_METHOD}."),
            OpenApiParameter("points", int, description="At most this many points, evenly spread (1–2000, 200)."),
        ]
    )
    def get(self, request, question_id: int):
        question = _question(request, question_id)
        method = request.query_params.get("method", DEFAULT_METHOD)
        if method not in METHODS:
            raise ValidationError({"method": f"One of {', '.join(METHODS)}."})
        raw_points = request.query_params.get("points", "200")
        if not raw_points.isdigit() or not 1 <= int(raw_points) <= 2000:
            raise ValidationError({"points": "A whole number from 1 to 2000."})
        context = question_context(request, [question], method=method)
        if not context["crowd_visible"](question):
            raise PermissionDenied("The community forecast of this question is shown once you have forecast.")
        steps = forecast_selectors.community_series_points(question=question, method=method, points=int(raw_points))
        points = [
            {
                "method": method,
                "at": at,
                "probability": values[1] if values and question.is_binary else None,
                "probabilities": values,
                "forecaster_count": count,
            }
            for at, values, count in steps
        ]
        return Response(s.CommunitySeriesSerializer({"question": question.pk, "method": method, "points": points}).data)


# --- scores, leaderboards, calibration --------------------------------------------------------------------------


def _scope_filters(request) -> dict:
    """scenario / tag / team / season filters shared by scores, leaderboards and calibration."""
    params = request.query_params
    filters = {}
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
    serializer_class = s.ScoreSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("question", int),
            OpenApiParameter("user", str, description="Username; `crowd` for the community forecast."),
            OpenApiParameter("rule", str, enum=Score.Rule.values),
        ]
    )
    def get(self, request):
        params = request.query_params
        visible = question_list(user=request.user).filter(status=Question.Status.RESOLVED).values("pk")
        scores = (
            Score.objects.filter(question__in=visible).select_related("question", "user").order_by("question", "rule")
        )
        question_id = _id_param(request, "question")
        if question_id is not None:
            scores = scores.filter(question_id=question_id)
        if params.get("user"):
            scores = (
                scores.filter(is_crowd=True)
                if params["user"] == "crowd"
                else scores.filter(user__username=params["user"])
            )
        if params.get("rule"):
            if params["rule"] not in Score.Rule.values:
                raise ValidationError({"rule": f"One of {', '.join(Score.Rule.values)}."})
            scores = scores.filter(rule=params["rule"])
        page = self.paginate_queryset(scores)
        return self.get_paginated_response(s.ScoreSerializer(page, many=True).data)


class Leaderboard(GenericAPIView):
    serializer_class = s.LeaderboardSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", str, enum=["peer", "relative_brier"], description="Default: peer."),
            OpenApiParameter("season_start", OpenApiTypes.DATETIME),
            OpenApiParameter("season_end", OpenApiTypes.DATETIME),
            OpenApiParameter("limit", int, description="Top N rows (1–500, default 100)."),
            *SCOPE_PARAMETERS,
        ]
    )
    def get(self, request):
        params = request.query_params
        rule = params.get("rule", "peer")
        if rule not in ("peer", "relative_brier"):
            raise ValidationError({"rule": "peer or relative_brier."})
        limit = params.get("limit", "100")
        if not limit.isdigit() or not 1 <= int(limit) <= 500:
            raise ValidationError({"limit": "A whole number from 1 to 500."})
        filters = _scope_filters(request)
        if params.get("season_start"):
            filters["season_start"] = _parse_time(params["season_start"], "season_start")
        if params.get("season_end"):
            filters["season_end"] = _parse_time(params["season_end"], "season_end")
        visible = question_list(user=request.user).values("pk")
        questions = forecast_selectors.resolved_questions(**filters).filter(pk__in=visible)
        board = (
            forecast_selectors.peer_leaderboard(questions=questions, limit=int(limit))
            if rule == "peer"
            else forecast_selectors.relative_brier_leaderboard(questions=questions, limit=int(limit))
        )
        return Response(s.LeaderboardSerializer({"rule": rule, "questions": questions.count(), "rows": board}).data)


class Calibration(GenericAPIView):
    serializer_class = s.CalibrationSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("user", str, description="A username, or `me` (default when signed in)."),
            OpenApiParameter("for_team", str, description="A team's members together (team slug)."),
            OpenApiParameter("horizon_min_days", float),
            OpenApiParameter("horizon_max_days", float),
            OpenApiParameter("scenario", str),
            OpenApiParameter("tag", str),
        ]
    )
    def get(self, request):
        from django.contrib.auth import get_user_model

        params = request.query_params
        filters = _scope_filters(request)
        filters.pop("team", None)
        horizon = []
        for name in ("horizon_min_days", "horizon_max_days"):
            value = params.get(name)
            try:
                horizon.append(float(value) if value not in (None, "") else None)
            except ValueError:
                raise ValidationError({name: "A number of days."}) from None
        user = team = None
        if params.get("for_team"):
            team = Team.objects.filter(slug=params["for_team"]).first()
            if team is None:
                raise ValidationError({"for_team": "No such team."})
        elif params.get("user") and params["user"] != "me":
            user = get_user_model().objects.filter(username=params["user"]).first()
            if user is None:
                raise ValidationError({"user": "No such user."})
        elif request.user.is_authenticated:
            user = request.user
        else:
            raise ValidationError({"user": "Name a user or a team, or sign in for your own."})
        report = forecast_selectors.calibration_report(user=user, team=team, horizon_days=tuple(horizon), **filters)
        murphy = None
        if report.murphy is not None:
            murphy = {
                name: float(getattr(report.murphy, name))
                for name in ("brier", "reliability", "resolution", "uncertainty", "residual")
            }
        return Response(
            s.CalibrationSerializer(
                {
                    "predictions": report.predictions,
                    "questions": report.questions,
                    "sharpness": report.sharpness,
                    "murphy": murphy,
                    "bins": report.bins,
                }
            ).data
        )


# --- export -----------------------------------------------------------------------------------------------------


class Export(GenericAPIView):
    serializer_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv"], description="Default: json."),
            OpenApiParameter("scenario", str),
            OpenApiParameter("status", str, enum=Question.Status.values),
        ],
        responses={(200, "application/json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR},
        description="Questions you can see and their forecast history, in the interchange format of "
        "`manage.py export_forecasts` (JSON), or one CSV row per forecast. Questions that hide the crowd "
        "are included only once closed or when you have forecast on them (then only your own forecasts).",
    )
    def get(self, request):
        params = request.query_params
        fmt = params.get("format", "json")
        if fmt not in ("json", "csv"):
            raise ValidationError({"format": "json or csv."})
        questions = question_list(user=request.user)
        if params.get("scenario"):
            questions = questions.filter(scenario__slug=params["scenario"])
        if params.get("status"):
            questions = questions.filter(status=params["status"])
        hidden = questions.filter(hide_crowd_until_forecast=True).exclude(
            status__in=forecast_selectors.CROWD_ALWAYS_SHOWN
        )
        curated = _curated_team_ids(request.user)
        if not (request.user.is_authenticated and request.user.is_staff):
            questions = questions.exclude(pk__in=hidden.exclude(team_id__in=curated).values("pk"))
        document = forecast_selectors.interchange_export(questions=questions)
        if fmt == "json":
            return Response(document)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["question", "user", "at", "probability", "probabilities", "withdrawn_at"])
        for row in document["forecasts"]:
            probabilities = row.get("probabilities")
            writer.writerow(
                [
                    row["question"],
                    row["user"],
                    row["at"],
                    row.get("probability", ""),
                    "" if probabilities is None else ";".join(f"{k}={v}" for k, v in probabilities.items()),
                    row["withdrawn_at"] or "",
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="signpost-forecasts.csv"'
        return response


# --- notifications ----------------------------------------------------------------------------------------------


class NotificationList(ListAPIView):
    serializer_class = s.NotificationSerializer
    permission_classes = [SignedIn]

    @extend_schema(parameters=[OpenApiParameter("unread", bool)])
    def get(self, request):
        unread = request.query_params.get("unread") in ("1", "true")
        page = self.paginate_queryset(notifications.notification_list(user=request.user, unread_only=unread))
        response = self.get_paginated_response(s.NotificationSerializer(page, many=True).data)
        response.data["unread_count"] = notifications.notification_unread_count(user=request.user)
        return response


class NotificationsMarkRead(GenericAPIView):
    serializer_class = s.MarkReadSerializer
    permission_classes = [SignedIn]

    @extend_schema(
        request=s.MarkReadSerializer,
        examples=[OpenApiExample("Two of them", value={"ids": [41, 42]}, request_only=True)],
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    def post(self, request):
        data = s.MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marked = notifications.notification_mark_read(user=request.user, ids=data.validated_data.get("ids"))
        return Response({"marked": marked})


class NotificationPreferences(GenericAPIView):
    serializer_class = s.PreferenceSerializer
    permission_classes = [SignedIn]
    pagination_class = None

    def _current(self, request):
        return [
            {"kind": kind, "in_app": in_app, "email": email}
            for kind, (in_app, email) in notifications.notification_preferences(user=request.user).items()
        ]

    @extend_schema(responses=s.PreferenceSerializer(many=True))
    def get(self, request):
        return Response(s.PreferenceSerializer(self._current(request), many=True).data)

    @extend_schema(
        request=s.PreferenceSerializer(many=True),
        responses=s.PreferenceSerializer(many=True),
        examples=[
            OpenApiExample(
                "Closing soon by email now",
                value=[{"kind": "closing_soon", "in_app": True, "email": "immediate"}],
                request_only=True,
            )
        ],
    )
    def put(self, request):
        data = s.PreferenceSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        notifications.notification_preferences_set(
            user=request.user,
            preferences={row["kind"]: (row["in_app"], row["email"]) for row in data.validated_data},
        )
        return Response(s.PreferenceSerializer(self._current(request), many=True).data)


# --- webhooks ---------------------------------------------------------------------------------------------------


def _admin_teams(user):
    if user.is_staff:
        return Team.objects.all()
    return Team.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN)


def _webhook(request, webhook_id: int) -> Webhook:
    webhook = Webhook.objects.select_related("team").filter(pk=webhook_id, team__in=_admin_teams(request.user)).first()
    if webhook is None:
        raise NotFound("No such webhook.")
    return webhook


class WebhookList(ListAPIView):
    serializer_class = s.WebhookSerializer
    permission_classes = [SignedIn]

    def get(self, request):
        rows = Webhook.objects.filter(team__in=_admin_teams(request.user)).select_related("team").order_by("id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.WebhookSerializer(page, many=True).data)

    @extend_schema(
        request=s.WebhookCreateSerializer,
        examples=[
            OpenApiExample(
                "Resolutions to chat",
                value={
                    "team": "korea-desk",
                    "url": "https://chat.example.org/hooks/signpost",
                    "events": ["question.resolved"],
                },
                request_only=True,
            )
        ],
        responses={
            201: inline_serializer(
                "WebhookCreated", {"webhook": s.WebhookSerializer(), "secret": serializers.CharField()}
            )
        },
        description="Team admins only. The response carries the signing secret.",
    )
    def post(self, request):
        data = s.WebhookCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team = Team.objects.filter(slug=data.validated_data["team"]).first()
        if team is None or not user_can_admin_team(user=request.user, team=team):
            raise ValidationError({"team": "No team by that slug that you administer."})
        webhook = webhooks.webhook_create(
            team=team,
            url=data.validated_data["url"],
            events=data.validated_data["events"],
            description=data.validated_data["description"],
            created_by=request.user,
        )
        return Response(
            {"webhook": s.WebhookSerializer(webhook).data, "secret": webhook.secret}, status=status.HTTP_201_CREATED
        )


class WebhookDetail(GenericAPIView):
    serializer_class = s.WebhookSerializer
    permission_classes = [SignedIn]

    def get(self, request, webhook_id: int):
        return Response(s.WebhookSerializer(_webhook(request, webhook_id)).data)

    @extend_schema(
        request=s.WebhookUpdateSerializer,
        responses=s.WebhookSerializer,
        examples=[
            OpenApiExample(
                "Only resolutions", value={"events": ["question.resolved", "score.computed"]}, request_only=True
            )
        ],
    )
    def patch(self, request, webhook_id: int):
        webhook = _webhook(request, webhook_id)
        data = s.WebhookUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        webhooks.webhook_update(webhook=webhook, actor=request.user, **data.validated_data)
        return Response(s.WebhookSerializer(webhook).data)

    @extend_schema(responses={204: None})
    def delete(self, request, webhook_id: int):
        _webhook(request, webhook_id).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookRotateSecret(GenericAPIView):
    serializer_class = s.WebhookSecretSerializer
    permission_classes = [SignedIn]

    @extend_schema(request=None, responses=s.WebhookSecretSerializer)
    def post(self, request, webhook_id: int):
        webhook = webhooks.webhook_rotate_secret(webhook=_webhook(request, webhook_id))
        return Response(
            s.WebhookSecretSerializer(
                {"secret": webhook.secret, "previous_secret_expires_at": webhook.previous_secret_expires_at}
            ).data
        )


class WebhookTest(GenericAPIView):
    serializer_class = s.WebhookDeliverySerializer
    permission_classes = [SignedIn]

    @extend_schema(request=None, responses={202: s.WebhookDeliverySerializer})
    def post(self, request, webhook_id: int):
        delivery = webhooks.webhook_send_test(webhook=_webhook(request, webhook_id), requested_by=request.user)
        return Response(s.WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveries(ListAPIView):
    serializer_class = s.WebhookDeliverySerializer
    permission_classes = [SignedIn]

    def get(self, request, webhook_id: int):
        webhook = _webhook(request, webhook_id)
        rows = webhook.deliveries.prefetch_related("attempt_log").order_by("-created_at", "-id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.WebhookDeliverySerializer(page, many=True).data)


# --- API tokens -------------------------------------------------------------------------------------------------


class TokenList(ListAPIView):
    serializer_class = s.ApiTokenSerializer
    permission_classes = [SignedIn]

    def get(self, request):
        page = self.paginate_queryset(ApiToken.objects.filter(user=request.user))
        return self.get_paginated_response(s.ApiTokenSerializer(page, many=True).data)

    @extend_schema(
        request=s.ApiTokenCreateSerializer,
        examples=[
            OpenApiExample(
                "A read-only dashboard token", value={"name": "dashboard", "scope": "read"}, request_only=True
            )
        ],
        responses={201: s.ApiTokenCreatedSerializer},
        description="The response is the only time the token is shown: only its hash is stored.",
    )
    def post(self, request):
        data = s.ApiTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, raw = tokens.api_token_create(user=request.user, **data.validated_data)
        token.token = raw
        return Response(s.ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenDetail(GenericAPIView):
    serializer_class = s.ApiTokenSerializer
    permission_classes = [SignedIn]

    @extend_schema(responses={204: None}, description="Revoke the token; it stops working at once.")
    def delete(self, request, token_id: int):
        token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
        tokens.api_token_revoke(token=token, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)
