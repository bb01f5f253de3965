"""What another team's curator can learn in the admin (issue #27, 3 and 4): coherence warnings quote community
values only where the reader may see them (the one crowd-visibility rule), and no sidebar filter names another
team's objects, even through a relation ("question__scenario")."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from forecasts.services.catch_up import engine_catch_up
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, make_question, member
from tracker.accounts.models import Membership
from tracker.admin.scoping import TeamScopedAdmin
from tracker.models import Question, QuestionLink, Scenario
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.questions import question_link_create

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def w():
    desk, elsewhere = TeamFactory(name="Desk"), TeamFactory(name="Elsewhere")
    desk_curator = member(desk, Role.CURATOR, username="desk-curator")
    their_curator = member(elsewhere, Role.CURATOR, username="their-curator")
    secret = Scenario.objects.create(slug="secret-storyline", title="Secret storyline", team=desk)
    # The desk's public question hides its crowd until one forecasts; the desk's forecasters put it at 61%.
    hidden = make_question(team=desk, title="Will the hidden thing happen by 2031?", closes_in=timedelta(days=90))
    Question.objects.filter(pk=hidden.pk).update(hide_crowd_until_forecast=True, scenario=secret)
    hidden.refresh_from_db()
    evidence_add(question=hidden, title="Desk report", url="https://example.org/desk")
    for n in range(3):
        forecast_submit(user=member(desk, username=f"desk{n}"), question=hidden, probability=0.61)
    # Another team's curator links their own question (earlier deadline, 90%) to it: an incoherent pair.
    public = Scenario.objects.create(slug="public-storyline", title="Public storyline")
    theirs = make_question(
        team=elsewhere, title="Will the hidden thing happen by 2030?", closes_in=timedelta(days=30), scenario=public
    )
    evidence_add(question=theirs, title="Their report", url="https://example.org/theirs")
    for n in range(3):
        forecast_submit(user=member(elsewhere, username=f"else{n}"), question=theirs, probability=0.9)
    question_link_create(kind=QuestionLink.Kind.LATER_DEADLINE, question=theirs, related=hidden, actor=their_curator)
    engine_catch_up()
    return {"desk_curator": desk_curator, "their_curator": their_curator, "hidden": hidden, "theirs": theirs}


def _change_page(user, question) -> str:
    return _client(user).get(reverse("admin:tracker_question_change", args=[question.pk])).content.decode()


def test_another_team_s_curator_is_not_shown_a_hidden_crowd_in_coherence_warnings(w):
    page = _change_page(w["their_curator"], w["theirs"])
    assert "Will the hidden thing happen by 2030?" in page
    assert "61%" not in page
    assert "Coherence warnings" in page
    flagged = _client(w["their_curator"]).get(reverse("admin:tracker_question_changelist") + "?coherence=warnings")
    assert "Will the hidden thing happen by 2030?" not in flagged.content.decode()
    # The API, asked for the same value, also refuses it: the two now agree.
    api = _client(w["their_curator"]).get(f"/api/v1/questions/{w['hidden'].pk}/community/")
    assert api.status_code == 403


def test_whoever_may_see_both_crowds_is_shown_the_warning(w):
    superuser = member(TeamFactory(), Role.ADMIN, username="root", is_superuser=True, is_staff=True)
    page = _change_page(superuser, w["theirs"])
    assert "(61%)" in page
    assert "(90%)" in page
    flagged = _client(superuser).get(reverse("admin:tracker_question_changelist") + "?coherence=warnings")
    assert "Will the hidden thing happen by 2030?" in flagged.content.decode()


def test_no_sidebar_filter_names_another_team_s_private_scenario(w):
    client = _client(w["their_curator"])
    scoped = [model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, TeamScopedAdmin)]
    assert len(scoped) >= 10
    for model in scoped:
        response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        if response.status_code != 200:
            continue  # admins only for team admins (webhooks): refused, which names nothing
        page = response.content.decode()
        assert "Secret storyline" not in page, model
    evidence_list = client.get(reverse("admin:tracker_evidence_changelist")).content.decode()
    assert "Their report" in evidence_list
    assert "By scenario" in evidence_list
    assert "Public storyline" in evidence_list
