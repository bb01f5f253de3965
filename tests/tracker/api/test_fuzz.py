"""schemathesis against the live OpenAPI schema, through the real WSGI app: as a curator (a write token) and
anonymously, every operation must answer without a server error, as its schema says, and refuse what the schema
rules out (wrong types, out-of-bounds parameters, missing credentials where they are required)."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS as REGISTRY

from tracker.accounts.tokens import api_token_create
from tracker.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# Every check schemathesis has but one: positive_data_acceptance expects every request the schema allows to
# succeed, while the services refuse schema-valid requests that break a rule (a close before the opening, a forecast
# on a closed question) with a 400 naming the field, which is the API's contract.
CHECKS = [check for check in REGISTRY.get_all() if check.__name__ != "positive_data_acceptance"]
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
