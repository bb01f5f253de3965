"""API: the reader's personal API tokens."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
)
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.models import ApiToken
from tracker.accounts.requests import account_of
from tracker.accounts.tokens import api_token_create, api_token_revoke
from tracker.api import serializers as s
from tracker.api.conventions.authentication import SignedIn


class TokenList(ListAPIView):
    serializer_class = s.ApiTokenSerializer
    permission_classes = [SignedIn]

    def get(self, request: Request):
        page = self.paginate_queryset(ApiToken.objects.filter(user=account_of(request)))
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
    def post(self, request: Request):
        data = s.ApiTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, raw = api_token_create(user=request.user, **data.validated_data)
        token.token = raw
        return Response(s.ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenDetail(GenericAPIView):
    serializer_class = s.ApiTokenSerializer
    permission_classes = [SignedIn]

    @extend_schema(responses={204: None}, description="Revoke the token; it stops working at once.")
    def delete(self, request: Request, token_id: int):
        token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
        api_token_revoke(token=token, now=timezone.now())
        return Response(status=status.HTTP_204_NO_CONTENT)
