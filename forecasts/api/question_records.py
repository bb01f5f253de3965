"""API: what is recorded on a question besides forecasts: its evidence, resolution proposals and clarifications."""

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
)
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from forecasts.api.serializers.questions import (
    ClarificationCreateSerializer,
    EvidenceWriteSerializer,
    ProposalCreateSerializer,
)
from tracker.accounts.requests import account_of
from tracker.api import serializers as ts
from tracker.questions.selectors import access_question, question_evidence
from tracker.questions.services.clarifications import clarification_add
from tracker.questions.services.evidence import evidence_add
from tracker.resolution.services.proposals import proposal_create


class QuestionProposals(ListAPIView):
    serializer_class = ts.ProposalSerializer

    def get(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        page = self.paginate_queryset(question.proposals.select_related("proposed_by", "decided_by"))
        return self.get_paginated_response(ts.ProposalSerializer(page, many=True).data)

    @extend_schema(
        request=ProposalCreateSerializer,
        responses={201: ts.ProposalSerializer},
        examples=[
            OpenApiExample(
                "Yes, with the report",
                value={"outcome": "yes", "evidence_url": "https://en.yna.co.kr/view/AEN2027", "note": "Confirmed."},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        data = ProposalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_create(question=question, proposed_by=account_of(request), **data.validated_data)
        return Response(ts.ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class QuestionClarifications(ListAPIView):
    serializer_class = ts.ClarificationSerializer

    def get(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        page = self.paginate_queryset(question.clarifications.select_related("created_by"))
        return self.get_paginated_response(ts.ClarificationSerializer(page, many=True).data)

    @extend_schema(
        request=ClarificationCreateSerializer,
        responses={201: ts.ClarificationSerializer},
        examples=[
            OpenApiExample("Clarify", value={"text": "Deliveries via a third country count."}, request_only=True)
        ],
    )
    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        data = ClarificationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clarification = clarification_add(
            question=question, curator=account_of(request), text=data.validated_data["text"]
        )
        return Response(ts.ClarificationSerializer(clarification).data, status=status.HTTP_201_CREATED)


class EvidenceList(ListAPIView):
    serializer_class = ts.EvidenceSerializer

    def get(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        page = self.paginate_queryset(question_evidence(question=question))
        return self.get_paginated_response(ts.EvidenceSerializer(page, many=True).data)

    @extend_schema(
        request=EvidenceWriteSerializer,
        responses={201: ts.EvidenceSerializer},
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
    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        data = EvidenceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = evidence_add(question=question, added_by=request.user, **data.validated_data)
        return Response(ts.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)
