"""API: teams, their members and the ways in (invitations, join requests). Team names are public; members are seen
by members; invitations and join requests are managed by the team's admins. A non-member asking about a team's
insides gets a 404, a member without the right a 403."""

from django.db.models import Count
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.models import Membership, Team
from tracker.accounts.permissions import has_global_rights, is_signed_in, team_role, user_can_admin_team
from tracker.accounts.requests import account_of
from tracker.api import serializers as s
from tracker.api.conventions.authentication import ReadOrSignedInWrite, SignedIn
from tracker.teams.models import Invitation, JoinRequest
from tracker.teams.services import membership as services


def _team(slug: str) -> Team:
    team = Team.objects.annotate(member_count=Count("memberships")).filter(slug=slug).first()
    if team is None:
        raise NotFound("No such team.")
    return team


def _member_team(request: Request, slug: str) -> Team:
    """The team, for one of its members (or a superuser); a 404 for anyone else."""
    team = _team(slug)
    if not has_global_rights(request.user) and team_role(user=request.user, team=team) is None:
        raise NotFound("No such team.")
    return team


def _admin_team(request: Request, slug: str) -> Team:
    team = _member_team(request, slug)
    if not user_can_admin_team(user=request.user, team=team):
        raise PermissionDenied("Only the team's admins can do this.")
    return team


def _team_data(team: Team, user) -> dict:
    team.my_role = team_role(user=user, team=team)
    return s.TeamSerializer(team).data


class TeamList(ListAPIView):
    serializer_class = s.TeamSerializer
    permission_classes = [ReadOrSignedInWrite]

    def get(self, request: Request):
        teams = Team.objects.annotate(member_count=Count("memberships")).order_by("name")
        page = self.paginate_queryset(teams)
        user = request.user  # the list is public; a signed-in reader also sees their roles
        roles = dict(Membership.objects.filter(user=user).values_list("team_id", "role")) if is_signed_in(user) else {}
        for team in page:
            team.my_role = roles.get(team.pk)
        return self.get_paginated_response(s.TeamSerializer(page, many=True).data)


class TeamDetail(GenericAPIView):
    serializer_class = s.TeamSerializer
    permission_classes = [ReadOrSignedInWrite]

    def get(self, request: Request, team_slug: str):
        return Response(_team_data(_team(team_slug), request.user))


class MemberList(ListAPIView):
    serializer_class = s.MemberSerializer
    permission_classes = [SignedIn]

    def get(self, request: Request, team_slug: str):
        team = _member_team(request, team_slug)
        members = Membership.objects.filter(team=team).select_related("user").order_by("user__username")
        page = self.paginate_queryset(members)
        return self.get_paginated_response(s.MemberSerializer(page, many=True).data)


