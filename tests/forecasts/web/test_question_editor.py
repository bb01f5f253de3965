"""The web question editor and the resolve page, for curators: every refusal is a form error (a 400) with nothing
written, and the same rules as the services apply."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, make_question, member
from tracker.accounts.models import Membership
from tracker.models import Clarification, Notification, Question, QuestionTransition, ResolutionProposal
from tracker.questions.services.evidence import evidence_add
from tracker.resolution.services.proposals import proposal_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(name="Korea desk")


@pytest.fixture
def curator(team):
    return member(team, Membership.Role.CURATOR, username="riley")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _local(moment) -> str:
    """As the browser's datetime-local input sends it (the reader's zone; UTC by default)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return local.strftime("%Y-%m-%dT%H:%M")


def _new_form(team, **overrides):
    now = timezone.now()
    return {
        "title": "Will Seoul send air-defence systems to Ukraine by 2027?",
        "type": "binary",
        "options": "",
        "team": team.pk,
        "visibility": "team",
        "scenario": "",
        "tags": "aid, ukraine",
        "background": "",
        "resolution_criteria": "YES if a South Korean government source confirms a delivery.",
        "fine_print": "",
        "opens_at": _local(now + timedelta(days=1)),
        "scheduled_close_at": _local(now + timedelta(days=60)),
        "resolve_by": _local(now + timedelta(days=70)),
        **overrides,
    }


def test_a_curator_creates_a_draft_edits_it_and_opens_it_now(team, curator):
    client = _client(curator)
    assert client.get("/questions/new/").status_code == 200
    response = client.post("/questions/new/", _new_form(team))
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.status == Question.Status.DRAFT
    assert question.team == team
    assert question.created_by == curator
    assert sorted(question.tags.values_list("name", flat=True)) == ["aid", "ukraine"]
    edit_url = f"/questions/{question.slug}/edit/"
    page = client.get(edit_url).content.decode()
    assert "Save and open now" in page
    assert "Save and schedule" in page
    edited = client.post(edit_url, _new_form(team, title="Will Seoul send Cheongung systems to Ukraine by 2027?"))
    assert edited.status_code == 302
    question.refresh_from_db()
    assert question.title.startswith("Will Seoul send Cheongung")
    opened = client.post(f"/questions/{question.slug}/lifecycle/", {"action": "open-now"})
    assert opened.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert question.opens_at <= timezone.now()
    assert question.opened_at == question.opens_at
    steps = list(QuestionTransition.objects.filter(question=question).values_list("to_status", flat=True))
    assert steps == ["scheduled", "open"]


