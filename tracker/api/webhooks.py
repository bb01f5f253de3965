"""API: team admins' webhooks, their secrets, test events and delivery log."""

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.models import Team
from tracker.accounts.permissions import teams_administered, user_can_admin_team
from tracker.accounts.requests import account_of
from tracker.api import serializers as s
from tracker.api.conventions.authentication import SignedIn
from tracker.webhooks.models import Webhook
from tracker.webhooks.services.webhooks import (
    webhook_create,
    webhook_delete,
    webhook_rotate_secret,
    webhook_send_test,
    webhook_update,
)


def _webhook(request: Request, webhook_id: int) -> Webhook:
    webhook = (
        Webhook.objects.select_related("team").filter(pk=webhook_id, team__in=teams_administered(request.user)).first()
    )
    if webhook is None:
        raise NotFound("No such webhook.")
    return webhook


class WebhookList(ListAPIView):
    serializer_class = s.WebhookSerializer
    permission_classes = [SignedIn]

    def get(self, request: Request):
        rows = Webhook.objects.filter(team__in=teams_administered(request.user)).select_related("team").order_by("id")
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
    def post(self, request: Request):
        data = s.WebhookCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team = Team.objects.filter(slug=data.validated_data["team"]).first()
        if team is None or not user_can_admin_team(user=request.user, team=team):
            raise ValidationError({"team": "No team by that slug that you administer."})
        webhook = webhook_create(
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

    def get(self, request: Request, webhook_id: int):
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
    def patch(self, request: Request, webhook_id: int):
        webhook = _webhook(request, webhook_id)
        data = s.WebhookUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        webhook_update(webhook=webhook, actor=account_of(request), **data.validated_data)
        return Response(s.WebhookSerializer(webhook).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, webhook_id: int):
        webhook_delete(webhook=_webhook(request, webhook_id), actor=account_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookRotateSecret(GenericAPIView):
    serializer_class = s.WebhookSecretSerializer
    permission_classes = [SignedIn]

    @extend_schema(request=None, responses=s.WebhookSecretSerializer)
    def post(self, request: Request, webhook_id: int):
        webhook = webhook_rotate_secret(webhook=_webhook(request, webhook_id))
        return Response(
            s.WebhookSecretSerializer(
                {"secret": webhook.secret, "previous_secret_expires_at": webhook.previous_secret_expires_at}
            ).data
        )


class WebhookTest(GenericAPIView):
    serializer_class = s.WebhookDeliverySerializer
    permission_classes = [SignedIn]

    @extend_schema(request=None, responses={202: s.WebhookDeliverySerializer})
    def post(self, request: Request, webhook_id: int):
        delivery = webhook_send_test(webhook=_webhook(request, webhook_id), requested_by=request.user)
        return Response(s.WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveries(ListAPIView):
    serializer_class = s.WebhookDeliverySerializer
    permission_classes = [SignedIn]

    def get(self, request: Request, webhook_id: int):
        webhook = _webhook(request, webhook_id)
        rows = webhook.deliveries.prefetch_related("attempt_log").order_by("-created_at", "-id")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.WebhookDeliverySerializer(page, many=True).data)
