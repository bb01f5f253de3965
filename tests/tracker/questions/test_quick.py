"""Quick questions: any member may pose one (it opens at once, team-only); a curator promotes it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import TeamFactory, member
from tracker.accounts.models import Membership
from tracker.models import Question
from tracker.questions.services.questions import question_create
from tracker.questions.services.quick import question_ask, question_promote, quick_title

pytestmark = pytest.mark.django_db


def test_a_member_asks_and_it_opens_team_only():
    team = TeamFactory()
    asker = member(team)
    question = question_ask(
        team=team, asked_by=asker, text="  will  Seoul send observers ", closes_at=timezone.now() + timedelta(days=30)
    )
    question.refresh_from_db()
    assert question.title == "will Seoul send observers?"
    assert (question.status, question.visibility, question.quick, question.created_by) == (
        Question.Status.OPEN,
        Question.Visibility.TEAM,
        True,
        asker,
    )
    assert team.name in question.resolution_criteria


@pytest.mark.parametrize(
    ("text", "closes_in", "field"),
    [
        ("Will it?", timedelta(days=3), "title"),
        ("Will the observers go to Ukraine?", timedelta(minutes=10), "closes_at"),
        ("Will the observers go to Ukraine?", timedelta(days=6 * 365), "closes_at"),
        ("Will " + "very " * 80 + "long?", timedelta(days=3), "title"),
    ],
)
def test_a_bad_quick_question_names_the_field_and_creates_nothing(text, closes_in, field):
    team = TeamFactory()
    with pytest.raises(ValidationError) as error:
        question_ask(team=team, asked_by=member(team), text=text, closes_at=timezone.now() + closes_in)
    assert field in error.value.message_dict
    assert not Question.objects.exists()


def test_only_members_ask_and_only_curators_promote():
    team = TeamFactory()
    with pytest.raises(PermissionDenied):
        question_ask(
            team=team,
            asked_by=member(TeamFactory()),
            text="Will the talks resume?",
            closes_at=timezone.now() + timedelta(days=9),
        )
    question = question_ask(
        team=team, asked_by=member(team), text="Will the talks resume?", closes_at=timezone.now() + timedelta(days=9)
    )
    with pytest.raises(PermissionDenied):
        question_promote(question=question, curator=member(team))
    promoted = question_promote(question=question, curator=member(team, Membership.Role.CURATOR))
    assert not promoted.quick
    with pytest.raises(ValidationError):
        question_promote(question=promoted, curator=member(team, Membership.Role.CURATOR))


def test_titles_end_with_one_question_mark():
    assert quick_title("Will it rain.") == "Will it rain?"
    assert quick_title("Will it rain?") == "Will it rain?"


def test_the_questions_history_records_who_asked_and_that_it_is_quick_from_the_first_row():
    team = TeamFactory()
    asker = member(team)
    question = question_ask(
        team=team, asked_by=asker, text="Will Seoul send observers?", closes_at=timezone.now() + timedelta(days=30)
    )
    first = question.history.order_by("history_date", "history_id").first()
    assert (first.created_by_id, first.quick) == (asker.pk, True)


def test_only_a_quick_question_may_be_created_by_a_member_who_does_not_curate():
    team = TeamFactory()
    forecaster = member(team)
    outsider = member(TeamFactory())
    fields = {
        "title": "Will Seoul send observers to Ukraine?",
        "resolution_criteria": "Yes if an official statement says so.",
        "opens_at": timezone.now(),
        "scheduled_close_at": timezone.now() + timedelta(days=30),
        "resolve_by": timezone.now() + timedelta(days=37),
        "team": team,
        "visibility": Question.Visibility.TEAM,
    }
    with pytest.raises(PermissionDenied):
        question_create(**fields, created_by=forecaster)
    with pytest.raises(PermissionDenied):
        question_create(**fields, created_by=outsider, quick=True)
    assert question_create(**fields, created_by=forecaster, quick=True).quick
