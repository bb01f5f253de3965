"""The scenario page: questions with community and own forecasts, signposts with their direction, flags, coherence
warnings; follow and acknowledge; permissions; a constant number of queries. And the same warnings in the admin."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecasts.services.community import community_forecast_update
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, QuestionLink, ScenarioFlag, ScenarioFollow
from tracker.questions.services.lifecycle import question_resolve
from tracker.questions.services.questions import question_link_create
from tracker.scenarios.services.scenarios import scenario_create
from tracker.scenarios.services.signposts import signpost_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    staff = UserFactory(is_staff=True, is_superuser=True)
    scenario = scenario_create(title="Escalation", summary="Troops and tension on the peninsula.")
    earlier = make_question(title="Test by March?", scenario=scenario, closes_in=timedelta(days=30))
    later = make_question(title="Test by June?", scenario=scenario, closes_in=timedelta(days=120))
    question_link_create(kind=QuestionLink.Kind.LATER_DEADLINE, question=earlier, related=later)
    forecaster = UserFactory()
    forecast_submit(user=forecaster, question=earlier, probability=0.6)
    forecast_submit(user=forecaster, question=later, probability=0.4)
    community_forecast_update(question_id=earlier.pk)
    community_forecast_update(question_id=later.pk)
    signpost_add(scenario=scenario, question=earlier, direction="yes_more_likely", actor=staff)
    return {"staff": staff, "scenario": scenario, "earlier": earlier, "later": later, "forecaster": forecaster}


def test_anyone_reads_a_public_scenario_with_signposts_forecasts_and_warnings(client, story):
    page = client.get(f"/scenarios/{story['scenario'].slug}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Troops and tension on the peninsula." in html
    assert "If yes, the scenario is more likely" in html
    assert "is more likely than the same event by a later date" in html  # the coherence warning
    assert "60%" in html
    assert "40%" in html  # community forecasts
    assert "Follow this scenario" not in html  # anonymous: nothing personal


def test_my_forecast_shows_and_following_notifies(client, story):
    client.force_login(story["forecaster"])
    html = client.get(f"/scenarios/{story['scenario'].slug}/").content.decode()
    assert html.count("60%") >= 2  # community and mine
    response = client.post(f"/scenarios/{story['scenario'].slug}/follow/", {"follow": "1"})
    assert response.status_code == 302
    assert ScenarioFollow.objects.filter(user=story["forecaster"]).exists()
    question_resolve(question=story["earlier"], outcome="yes", resolved_by=story["staff"])
    page = client.get(f"/scenarios/{story['scenario'].slug}/").content.decode()
    assert "flagged" in page
    assert "resolved YES" in page
    assert story["forecaster"].notifications.filter(kind="signpost").count() == 1
    # A forecaster cannot acknowledge; the staff curator can.
    client.post(f"/scenarios/{story['scenario'].slug}/acknowledge/")
    assert ScenarioFlag.objects.filter(acknowledged_at__isnull=True).count() == 1
    client.force_login(story["staff"])
    client.post(f"/scenarios/{story['scenario'].slug}/acknowledge/")
    assert ScenarioFlag.objects.filter(acknowledged_at__isnull=True).count() == 0
    client.force_login(story["forecaster"])
    client.post(f"/scenarios/{story['scenario'].slug}/follow/", {"follow": "0"})
    assert not ScenarioFollow.objects.exists()


def test_team_scenarios_are_a_404_to_outsiders_and_following_needs_an_account(client):
    team = TeamFactory()
    scenario = scenario_create(title="Private storyline", team=team)
    assert client.get(f"/scenarios/{scenario.slug}/").status_code == 404
    assert client.post(f"/scenarios/{scenario.slug}/follow/").status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(f"/scenarios/{scenario.slug}/").status_code == 404
    assert client.post(f"/scenarios/{scenario.slug}/follow/").status_code == 404
    client.force_login(member(team, Membership.Role.FORECASTER))
    assert client.get(f"/scenarios/{scenario.slug}/").status_code == 200


def test_the_scenario_page_does_a_constant_number_of_queries(client, story):
    client.force_login(story["forecaster"])
    url = f"/scenarios/{story['scenario'].slug}/"
    scenario_set = make_question(title="Which way?", scenario=story["scenario"], type="multiple_choice")
    forecast_submit(user=story["forecaster"], question=scenario_set, probabilities=[0.5, 0.3, 0.2])
    community_forecast_update(question_id=scenario_set.pk)
    assert "Scenario set:" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(6):
        question = make_question(title=f"More {index}?", scenario=story["scenario"], type="multiple_choice")
        forecast_submit(user=story["forecaster"], question=question, probabilities=[0.2, 0.3, 0.5])
        community_forecast_update(question_id=question.pk)
        signpost_add(
            scenario=story["scenario"],
            question=make_question(title=f"Indicator {index}?", scenario=story["scenario"]),
            direction="yes_less_likely",
            actor=story["staff"],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_admin_change_pages_show_coherence_warnings_and_signposts(client, story):
    client.force_login(story["staff"])
    scenario_page = client.get(f"/admin/tracker/scenario/{story['scenario'].pk}/change/").content.decode()
    assert "is more likely than the same event by a later date" in scenario_page
    assert "Test by March?" in scenario_page  # the signpost inline
    question_page = client.get(f"/admin/tracker/question/{story['later'].pk}/change/").content.decode()
    assert "is more likely than the same event by a later date" in question_page
    listing = client.get("/admin/tracker/scenario/").content.decode()
    assert "Flags" in listing


def test_admin_adds_signposts_through_the_service_and_shows_refusals_as_form_errors(client, story):
    client.force_login(story["staff"])
    scenario = story["scenario"]
    choice = make_question(title="Which way?", type="multiple_choice")
    url = f"/admin/tracker/scenario/{scenario.pk}/change/"
    existing = scenario.signposts.get()

    def post(question, direction="yes_less_likely", threshold="0.2"):
        return client.post(
            url,
            {
                "title": scenario.title,
                "slug": scenario.slug,
                "summary": scenario.summary,
                "status": scenario.status,
                "signposts-TOTAL_FORMS": "2",
                "signposts-INITIAL_FORMS": "1",
                "signposts-0-id": existing.pk,
                "signposts-0-scenario": scenario.pk,
                "signposts-0-question": existing.question_id,
                "signposts-0-direction": existing.direction,
                "signposts-0-threshold": "0.1",
                "signposts-1-scenario": scenario.pk,
                "signposts-1-question": question.pk,
                "signposts-1-direction": direction,
                "signposts-1-threshold": threshold,
                "flags-TOTAL_FORMS": "0",
                "flags-INITIAL_FORMS": "0",
            },
        )

    refused = post(choice)
    assert refused.status_code == 200
    assert "Only a yes/no question can be a signpost" in refused.content.decode()
    assert scenario.signposts.count() == 1
    accepted = post(story["later"])
    assert accepted.status_code == 302
    added = scenario.signposts.get(question=story["later"])
    assert added.direction == "yes_less_likely"
    assert added.threshold == pytest.approx(0.2)
    assert added.baseline_probability == pytest.approx(0.4)  # set from the community forecast when added


def test_the_question_page_shows_its_coherence_warnings(client, story):
    html = client.get(f"/questions/{story['later'].slug}/").content.decode()
    assert "Coherence warnings" in html
    assert "is more likely than the same event by a later date" in html
