"""schemathesis against the live OpenAPI schema, through the real WSGI app: as a curator (a write token) and
anonymously, every operation must answer without a server error and as its schema says."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tracker.accounts.tokens import api_token_create
from tracker.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ = settings(
    max_examples=int(os.environ.get("SIGNPOST_FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the database connection after each request; inside a test transaction it must not
    (Django's own test client disconnects the same receivers)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@FUZZ
def test_the_api_as_a_curator(case, world):
    _, raw = api_token_create(user=world.curator, name="fuzz", scope="write")
    case.call_and_validate(headers={"Authorization": f"Bearer {raw}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_the_api_anonymously(case, world):
    case.call_and_validate(checks=CHECKS)
