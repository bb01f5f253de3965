"""Who sees what, on the pages and through access_question; and pages with a constant number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import SourceFactory, TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, Question
from tracker.questions.selectors import access_question
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.questions import question_update
from tracker.scenarios.services.scenarios import scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def private_question(team):
    return make_question(team=team, visibility=Question.Visibility.TEAM, title="Secret desk question?")


def test_public_questions_are_readable_by_anyone():
    question = make_question(title="Public question?")
    assert access_question(AnonymousUser(), question.pk) == question


def test_team_questions_are_hidden_from_outsiders_with_a_404(team, private_question):
    for outsider in (AnonymousUser(), UserFactory()):
        with pytest.raises(Http404):
            access_question(outsider, private_question.pk)
    assert access_question(member(team), private_question.pk) == private_question


def test_drafts_are_visible_only_to_their_curators(team):
    draft = make_question(team=team, status=Question.Status.DRAFT)
    with pytest.raises(Http404):
        access_question(member(team, Membership.Role.FORECASTER), draft.pk)
    assert access_question(member(team, Membership.Role.CURATOR), draft.pk) == draft


def test_home_page_lists_scenarios_and_their_visible_questions(client, team, private_question):
    scenario = scenario_create(title="Sanctions on Russia", summary="New packages.", tags=["sanctions"])
    make_question(title="Will the EU adopt a new package?", scenario=scenario)
    question_update(question=private_question, actor=None, scenario=scenario)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sanctions on Russia" in page
    assert "Will the EU adopt a new package?" in page
    assert "Secret desk question?" not in page
    client.force_login(member(team))
    assert "Secret desk question?" in client.get(reverse("home")).content.decode()


def test_question_page_shows_criteria_origin_and_evidence(client):
    source = SourceFactory()
    question = make_question(
        title="Will observers be sent?",
        origin_source=source,
        origin_quote="South Korea may send observers to Ukraine.",
    )
    evidence_add(question=question, title="Seoul weighs a monitoring team", url="https://example.org/m", stance="yes")
    page = client.get(reverse("question-detail", args=[question.slug])).content.decode()
    assert question.resolution_criteria in page
    assert "South Korea may send observers to Ukraine." in page
    assert "Seoul weighs a monitoring team" in page
    assert "Supports yes" in page


def test_private_question_page_is_a_404_for_outsiders(client, private_question):
    assert client.get(reverse("question-detail", args=[private_question.slug])).status_code == 404
    assert client.get(reverse("question-detail", args=["no-such-question"])).status_code == 404


def test_article_page_shows_text_and_derived_questions(client):
    source = SourceFactory()
    make_question(title="Derived question?", origin_source=source, origin_quote="Analysts expect new sanctions.")
    page = client.get(reverse("source-detail", args=[source.slug])).content.decode()
    assert "Derived question?" in page
    assert "Analysts expect new sanctions." in page


def test_home_page_queries_do_not_grow_with_the_number_of_questions(client):
    scenario = scenario_create(title="Storyline", tags=["a", "b"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    make_question(scenario=scenario, tags=["a"])
    few = count_queries()
    for index in range(8):
        make_question(scenario=scenario, tags=["a", "b"], title=f"Question {index}?")
    scenario_create(title="Another storyline", tags=["c"])
    assert count_queries() == few


def test_healthz_reports_the_database(client):
    response = client.get(reverse("healthz"))
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_the_single_question_check_agrees_with_the_list_filter(team):
    from tracker.questions.selectors import question_visible_filter, user_can_see_question

    other_team = TeamFactory()
    questions = [
        make_question(team=owner, visibility=visibility, status=status)
        for owner in (team, other_team)
        for visibility in Question.Visibility.values
        for status in (Question.Status.DRAFT, Question.Status.OPEN, Question.Status.CLOSED)
    ]
    people = [
        AnonymousUser(),
        UserFactory(),
        UserFactory(is_staff=True),
        member(team, Membership.Role.FORECASTER),
        member(team, Membership.Role.CURATOR),
        member(team, Membership.Role.ADMIN),
    ]
    for person in people:
        listed = set(Question.objects.filter(question_visible_filter(person)).values_list("pk", flat=True))
        for question in questions:
            assert user_can_see_question(user=person, question=question) == (question.pk in listed), (person, question)
