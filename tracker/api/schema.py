"""OpenAPI details: the token scheme, and every operation's error responses in the API's one shape."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.serializers import ListSerializer

from tracker.api.conventions.authentication import ReadOrSignedInWrite


class SignpostAutoSchema(AutoSchema):
    """Reads that anyone may make are documented as such (an empty security requirement beside the token and
    the session), so a client knows which operations need no credentials."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """A list of nested objects states the bounds the API enforces on it (drf-spectacular maps a list field's
        bounds, not a list serializer's)."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, ListSerializer) and isinstance(schema, dict):
            if field.min_length is not None or not field.allow_empty:
                schema["minItems"] = max(field.min_length or 0, 0 if field.allow_empty else 1)
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
        return schema

    def get_auth(self):
        auths = super().get_auth()
        public_read = self.method in SAFE_METHODS and any(
            type(permission) is ReadOrSignedInWrite for permission in self.view.get_permissions()
        )
        if public_read and {} not in auths:
            auths.append({})
        return auths


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tracker.api.conventions.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (POST /api/v1/tokens/), sent as `Authorization: Bearer sp_…`.",
        }


ERROR_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string", "nullable": True, "example": "probability"},
                    "message": {"type": "string", "example": "A probability must be between 0.001 and 0.999."},
                },
            },
        }
    },
}

ERRORS = {
    "400": "The request is invalid; each error names its field.",
    "401": "Authentication failed: an unknown or revoked token.",
    "403": "Not allowed: sign in, use a write-scope token, or you lack the role this needs.",
    "404": "Not found, or not visible to you (private questions are a 404, never a 403).",
    "405": "Method not allowed.",
    "406": "Only JSON is served.",
    "415": "Send JSON (Content-Type: application/json).",
    "413": "The request body is larger than 1 MiB.",
    "422": "The Idempotency-Key was already used for a different request.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}


def add_error_responses(result, generator, request: Request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code == "422" and method != "post":
                    continue
                if code == "413" and method not in {"post", "put", "patch"}:
                    continue
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result
