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
        assert "cdn" not in page.lower() and "https://" not in page.replace("https://github.com", ""), url
        assert "/static/drf_spectacular_sidecar/" in page


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_api_times_are_what_drf_writes(moment):
    from rest_framework.fields import DateTimeField

    from tracker.api.conventions import api_time

    assert api_time(moment) == DateTimeField().to_representation(moment)
