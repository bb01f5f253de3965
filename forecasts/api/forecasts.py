"""API: forecasts (submit, withdraw, bulk, history) and the community forecast over time."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from forecasts.api.questions import question_context
from forecasts.api.serializers.distributions import distribution_data
from forecasts.api.serializers.forecasts import (
    BulkForecastSerializer,
    CommunitySeriesSerializer,
    ForecastInputSerializer,
    ForecastSerializer,
)
from forecasts.engine.aggregation import DEFAULT_METHOD, METHODS
from forecasts.selectors.community import community_series_points
from forecasts.selectors.visibility import visible_forecasts
from forecasts.services.community import crowd_methods
from forecasts.services.forecasting import forecast_reaffirm, forecast_submit, forecast_withdraw
from tracker.accounts.requests import account_of
from tracker.api.conventions.authentication import SignedIn
from tracker.api.conventions.fields import id_param
from tracker.api.conventions.idempotency import idempotent
from tracker.lib.errors import error_body
from tracker.questions.selectors import access_question, question_list

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 100},
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (≤ 100 characters): a retried request with the same key creates nothing new "
    "and gets the first response again.",
)


class QuestionForecasts(ListAPIView):
    serializer_class = ForecastSerializer

    @extend_schema(
        parameters=[OpenApiParameter("user", str, description="Only this username's forecasts.")],
        description="The question's forecast history: everyone's once the question has closed (or to its "
        "curators), otherwise only your own.",
    )
    def get(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        rows = (
            visible_forecasts(request.user)
            .filter(question=question)
            .select_related("user", "question")
            .order_by("created_at", "id")
        )
        if request.query_params.get("user"):
            rows = rows.filter(user__username=request.query_params["user"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ForecastSerializer(page, many=True).data)

    @extend_schema(
        request=ForecastInputSerializer,
        responses={201: ForecastSerializer},
        parameters=[IDEMPOTENCY_PARAMETER],
        examples=[
            OpenApiExample("Binary", value={"probability": 0.35, "rationale": "Base rate."}, request_only=True),
            OpenApiExample(
                "Numeric, as quantiles",
                value={"quantiles": [[0.1, 7500], [0.5, 12000], [0.9, 19000]], "rationale": "NIS estimates."},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request, question_id: int):
        def submit():
            question = access_question(request.user, question_id, with_related=False)
            data = ForecastInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            forecast = forecast_submit(user=account_of(request), question=question, **data.validated_data)
            return Response(ForecastSerializer(forecast).data, status=status.HTTP_201_CREATED)

        return idempotent(request, submit)


class QuestionReaffirm(GenericAPIView):
    serializer_class = ForecastSerializer

    @extend_schema(
        request=None,
        responses={201: ForecastSerializer},
        description="Your standing forecast again, dated now (a new row with the same values; history keeps both). "
        "400 when you have no standing forecast on the question.",
    )
    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id, with_related=False)
        forecast = forecast_reaffirm(user=account_of(request), question=question)
        return Response(ForecastSerializer(forecast).data, status=status.HTTP_201_CREATED)


class QuestionWithdraw(GenericAPIView):
    serializer_class = ForecastSerializer

    @extend_schema(request=None, responses={201: ForecastSerializer})
    def post(self, request: Request, question_id: int):
        question = access_question(request.user, question_id, with_related=False)
        withdrawal = forecast_withdraw(user=account_of(request), question=question)
        return Response(ForecastSerializer(withdrawal).data, status=status.HTTP_201_CREATED)


class BulkForecasts(GenericAPIView):
    serializer_class = BulkForecastSerializer

    @extend_schema(
        request=BulkForecastSerializer,
        responses={201: ForecastSerializer(many=True)},
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
    def post(self, request: Request):
        def submit():
            data = BulkForecastSerializer(data=request.data)
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
                                forecast_submit(
                                    user=account_of(request),
                                    question=question,
                                    probability=item.get("probability"),
                                    probabilities=item.get("probabilities"),
                                    cdf=item.get("cdf"),
                                    quantiles=item.get("quantiles"),
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
            return Response(ForecastSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

        return idempotent(request, submit)


class MyForecasts(ListAPIView):
    serializer_class = ForecastSerializer
    permission_classes = [SignedIn]

    @extend_schema(parameters=[OpenApiParameter("question", int)])
    def get(self, request: Request):
        # Your own forecasts, on the questions you can still see (a team you left no longer shows its questions).
        rows = (
            visible_forecasts(request.user)
            .filter(user=account_of(request))
            .select_related("user", "question")
            .order_by("-created_at", "-id")
        )
        question_id = id_param(request, "question")
        if question_id is not None:
            rows = rows.filter(question_id=question_id)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ForecastSerializer(page, many=True).data)


class CommunitySeries(GenericAPIView):
    serializer_class = CommunitySeriesSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("method", str, enum=list(METHODS), description=f"Default: {DEFAULT_METHOD}."),
            OpenApiParameter(
                "points",
                {"type": "integer", "minimum": 1, "maximum": 2000, "default": 200},
                description="At most this many points, evenly spread.",
            ),
        ]
    )
    def get(self, request: Request, question_id: int):
        question = access_question(request.user, question_id)
        method = request.query_params.get("method", DEFAULT_METHOD)
        methods = crowd_methods(question)
        if method not in methods:
            raise ValidationError({"method": f"One of {', '.join(methods)}."})
        raw_points = request.query_params.get("points", "200")
        if not raw_points.isdigit() or not 1 <= int(raw_points) <= 2000:
            raise ValidationError({"points": "A whole number from 1 to 2000."})
        context = question_context(request, [question], method=method)
        if not context["crowd_visible"](question):
            raise PermissionDenied("The community forecast of this question is shown once you have forecast.")
        steps = community_series_points(question=question, method=method, points=int(raw_points))
        points = [
            {
                "method": method,
                "at": at,
                "probability": values[1] if values and question.is_binary else None,
                "probabilities": None if question.is_continuous else values,
                "forecaster_count": count,
            }
            | (distribution_data(question, values) if question.is_continuous and values else {})
            for at, values, count in steps
        ]
        return Response(CommunitySeriesSerializer({"question": question.pk, "method": method, "points": points}).data)
