"""API: curators approve or reject a proposed resolution."""

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.requests import account_of
from tracker.api import serializers as s
from tracker.questions.selectors import access_question
from tracker.resolution.models import ResolutionProposal
from tracker.resolution.services.proposals import proposal_approve, proposal_reject


def _proposal(request: Request, proposal_id: int) -> ResolutionProposal:
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
    def post(self, request: Request, proposal_id: int):
        proposal = _proposal(request, proposal_id)
        data = s.ApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_approve(proposal=proposal, curator=account_of(request), **data.validated_data)
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

    def post(self, request: Request, proposal_id: int):
        proposal = _proposal(request, proposal_id)
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_reject(proposal=proposal, curator=account_of(request), reason=data.validated_data["reason"])
        return Response(s.ProposalSerializer(proposal).data)
