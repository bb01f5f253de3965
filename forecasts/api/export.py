"""API: export of questions and their forecast history."""

import csv
import io

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from forecasts.selectors.community import CROWD_ALWAYS_SHOWN
from forecasts.selectors.export import interchange_export
from tracker.accounts.permissions import curated_team_ids
from tracker.models import Question
from tracker.questions.selectors import question_list


class Export(GenericAPIView):
    serializer_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv"], description="Default: json."),
            OpenApiParameter("scenario", str),
            OpenApiParameter("status", str, enum=Question.Status.values),
        ],
        responses={(200, "application/json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR},
        description="Questions you can see and their forecast history, in the interchange format of "
        "`manage.py export_forecasts` (JSON), or one CSV row per forecast. Questions that hide the crowd "
        "are included only once closed or when you have forecast on them (then only your own forecasts).",
    )
    def get(self, request):
        params = request.query_params
        fmt = params.get("format", "json")
        if fmt not in ("json", "csv"):
            raise ValidationError({"format": "json or csv."})
        questions = question_list(user=request.user)
        if params.get("scenario"):
            questions = questions.filter(scenario__slug=params["scenario"])
        if params.get("status"):
            questions = questions.filter(status=params["status"])
        hidden = questions.filter(hide_crowd_until_forecast=True).exclude(status__in=CROWD_ALWAYS_SHOWN)
        curated = curated_team_ids(request.user)
        if not (request.user.is_authenticated and request.user.is_staff):
            questions = questions.exclude(pk__in=hidden.exclude(team_id__in=curated).values("pk"))
        document = interchange_export(questions=questions)
        if fmt == "json":
            return Response(document)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["question", "user", "at", "probability", "probabilities", "withdrawn_at"])
        for row in document["forecasts"]:
            probabilities = row.get("probabilities")
            writer.writerow(
                [
                    row["question"],
                    row["user"],
                    row["at"],
                    row.get("probability", ""),
                    "" if probabilities is None else ";".join(f"{k}={v}" for k, v in probabilities.items()),
                    row["withdrawn_at"] or "",
                ]
            )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="signpost-forecasts.csv"'
        return response
