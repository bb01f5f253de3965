"""API: a question's discussion. List (cursor pagination: stable under new posts, no count), post, read one, edit,
delete; curators hide and unhide, and export the discussion as JSON or CSV. Who reads what is the one rule of
forecasts.selectors.discussion."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from forecasts.api.serializers.discussion import (
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentHideSerializer,
    CommentSerializer,
    CommentVoteSerializer,
)
from forecasts.models import Comment
from forecasts.selectors.discussion import THREAD_ORDERS, access_comment, comments_with_votes, reader_of
from forecasts.services.discussion import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_hide,
    comment_unhide,
    comment_vote_set,
)
from tracker.accounts.requests import account_of
from tracker.api.conventions.pagination import strict_page_size, strict_page_size_parameter
from tracker.lib.csv_cells import csv_text
from tracker.questions.selectors import access_question

# A cursor needs an order that never ties: the pages' "most useful" sort (votes tie often) is not offered here.
API_ORDERS = {name: THREAD_ORDERS[name] for name in ("oldest", "newest")}
ORDER_PARAMETER = OpenApiParameter("order", str, enum=list(API_ORDERS), description="oldest (default) or newest first.")


class CommentCursor(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request):
        return strict_page_size(self, request)

    def get_schema_operation_parameters(self, view):
        return strict_page_size_parameter(self, super().get_schema_operation_parameters(view))

    def get_ordering(self, request: Request, queryset, view):
        return API_ORDERS.get(request.query_params.get("order", "oldest"), API_ORDERS["oldest"])


def _comments(reader, question):
    return (
        comments_with_votes(Comment.objects.filter(reader.readable(), question=question), reader)
        .select_related("author", "team", "forecast", "previous_forecast")
        .prefetch_related("cited_evidence")
    )


class QuestionComments(ListAPIView):
    serializer_class = CommentSerializer
    pagination_class = CommentCursor

    @extend_schema(
        parameters=[ORDER_PARAMETER],
        description="Comments and shared forecasts you may read, replies included (`parent` names the comment "
        "replied to). Team-only comments only to their team; forecasts only once the crowd is open to you.",
    )
    def get(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        reader = reader_of(user=request.user, question=question)
        page = self.paginate_queryset(_comments(reader, question))
        context = {"can_curate": reader.can_curate}
        return self.get_paginated_response(CommentSerializer(page, many=True, context=context).data)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={201: CommentSerializer},
        examples=[
            OpenApiExample(
                "Team-only, citing evidence",
                value={"body": "@demo-bailey this report moves me down.", "audience": "team", "evidence_ids": [12]},
                request_only=True,
            )
        ],
        description="Post a comment or a reply. Refused with 429 (and Retry-After) when you post too fast.",
    )
    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        data = CommentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        parent_id = values.pop("parent", None)
        parent = access_comment(request.user, question, parent_id) if parent_id else None
        # Too fast: CommentRateLimited, a RateLimited the API's error handler answers 429 with Retry-After.
        comment = comment_create(author=request.user, question=question, parent=parent, **values)
        comment = _comments(reader_of(user=request.user, question=question), question).get(pk=comment.pk)
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


class QuestionComment(GenericAPIView):
    serializer_class = CommentSerializer

    def get(self, request: Request, question_id: int, comment_id: int):
        question = access_question(request.user, question_id)
        comment = access_comment(request.user, question, comment_id)
        can_curate = reader_of(user=request.user, question=question).can_curate
        return Response(CommentSerializer(comment, context={"can_curate": can_curate}).data)

    @extend_schema(
        request=CommentEditSerializer,
        responses={200: CommentSerializer},
        examples=[OpenApiExample("Fix a typo", value={"body": "The report moves me down."}, request_only=True)],
        description="Its author, within the edit window (SIGNPOST_COMMENT_EDIT_MINUTES); the comment shows edited.",
    )
    def patch(self, request: Request, question_id: int, comment_id: int):
        question = access_question(request.user, question_id)
        comment = access_comment(request.user, question, comment_id)
        data = CommentEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment_edit(user=account_of(request), comment=comment, body=data.validated_data["body"])
        return Response(CommentSerializer(access_comment(request.user, question, comment_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, question_id: int, comment_id: int):
        question = access_question(request.user, question_id)
        comment_delete(user=account_of(request), comment=access_comment(request.user, question, comment_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuestionCommentHide(GenericAPIView):
    serializer_class = CommentSerializer

    @extend_schema(
        request=CommentHideSerializer,
        responses={200: CommentSerializer},
        examples=[
            OpenApiExample("Off topic", value={"reason": "Off topic: about another question."}, request_only=True)
        ],
        description="The question's curators: hide a comment; readers see the reason instead.",
    )
    def post(self, request: Request, question_id: int, comment_id: int):
        question = access_question(request.user, question_id)
        comment = access_comment(request.user, question, comment_id)
        data = CommentHideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment_hide(curator=request.user, comment=comment, reason=data.validated_data["reason"])
        hidden = access_comment(request.user, question, comment_id)
        return Response(CommentSerializer(hidden, context={"can_curate": True}).data)


class QuestionCommentVote(GenericAPIView):
    serializer_class = CommentVoteSerializer

    @extend_schema(
        request=CommentVoteSerializer,
        responses={200: CommentVoteSerializer},
        examples=[OpenApiExample("Useful", value={"useful": True}, request_only=True)],
        description="Find a comment you may read useful (`useful: true`), or no longer (`false`); answers with its "
        "votes. Not your own comment, nor a deleted or hidden one (400).",
    )
    def post(self, request: Request, question_id: int, comment_id: int):
        question = access_question(request.user, question_id)
        comment = access_comment(request.user, question, comment_id)
        data = CommentVoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        useful = data.validated_data["useful"]
        count = comment_vote_set(user=account_of(request), comment=comment, useful=useful)
        return Response({"useful": useful, "useful_count": count})


class QuestionCommentUnhide(GenericAPIView):
    serializer_class = CommentSerializer

    @extend_schema(request=None, responses={200: CommentSerializer})
    def post(self, request: Request, question_id: int, comment_id: int):
        question = access_question(request.user, question_id)
        comment_unhide(curator=request.user, comment=access_comment(request.user, question, comment_id))
        return Response(CommentSerializer(access_comment(request.user, question, comment_id)).data)


EXPORT_COLUMNS = [
    "id", "parent", "kind", "author", "audience", "team", "state", "created_at", "edited_at", "hidden_reason",
    "cited_evidence", "forecast_probability", "body",
]  # fmt: skip


class QuestionCommentExport(GenericAPIView):
    serializer_class = None

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], description="Default: json.")],
        responses={(200, "application/json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR},
        description="The question's curators: its whole discussion as they read it (hidden comments with their "
        "text, deleted ones without), oldest first.",
    )
    def get(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        reader = reader_of(user=request.user, question=question)
        if not reader.can_curate:
            raise PermissionDenied("Only the question's curators export its discussion.")
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "csv"):
            raise ValidationError({"format": "json or csv."})
        context = {"can_curate": True}
        rows = CommentSerializer(_comments(reader, question).order_by("created_at", "id"), many=True, context=context)
        if fmt == "json":
            return Response({"question": question.pk, "comments": rows.data})
        lines = (
            [
                row["id"],
                row["parent"] or "",
                row["kind"],
                row["author"],
                row["audience"],
                row["team"] or "",
                row["state"],
                row["created_at"],
                row["edited_at"] or "",
                row["hidden_reason"] or "",
                ";".join(str(pk) for pk in row["cited_evidence"]),
                (row["forecast"] or {}).get("probability") or "",
                row["body"] or "",
            ]
            for row in rows.data
        )
        response = HttpResponse(csv_text(EXPORT_COLUMNS, lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="signpost-discussion-{question.pk}.csv"'
        return response
