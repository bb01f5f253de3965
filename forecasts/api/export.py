"""API: export of questions and their forecast history."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from forecasts.selectors.export import interchange_export
from forecasts.selectors.visibility import visible_forecasts
from tracker.api.conventions.fields import StrictFilterBackend
from tracker.lib.csv_cells import csv_text
from tracker.questions.filters import QuestionFilter
from tracker.questions.selectors import question_list


class Export(GenericAPIView):
    serializer_class = None
    filter_backends = [StrictFilterBackend]
    filterset_class = QuestionFilter

    def get_queryset(self):
        return question_list(user=self.request.user).order_by("pk")

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["json", "csv"], description="Default: json.")],
        responses={(200, "application/json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR},
        description="Questions you can see and the forecasts on them you may see, in the interchange format of "
        "`manage.py export_forecasts` (JSON), or one CSV row per forecast. Everyone's forecasts on a question once "
        "it has closed (or on the questions you curate); on an open question, only your own.",
    )
    def get(self, request: Request):
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "csv"):
            raise ValidationError({"format": "json or csv."})
        questions = self.filter_queryset(self.get_queryset())
        document = interchange_export(questions=questions, forecasts=visible_forecasts(request.user))
        if fmt == "json":
            return Response(document)
        rows = (
            [
                row["question"],
                row["user"],
                row["at"],
                row.get("probability", ""),
                ";".join(f"{k}={v}" for k, v in row["probabilities"].items()) if "probabilities" in row else "",
                row["withdrawn_at"] or "",
            ]
            for row in document["forecasts"]
        )
        header = ["question", "user", "at", "probability", "probabilities", "withdrawn_at"]
        response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="signpost-forecasts.csv"'
        return response
