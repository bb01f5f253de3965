"""The OpenAPI schema: valid, warning-free, every operation with its error responses, every request body with an
example; the docs pages serve their assets locally."""

from datetime import UTC, datetime

import pytest
import yaml
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--file", str(path), "--validate", "--fail-on-warn")
    return yaml.safe_load(path.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_documents_its_errors_in_the_one_shape(schema):
    assert schema["components"]["schemas"]["Error"]["required"] == ["errors"]
    for path, method, operation in operations(schema):
        for code in ("400", "401", "403", "404", "429"):
            content = operation["responses"][code]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}, (path, method, code)


def test_the_schema_states_the_bounds_the_api_enforces(schema):
    """Bounds the API enforced were missing from the schema (issue #27, 7): a client reading it could not know them."""
    from django.conf import settings

    from tracker.questions.models import QUESTION_TEXT_MAX_CHARACTERS

    components = schema["components"]["schemas"]
    bulk = components["BulkForecastRequest"]["properties"]["forecasts"]
    assert bulk["minItems"] == 1
    assert bulk["maxItems"] == 500
    for name in ("CommentCreateRequest", "PatchedCommentEditRequest"):
        assert components[name]["properties"]["body"]["maxLength"] == settings.SIGNPOST_COMMENT_MAX_CHARACTERS
    for name in ("QuestionWriteRequest", "PatchedQuestionUpdateRequest"):
        for field in ("resolution_criteria", "background", "fine_print"):
            assert components[name]["properties"][field]["maxLength"] == QUESTION_TEXT_MAX_CHARACTERS, (name, field)
    comments = schema["paths"]["/api/v1/questions/{question_id}/comments/"]["get"]["parameters"]
    [page_size] = [parameter for parameter in comments if parameter["name"] == "page_size"]
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}


def test_every_request_body_has_an_example(schema):
    missing = []
    for path, method, operation in operations(schema):
        body = operation.get("requestBody")
        if body is None or not path.startswith("/api/v1/"):
            continue
        media = body["content"]["application/json"]
        if "examples" not in media and "example" not in media:
            missing.append(f"{method.upper()} {path}")
    assert missing == []


def test_bearer_tokens_are_the_documented_scheme(schema):
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["apiToken"]["description"],
    }


def test_docs_pages_use_local_assets_only(client):
    for url in ("/api/docs/", "/api/docs/redoc/"):
        page = client.get(url).content.decode()
        assert "cdn" not in page.lower(), url
        assert "https://" not in page.replace("https://github.com", ""), url
        assert "/static/drf_spectacular_sidecar/" in page


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_api_times_are_what_drf_writes(moment):
    from rest_framework.fields import DateTimeField

    from tracker.api.conventions.fields import api_time

    assert api_time(moment) == DateTimeField().to_representation(moment)
