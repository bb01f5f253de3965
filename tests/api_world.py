"""A small world for API tests: two teams, one of each role, public and team-only questions, a resolved one."""

import contextlib
from dataclasses import dataclass
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from forecasts.services.forecasting import forecast_submit
from forecasts.services.scores import question_score
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.accounts.tokens import api_token_create
from tracker.models import Membership, Question, Team, User
from tracker.questions.services.lifecycle import question_resolve


@dataclass
class World:
    team: Team
    other_team: Team
    curator: User
    forecaster: User
    outsider: User  # a member of the other team
    superuser: User
    staff: User  # staff status and nothing else: no team, no Django permission
    public: Question
    private: Question
    resolved: Question
    multiple: Question


def set_throttle_rates(rates: dict) -> dict:
    """DRF copies the rates into the throttle class when it is imported; tests change them there."""
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    previous = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    with contextlib.suppress(Exception):  # a test that points the cache at a dead Redis on purpose
        cache.clear()
    return previous


@pytest.fixture(autouse=True)
def generous_throttles():
    """Most API tests send far more requests a minute than the production limits allow."""
    previous = set_throttle_rates({"anon": "100000/minute", "user": "100000/minute"})
    yield
    set_throttle_rates(previous)


@pytest.fixture
def world(db) -> World:
    team, other_team = TeamFactory(slug="analysts"), TeamFactory(slug="elsewhere")
    curator = member(team, Membership.Role.CURATOR, username="cora")
    forecaster = member(team, Membership.Role.FORECASTER, username="finn")
    outsider = member(other_team, Membership.Role.ADMIN, username="otto")
    superuser = UserFactory(username="stella", is_staff=True, is_superuser=True)
    staff = UserFactory(username="sam", is_staff=True)
    public = make_question(team=team, title="Will the public question resolve yes?")
    private = make_question(team=team, visibility="team", title="Will the private matter stay private?")
    resolved = make_question(team=team, title="Was the resolved question yes?")
    forecast_submit(user=forecaster, question=resolved, probability=0.8)
    question_resolve(question=resolved, outcome="yes", resolved_by=curator)
    question_score(question_id=resolved.pk)
    multiple = make_question(team=team, type="multiple_choice", options=["Low", "High"], closes_in=timedelta(days=40))
    return World(team, other_team, curator, forecaster, outsider, superuser, staff, public, private, resolved, multiple)


def client_for(user: User | None, *, scope: str = "write") -> APIClient:
    """A client authenticated with a real API token (not a forced login), or anonymous."""
    client = APIClient()
    if user is not None:
        _, raw = api_token_create(user=user, name="tests", scope=scope)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def as_user():
    return client_for