def _edit_form(client, question) -> dict:
    """The editor's form as the page fills it, ready to post back."""
    form = client.get(f"/questions/{question.slug}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields if not form.fields[name].disabled}
    return {name: (_local(value) if hasattr(value, "tzinfo") else value or "") for name, value in data.items()}


def test_open_now_saves_the_forms_unsaved_edits_first(team, curator):
    """ "Open now" opened the drafted wording and threw away what the curator had typed (issue #28, 3)."""
    question = make_question(team=team, status=Question.Status.DRAFT, title="Will the drafted wording stay?")
    client = _client(curator)
    data = _edit_form(client, question)
    data["title"] = "Will Seoul confirm the delivery of Cheongung systems to Ukraine by 2027?"
    response = client.post(f"/questions/{question.slug}/edit/", {**data, "lifecycle": "open-now"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert question.title == data["title"]
    assert not Clarification.objects.exists()  # edited before it opened: nobody to tell


def test_a_lifecycle_step_with_an_invalid_edit_changes_nothing_and_keeps_what_was_typed(team, curator):
    question = make_question(team=team, status=Question.Status.DRAFT, title="Will the drafted wording stay?")
    client = _client(curator)
    data = _edit_form(client, question)
    data["title"] = "Will the typed wording survive a refusal?"
    data["scheduled_close_at"] = "2020-01-01T00:00"
    response = client.post(f"/questions/{question.slug}/edit/", {**data, "lifecycle": "open-now"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Will the typed wording survive a refusal?"' in page
    # The errors come first, where the eye is, each linked to its field.
    summary = page.index("data-error-summary")
    assert summary < page.index('<label for="id_title">')
    assert '<a href="#id_scheduled_close_at">' in page[summary:]
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT
    assert question.title == "Will the drafted wording stay?"


def test_close_now_asks_again_and_keeps_the_form(team, curator):
    question = make_question(team=team)
    client = _client(curator)
    data = _edit_form(client, question)
    asked = client.post(f"/questions/{question.slug}/edit/", {**data, "lifecycle": "close-now"})
    assert asked.status_code == 200
    assert "Close this question now?" in asked.content.decode()
    assert 'name="confirmed" value="close-now"' in asked.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    closed = client.post(
        f"/questions/{question.slug}/edit/", {**data, "lifecycle": "close-now", "confirmed": "close-now"}
    )
    assert closed.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.CLOSED
    # The step-only endpoint asks too.
    other = make_question(team=team, title="Will the other one close?")
    assert (
        "Close this question now?"
        in client.post(f"/questions/{other.slug}/lifecycle/", {"action": "close-now"}).content.decode()
    )
    other.refresh_from_db()
    assert other.status == Question.Status.OPEN


def test_an_open_questions_missing_clarification_is_named_at_the_top(team, curator):
    """The only message was ~1,900 px down the page (issue #28, 5)."""
    question = make_question(team=team)
    client = _client(curator)
    data = _edit_form(client, question)
    data["resolution_criteria"] = "YES if two sources confirm it."
    page = client.post(f"/questions/{question.slug}/edit/", data).content.decode()
    summary = page.index("data-error-summary")
    assert summary < page.index('<label for="id_title">')
    assert '<a href="#id_clarification">' in page[summary : page.index('<label for="id_title">')]


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"scheduled_close_at": "2020-01-01T00:00"}, "scheduled_close_at", "must close after it opens"),
        ({"type": "multiple_choice", "options": "Only one"}, "options", "at least two options"),
        ({"type": "binary", "options": "Yes\nNo"}, "options", "binary question has no options"),
        ({"resolution_criteria": ""}, "resolution_criteria", "required"),
    ],
)
def test_the_editor_shows_the_services_refusals_and_writes_nothing(team, curator, overrides, field, message):
    response = _client(curator).post("/questions/new/", _new_form(team, **overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert not Question.objects.exists()


def test_a_curator_cannot_create_for_another_team(team, curator):
    other = TeamFactory(name="Other desk")
    response = _client(curator).post("/questions/new/", _new_form(other))
    assert response.status_code == 400
    assert "team" in response.context["form"].errors
    assert not Question.objects.exists()


def test_forecasters_cannot_reach_the_editor(team):
    forecaster = member(team, Membership.Role.FORECASTER)
    question = make_question(team=team, status=Question.Status.DRAFT)
    client = _client(forecaster)
    assert client.get("/questions/new/").status_code == 403
    assert client.get(f"/questions/{question.slug}/edit/").status_code == 404  # a draft is not theirs to see
    open_question = make_question(team=team, title="Open one?")
    assert client.get(f"/questions/{open_question.slug}/edit/").status_code == 403


def test_a_draft_whose_close_has_passed_cannot_open_now(team, curator):
    question = make_question(
        team=team, status=Question.Status.DRAFT, opens_in=timedelta(days=-30), closes_in=timedelta(days=-1)
    )
    response = _client(curator).post(f"/questions/{question.slug}/lifecycle/", {"action": "open-now"})
    assert response.status_code == 400
    assert "close date has passed" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT


def test_illegal_transitions_are_refused_on_the_page(team, curator):
    question = make_question(team=team)  # open
    response = _client(curator).post(f"/questions/{question.slug}/lifecycle/", {"action": "schedule"})
    assert response.status_code == 400
    assert "Only a draft can be scheduled" in response.content.decode()


def test_editing_an_open_questions_wording_needs_a_clarification_that_notifies_forecasters(team, curator):
    question = make_question(team=team, visibility="team")
    forecaster = member(team, Membership.Role.FORECASTER)
    forecast_submit(user=forecaster, question=question, probability=0.3)
    client = _client(curator)
    form = client.get(f"/questions/{question.slug}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields if not form.fields[name].disabled}
    data = {name: (_local(value) if hasattr(value, "tzinfo") else value or "") for name, value in data.items()}
    untouched = client.post(f"/questions/{question.slug}/edit/", data)
    assert untouched.status_code == 302  # nothing changed: no clarification needed, no date moved
    before = question.scheduled_close_at
    question.refresh_from_db()
    assert question.scheduled_close_at == before
    assert not Clarification.objects.exists()
    data["resolution_criteria"] = "YES if the delivery is confirmed by two sources."
    refused = client.post(f"/questions/{question.slug}/edit/", data)
    assert refused.status_code == 400
    assert "clarification" in refused.context["form"].errors
    question.refresh_from_db()
    assert question.resolution_criteria != data["resolution_criteria"]
    data["clarification"] = "Two independent sources are now required."
    assert client.post(f"/questions/{question.slug}/edit/", data).status_code == 302
    question.refresh_from_db()
    assert question.resolution_criteria == data["resolution_criteria"]
    assert Clarification.objects.get(question=question).text == data["clarification"]
    assert Notification.objects.filter(recipient=forecaster, kind=Notification.Kind.CLARIFICATION).exists()
    # The opening date and the team are fixed once open: shown, not editable.
    assert form.fields["opens_at"].disabled
    assert form.fields["team"].disabled


def test_the_resolve_page_shows_proposals_beside_evidence_and_approves_one(team, curator):
    question = make_question(team=team)
    forecaster = member(team, Membership.Role.FORECASTER)
    evidence_add(question=question, title="Ministry statement", url="https://example.org/statement")
    first = proposal_create(
        question=question, proposed_by=forecaster, outcome="yes", evidence_url="https://example.org/a"
    )
    second = proposal_create(
        question=question, proposed_by=forecaster, outcome="no", evidence_url="https://example.org/b"
    )
    client = _client(curator)
    page = client.get(f"/questions/{question.slug}/resolve/").content.decode()
    assert "https://example.org/a" in page
    assert "Ministry statement" in page
    refused = client.post(
        f"/questions/{question.slug}/resolve/",
        {"action": "decide", "proposal-proposal": second.pk, "proposal-decision": "reject", "proposal-reason": ""},
    )
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    approved = client.post(
        f"/questions/{question.slug}/resolve/",
        {"action": "decide", "proposal-proposal": first.pk, "proposal-decision": "approve"},
    )
    assert approved.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.RESOLVED
    assert question.resolution == "yes"
    states = dict(ResolutionProposal.objects.values_list("pk", "state"))
    assert states == {first.pk: "approved", second.pk: "superseded"}


def test_annul_and_unresolve_from_the_resolve_page_need_a_reason(team, curator):
    question = make_question(team=team)
    client = _client(curator)
    url = f"/questions/{question.slug}/resolve/"
    refused = client.post(url, {"action": "annul", "annul-reason": ""})
    assert refused.status_code == 400
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert client.post(url, {"action": "annul", "annul-reason": "The talks never took place."}).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.ANNULLED
    assert client.post(url, {"action": "unresolve", "unresolve-reason": "Annulled by mistake."}).status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.CLOSED


def test_a_retroactive_close_outside_the_window_is_a_form_error(team, curator):
    question = make_question(team=team)
    response = _client(curator).post(
        f"/questions/{question.slug}/resolve/",
        {"action": "resolve", "outcome": "yes", "notes": "", "effective_close_at": "2001-01-01 00:00"},
    )
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
