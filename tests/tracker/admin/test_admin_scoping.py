"""The admin for team curators and team admins: a permission matrix over every admin model and action, for a
curator of team A, the admin of team A, a curator of team B, a forecaster and a staff member without a team role.

Each scoped model gets one object owned by team A and one by team B; a curator sees and reaches only their team's,
and a URL to the other team's object is a 404. Unscoped admins (people, forecasts, notifications, jobs) stay for
superusers."""

import uuid
from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forecasts.models import Comment
from forecasts.services.discussion import comment_create
from forecasts.services.forecasting import forecast_submit
from tests.admin_pages import admin_form_data
from tests.factories import SourceFactory, TeamFactory, UserFactory, make_question, member
from tracker.accounts.models import Membership
from tracker.admin.scoping import ADD, CHANGE, DELETE, VIEW, TeamScopedAdmin
from tracker.curation.models import ClaimSuggestion
from tracker.models import Question, QuestionLink, QuestionTransition
from tracker.monitor.models import EvidenceProposal, NewsSource
from tracker.questions.services.clarifications import clarification_add
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.questions import question_link_create
from tracker.resolution.services.proposals import proposal_create
from tracker.scenarios.models import Scenario, ScenarioFlag, Signpost
from tracker.slack.models import SlackInstallation, SlackMessage
from tracker.webhooks.models import Webhook, WebhookDelivery

pytestmark = pytest.mark.django_db


def _team_world(team, curator, forecaster, label):
    """One object of every scoped model, owned by `team`."""
    question = make_question(team=team, title=f"Will {label} happen?", visibility=Question.Visibility.TEAM)
    later = make_question(team=team, title=f"Will {label} happen later?", closes_in=timedelta(days=60))
    source = SourceFactory(team=team, title=f"{label} article")
    evidence = evidence_add(question=question, title=f"{label} report", url=f"https://example.org/{label}")
    suggestion = ClaimSuggestion.objects.create(
        source=source, start=0, end=10, quote="Analysts e", quote_key=label, title=f"{label} claim",
        deadline=timezone.now().date(), criteria="YES if.", confidence=0.9,
    )  # fmt: skip
    forecast_submit(user=forecaster, question=question, probability=0.4)
    proposal = proposal_create(
        question=question, proposed_by=forecaster, outcome="yes", evidence_url="https://example.org/p", note=label
    )
    clarification = clarification_add(question=question, curator=curator, text=f"{label} clarified")
    scenario = Scenario.objects.create(slug=f"{label}-scenario", title=f"{label} scenario", team=team)
    signpost = Signpost.objects.create(scenario=scenario, question=question, direction="yes_more_likely")
    flag = ScenarioFlag.objects.create(
        scenario=scenario, signpost=signpost, kind="moved", event_key=label, effect="more_likely", message=label
    )
    webhook = Webhook.objects.create(team=team, url=f"https://hooks.example.org/{label}")
    news_source = NewsSource.objects.create(team=team, url=f"https://news.example.org/{label}.xml")
    evidence_proposal = EvidenceProposal.objects.create(
        team=team, question=question, article=source, quote=f"{label} quote", confidence=0.7, reason="shares"
    )
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event="question.opened", event_key=label, event_id=uuid.uuid4(), delivery_id=uuid.uuid4(),
        body="{}", next_attempt_at=now, give_up_at=now + timedelta(days=1),
    )  # fmt: skip
    installation = SlackInstallation.objects.create(team=team, workspace_id=f"T-{label}", workspace_name=label)
    slack_message = SlackMessage.objects.create(installation=installation, key=label, arguments={"text": label})
    comment = comment_create(author=forecaster, question=question, body=f"{label} comment", audience="public")
    link = question_link_create(kind=QuestionLink.Kind.LATER_DEADLINE, question=question, related=later)
    return {
        Question: question,
        QuestionTransition: QuestionTransition.objects.filter(question=question).first(),
        QuestionLink: link,
        type(evidence): evidence,
        type(source): source,
        ClaimSuggestion: suggestion,
        type(proposal): proposal,
        type(clarification): clarification,
        Scenario: scenario,
        ScenarioFlag: flag,
        Webhook: webhook,
        WebhookDelivery: delivery,
        SlackInstallation: installation,
        SlackMessage: slack_message,
        NewsSource: news_source,
        EvidenceProposal: evidence_proposal,
        Comment: comment,
    }


