"""Pages of 50 (at most 200), with a count that stays cheap however large the table."""

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from tracker.lib.pagination import EXACT_COUNT_LIMIT, BoundedCountPaginator


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = BoundedCountPaginator
    last_page_strings = ()  # the schema says `page` is a whole number

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_estimate"] = self.page.paginator.count_is_estimate
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count"]["description"] = (
            f"Exact up to {EXACT_COUNT_LIMIT}; past that, an estimate (see count_is_estimate)."
        )
        described["properties"]["count_is_estimate"] = {"type": "boolean"}
        described["required"] = [*described.get("required", []), "count_is_estimate"]
        return described

    def get_page_size(self, request: Request):
        return strict_page_size(self, request)

    def get_page_number(self, request: Request, paginator):
        """The page asked for, a whole number from 1 as the schema says: an empty or non-numeric `page` is a 400
        (it was quietly page 1); a page past the last is a 404."""
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError({self.page_query_param: ["A whole number from 1."]})
        return raw

    def get_schema_operation_parameters(self, view):
        """The page parameters with the bounds the API enforces (a page past the last is a 404)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return strict_page_size_parameter(self, parameters)


def strict_page_size(pagination, request: Request) -> int:
    """The page size asked for, within 1 to the pagination's maximum as the schema says; anything else is a 400,
    not a quiet default (DRF's own reading falls back to the default)."""
    name = pagination.page_size_query_param
    raw = request.query_params.get(name)
    if raw is None:
        return pagination.page_size
    if not raw.isdigit() or not 1 <= int(raw) <= pagination.max_page_size:
        raise exceptions.ValidationError({name: [f"A whole number from 1 to {pagination.max_page_size}."]})
    return int(raw)


def strict_page_size_parameter(pagination, parameters: list[dict]) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] == pagination.page_size_query_param:
            parameter["schema"] = {
                "type": "integer",
                "minimum": 1,
                "maximum": pagination.max_page_size,
                "default": pagination.page_size,
            }
    return parameters
