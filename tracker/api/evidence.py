"""API: one evidence link, read, corrected or removed."""

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.requests import account_of
from tracker.api import serializers as s
from tracker.questions.models import Evidence
from tracker.questions.selectors import access_question
from tracker.questions.services.evidence import evidence_delete, evidence_update


class EvidenceDetail(GenericAPIView):
    serializer_class = s.EvidenceSerializer

    def _evidence(self, request: Request, evidence_id: int) -> Evidence:
        evidence = Evidence.objects.select_related("option", "added_by", "source").filter(pk=evidence_id).first()
        if evidence is None:
            raise NotFound("No such evidence.")
        evidence.question = access_question(request.user, evidence.question_id)  # 404 for what the user cannot see
        return evidence

    def get(self, request: Request, evidence_id: int):
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
    def patch(self, request: Request, evidence_id: int):
        evidence = self._evidence(request, evidence_id)
        data = s.EvidenceUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        evidence_update(evidence=evidence, actor=account_of(request), **data.validated_data)
        return Response(s.EvidenceSerializer(evidence).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, evidence_id: int):
        evidence_delete(evidence=self._evidence(request, evidence_id), actor=account_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