@pytest.fixture
def world():
    team_a, team_b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    people = {
        "curator_a": member(team_a, Membership.Role.CURATOR, username="curator-a"),
        "admin_a": member(team_a, Membership.Role.ADMIN, username="admin-a"),
        "curator_b": member(team_b, Membership.Role.CURATOR, username="curator-b"),
        "forecaster": member(team_a, Membership.Role.FORECASTER, username="forecaster-a"),
        "staff": UserFactory(username="staff-only", is_staff=True),
    }
    forecaster_b = member(team_b, Membership.Role.FORECASTER)
    objects = {
        "a": _team_world(team_a, people["curator_a"], people["forecaster"], "alpha"),
        "b": _team_world(team_b, people["curator_b"], forecaster_b, "bravo"),
    }
    return people, objects


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _scoped_admins():
    return {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, TeamScopedAdmin)
    }


def test_every_scoped_admin_is_covered_by_the_matrix(world):
    _, objects = world
    assert set(_scoped_admins()) == set(objects["a"])


@pytest.mark.parametrize("persona", ["forecaster", "staff"])
def test_people_who_curate_nothing_are_sent_to_the_login_page(world, persona):
    people, objects = world
    client = _client(people[persona])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    question = objects["a"][Question]
    response = client.get(_url(Question, "change", question.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_login_refuses_a_person_who_curates_nothing_with_a_reason(world):
    people, _ = world
    people["staff"].set_password("pw-staff-123")
    people["staff"].save()
    response = Client().post("/admin/login/", {"username": "staff-only", "password": "pw-staff-123"})
    assert response.status_code == 200
    assert "curates no team" in response.content.decode()


@pytest.mark.parametrize(
    "persona,team,other", [("curator_a", "a", "b"), ("admin_a", "a", "b"), ("curator_b", "b", "a")]
)
def test_matrix_curators_reach_only_their_teams_objects(world, persona, team, other):
    people, objects = world
    client = _client(people[persona])
    assert client.get("/admin/").status_code == 200
    for model, model_admin in _scoped_admins().items():
        mine, theirs = objects[team][model], objects[other][model]
        allowed = not model_admin.admins_only or persona == "admin_a"
        listing = client.get(_url(model, "changelist"))
        if not allowed:
            assert listing.status_code == 403, model
            assert client.get(_url(model, "change", mine.pk)).status_code in (403, 404), model
            continue
        assert listing.status_code == 200, model
        ids = {obj.pk for obj in listing.context["cl"].result_list}
        assert mine.pk in ids, model
        assert theirs.pk not in ids, model
        assert client.get(_url(model, "change", mine.pk)).status_code == 200, model
        assert client.get(_url(model, "change", theirs.pk)).status_code == 404, model
        assert client.get(_url(model, "history", theirs.pk)).status_code == 404, model
        assert client.get(_url(model, "delete", theirs.pk)).status_code == 404, model
        if (
            ADD in model_admin.curator_may
            and model_admin.has_add_permission.__func__ is TeamScopedAdmin.has_add_permission
        ):
            assert client.get(_url(model, "add")).status_code == 200, model
        if DELETE not in model_admin.curator_may:
            assert client.post(_url(model, "delete", mine.pk), {"post": "yes"}).status_code == 403, model
            assert model.objects.filter(pk=mine.pk).exists(), model
        assert {VIEW} <= model_admin.curator_may | {CHANGE}


def test_matrix_unscoped_admins_are_closed_to_curators(world):
    people, _ = world
    client = _client(people["admin_a"])
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, TeamScopedAdmin):
            continue
        assert client.get(_url(model, "changelist")).status_code == 403, model


def test_a_superuser_still_sees_every_team(world):
    _, objects = world
    client = _client(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(_url(Question, "changelist"))
    ids = {obj.pk for obj in listing.context["cl"].result_list}
    assert {objects["a"][Question].pk, objects["b"][Question].pk} <= ids


def test_bulk_actions_act_only_on_the_curators_own_objects(world):
    people, objects = world
    client = _client(people["curator_a"])
    mine, theirs = objects["a"][Question], objects["b"][Question]
    response = client.post(
        _url(Question, "changelist"),
        {"action": "close_now", "_selected_action": [mine.pk, theirs.pk]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == Question.Status.CLOSED
    assert theirs.status == Question.Status.OPEN


def test_export_contains_only_the_curators_questions(world):
    people, objects = world
    client = _client(people["curator_a"])
    mine, theirs = objects["a"][Question], objects["b"][Question]
    response = client.post(
        _url(Question, "changelist"), {"action": "export_csv", "_selected_action": [mine.pk, theirs.pk]}
    )
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert mine.title in body
    assert theirs.title not in body


def test_autocomplete_offers_only_the_curators_questions(world):
    people, objects = world
    client = _client(people["curator_a"])
    response = client.get(
        "/admin/autocomplete/",
        {"term": "happen", "app_label": "tracker", "model_name": "questionlink", "field_name": "related"},
    )
    assert response.status_code == 200
    titles = {row["text"] for row in response.json()["results"]}
    assert objects["a"][Question].title in titles
    assert not any("bravo" in title for title in titles)


def test_form_choices_offer_only_the_curators_teams(world):
    people, _ = world
    client = _client(people["curator_a"])
    page = client.get(_url(Question, "add")).content.decode()
    assert "Team A" in page
    assert "Team B" not in page
    assert "bravo scenario" not in page


def test_a_curator_cannot_move_a_question_to_another_team_by_posting_its_id(world):
    people, objects = world
    client = _client(people["curator_a"])
    draft = make_question(team=objects["a"][Question].team, status=Question.Status.DRAFT, title="Draft of A?")
    team_b = objects["b"][Question].team
    url = _url(Question, "change", draft.pk)
    data = admin_form_data(client.get(url))
    assert client.post(url, {**data, "title": "Draft of A, renamed?"}).status_code == 302  # the form posts cleanly
    response = client.post(url, {**data, "team": team_b.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["team"])
    draft.refresh_from_db()
    assert draft.team_id != team_b.pk
    assert draft.title == "Draft of A, renamed?"


def test_every_bulk_action_leaves_another_teams_objects_alone(world):
    """Every action of every scoped admin, posted by team A's admin with only team B's object selected (and any
    answer a follow-up form asks for): team B's row is exactly as it was."""
    people, objects = world
    client = _client(people["admin_a"])
    answers = {"apply": "1", "reason": "Because.", "tag": "moved", "scenario": "", "team": ""}
    for model, model_admin in _scoped_admins().items():
        theirs = objects["b"][model]
        before = model.objects.filter(pk=theirs.pk).values().get()
        names = [action if isinstance(action, str) else action.__name__ for action in model_admin.actions or []]
        for name in [*names, "delete_selected"]:
            response = client.post(
                _url(model, "changelist"), {"action": name, "_selected_action": [theirs.pk], **answers}
            )
            assert response.status_code in (200, 302), (model, name, response.status_code)
            assert model.objects.filter(pk=theirs.pk).values().get() == before, (model, name)


def test_bulk_action_forms_offer_only_the_curators_rows(world):
    people, objects = world
    client = _client(people["curator_a"])
    mine = objects["a"][Question]
    page = client.post(_url(Question, "changelist"), {"action": "assign_scenario", "_selected_action": [mine.pk]})
    text = page.content.decode()
    assert "alpha scenario" in text
    assert "bravo scenario" not in text
    suggestion = objects["a"][ClaimSuggestion]
    page = client.post(
        _url(ClaimSuggestion, "changelist"), {"action": "accept_with_settings", "_selected_action": [suggestion.pk]}
    )
    text = page.content.decode()
    assert "Team A" in text
    assert "Team B" not in text