class MemberDetail(GenericAPIView):
    serializer_class = s.MemberSerializer
    permission_classes = [SignedIn]

    def _membership(self, request: Request, team_slug: str, user_id: int) -> Membership:
        team = _member_team(request, team_slug)
        membership = Membership.objects.select_related("user", "team").filter(team=team, user_id=user_id).first()
        if membership is None:
            raise NotFound("No such member.")
        return membership

    @extend_schema(
        request=s.MemberRoleSerializer,
        responses=s.MemberSerializer,
        description="Team admins only. The last admin cannot be demoted (a 400 says so).",
        examples=[OpenApiExample("Make a curator", value={"role": "curator"}, request_only=True)],
    )
    def patch(self, request: Request, team_slug: str, user_id: int):
        membership = self._membership(request, team_slug, user_id)
        data = s.MemberRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.member_role_set(
            team=membership.team, user=membership.user, role=data.validated_data["role"], actor=account_of(request)
        )
        return Response(s.MemberSerializer(updated).data)

    @extend_schema(responses={204: None}, description="A team admin removes a member, or a member leaves.")
    def delete(self, request: Request, team_slug: str, user_id: int):
        membership = self._membership(request, team_slug, user_id)
        services.member_remove(team=membership.team, user=membership.user, actor=account_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationList(ListAPIView):
    serializer_class = s.InvitationSerializer
    permission_classes = [SignedIn]

    def get(self, request: Request, team_slug: str):
        team = _admin_team(request, team_slug)
        page = self.paginate_queryset(Invitation.objects.filter(team=team).order_by("-created_at", "-id"))
        return self.get_paginated_response(s.InvitationSerializer(page, many=True).data)

    @extend_schema(
        request=s.InvitationCreateSerializer,
        responses={201: s.InvitationSerializer},
        description="Team admins only. The invitation link is emailed to the address (it works once, for "
        "SIGNPOST_INVITATION_DAYS days); it is never returned here.",
        examples=[
            OpenApiExample(
                "Invite a forecaster", value={"email": "sam@example.org", "role": "forecaster"}, request_only=True
            )
        ],
    )
    def post(self, request: Request, team_slug: str):
        team = _admin_team(request, team_slug)
        data = s.InvitationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.team_invite(team=team, invited_by=request.user, **data.validated_data)
        return Response(s.InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


class InvitationDetail(GenericAPIView):
    serializer_class = s.InvitationSerializer
    permission_classes = [SignedIn]

    @extend_schema(responses={204: None}, description="Team admins only: the invitation link stops working.")
    def delete(self, request: Request, team_slug: str, invitation_id: int):
        team = _admin_team(request, team_slug)
        invitation = Invitation.objects.filter(team=team, pk=invitation_id).first()
        if invitation is None:
            raise NotFound("No such invitation.")
        services.invitation_revoke(invitation=invitation, actor=account_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationAccept(GenericAPIView):
    serializer_class = s.TeamSerializer
    permission_classes = [SignedIn]

    @extend_schema(
        request=s.InvitationAcceptSerializer,
        responses=s.TeamSerializer,
        description="Join the team an invitation names, as the signed-in user; each invitation works once, and only "
        "for an account whose email is the invited address (403 otherwise: ask the team admin to invite yours).",
        examples=[OpenApiExample("Accept", value={"token": "eyJpIjoxLCJuIjoi…"}, request_only=True)],
    )
    def post(self, request: Request):
        data = s.InvitationAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            membership = services.invitation_accept(token=data.validated_data["token"], user=account_of(request))
        except services.InvitationForAnotherAddress as error:
            raise PermissionDenied(str(error)) from None
        except services.InvitationRefused as error:
            raise ValidationError({"token": [str(error)]}) from None
        return Response(_team_data(_team(membership.team.slug), request.user))


class JoinRequestList(ListAPIView):
    serializer_class = s.JoinRequestSerializer
    permission_classes = [SignedIn]

    def get(self, request: Request, team_slug: str):
        team = _admin_team(request, team_slug)
        rows = JoinRequest.objects.filter(team=team).select_related("user").order_by("-created_at", "-id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.JoinRequestSerializer(page, many=True).data)

    @extend_schema(
        request=s.JoinRequestCreateSerializer,
        responses={201: s.JoinRequestSerializer},
        description="Any signed-in person who is not a member asks to join; the team's admins are notified.",
        examples=[OpenApiExample("Ask", value={"message": "I cover Korea for the desk."}, request_only=True)],
    )
    def post(self, request: Request, team_slug: str):
        team = _team(team_slug)
        data = s.JoinRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        join_request = services.join_request_create(team=team, user=account_of(request), **data.validated_data)
        return Response(s.JoinRequestSerializer(join_request).data, status=status.HTTP_201_CREATED)


def _join_request(request: Request, team_slug: str, request_id: int) -> JoinRequest:
    team = _admin_team(request, team_slug)
    join_request = JoinRequest.objects.select_related("team", "user").filter(team=team, pk=request_id).first()
    if join_request is None:
        raise NotFound("No such join request.")
    return join_request


class JoinRequestApprove(GenericAPIView):
    serializer_class = s.JoinRequestSerializer
    permission_classes = [SignedIn]

    @extend_schema(request=None, responses=s.JoinRequestSerializer, description="Team admins only.")
    def post(self, request: Request, team_slug: str, request_id: int):
        join_request = _join_request(request, team_slug, request_id)
        decided = services.join_request_decide(join_request=join_request, actor=account_of(request), approve=True)
        return Response(s.JoinRequestSerializer(decided).data)


class JoinRequestDecline(GenericAPIView):
    serializer_class = s.JoinRequestSerializer
    permission_classes = [SignedIn]

    @extend_schema(
        request=s.ReasonSerializer,
        responses=s.JoinRequestSerializer,
        description="Team admins only; the person sees the reason.",
        examples=[OpenApiExample("Decline", value={"reason": "The desk is full this quarter."}, request_only=True)],
    )
    def post(self, request: Request, team_slug: str, request_id: int):
        join_request = _join_request(request, team_slug, request_id)
        data = s.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = services.join_request_decide(
            join_request=join_request, actor=account_of(request), approve=False, reason=data.validated_data["reason"]
        )
        return Response(s.JoinRequestSerializer(decided).data)
