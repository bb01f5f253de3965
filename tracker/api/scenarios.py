"""API: scenarios (storylines) the reader can see."""

from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.api import serializers as s
from tracker.scenarios.selectors import scenario_list


class ScenarioList(ListAPIView):
    serializer_class = s.ScenarioSerializer

    def get_queryset(self):
        return scenario_list(user=self.request.user).select_related("team").order_by("title")

    def get(self, request: Request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ScenarioDetail(GenericAPIView):
    serializer_class = s.ScenarioSerializer

    def get(self, request: Request, scenario_id: int):
        scenario = scenario_list(user=request.user).select_related("team").filter(pk=scenario_id).first()
        if scenario is None:
            raise NotFound("No such scenario.")
        return Response(self.get_serializer(scenario).data)
