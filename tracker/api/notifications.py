"""API: the reader's in-app notifications and their preferences."""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.requests import account_of
from tracker.api import serializers as s
from tracker.api.conventions.authentication import SignedIn
from tracker.api.conventions.fields import bool_param
from tracker.notifications.services.notifications import (
    notification_channels,
    notification_list,
    notification_mark_read,
    notification_preferences_set,
    notification_unread_count,
)


class NotificationList(ListAPIView):
    serializer_class = s.NotificationSerializer
    permission_classes = [SignedIn]

    @extend_schema(parameters=[OpenApiParameter("unread", bool)])
    def get(self, request: Request):
        unread = bool_param(request, "unread") or False
        page = self.paginate_queryset(notification_list(user=account_of(request), unread_only=unread))
        response = self.get_paginated_response(s.NotificationSerializer(page, many=True).data)
        response.data["unread_count"] = notification_unread_count(user=account_of(request))
        return response


class NotificationsMarkRead(GenericAPIView):
    serializer_class = s.MarkReadSerializer
    permission_classes = [SignedIn]

    @extend_schema(
        request=s.MarkReadSerializer,
        examples=[OpenApiExample("Two of them", value={"ids": [41, 42]}, request_only=True)],
        responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}),
    )
    def post(self, request: Request):
        data = s.MarkReadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marked = notification_mark_read(user=account_of(request), ids=data.validated_data.get("ids"))
        return Response({"marked": marked})


class NotificationPreferences(GenericAPIView):
    serializer_class = s.PreferenceSerializer
    permission_classes = [SignedIn]
    pagination_class = None

    def _current(self, request: Request):
        return [
            {"kind": kind, "in_app": in_app, "email": email, "slack": slack}
            for kind, (in_app, email, slack) in notification_channels(user=account_of(request)).items()
        ]

    @extend_schema(responses=s.PreferenceSerializer(many=True))
    def get(self, request: Request):
        return Response(s.PreferenceSerializer(self._current(request), many=True).data)

    @extend_schema(
        request=s.PreferenceSerializer(many=True),
        responses=s.PreferenceSerializer(many=True),
        examples=[
            OpenApiExample(
                "Closing soon by email now",
                value=[{"kind": "closing_soon", "in_app": True, "email": "immediate", "slack": True}],
                request_only=True,
            )
        ],
    )
    def put(self, request: Request):
        data = s.PreferenceSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        notification_preferences_set(
            user=account_of(request),
            preferences={row["kind"]: (row["in_app"], row["email"]) for row in data.validated_data},
            slack={row["kind"]: row["slack"] for row in data.validated_data if "slack" in row},
        )
        return Response(s.PreferenceSerializer(self._current(request), many=True).data)
