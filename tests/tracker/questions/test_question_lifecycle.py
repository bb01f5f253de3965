"""Question lifecycle through the services: the rules, the errors, and nothing half-written."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import SourceFactory, TeamFactory, make_question, member
from tracker.models import Membership, Option, Question, QuestionTransition
from tracker.questions.services.lifecycle import (
    question_annul,
    question_close,
    question_open,
    question_resolve,
    question_schedule,
    question_unresolve,
)
from tracker.questions.services.questions import question_create, question_update
from tracker.questions.signals import question_resolved

pytestmark = pytest.mark.django_db
Status = Question.Status


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def curator(team):
    return member(team, Membership.Role.CURATOR)


def error_dict(caught) -> dict:
    return {field: " ".join(messages) for field, messages in caught.value.message_dict.items()}


def create(*, days_open: float = 1, days_to_resolve: float = 1, **overrides) -> Question:
    """question_create with a valid binary question's arguments, changed by `overrides`."""
    now = timezone.now()
    arguments = {
        "title": "Will it happen?",
        "resolution_criteria": "YES if it happens; NO otherwise.",
        "opens_at": now,
        "scheduled_close_at": now + timedelta(days=days_open),
        "resolve_by": now + timedelta(days=days_to_resolve),
        **overrides,
    }
    return question_create(**arguments)


def test_a_question_must_close_after_it_opens_and_nothing_is_written(team):
    with pytest.raises(ValidationError) as caught:
        create(days_open=-1, team=team)
    assert error_dict(caught) == {"scheduled_close_at": "The question must close after it opens."}
    assert Question.objects.count() == 0


def test_resolve_by_cannot_precede_the_close():
    with pytest.raises(ValidationError) as caught:
        create(days_open=2, days_to_resolve=1)
    assert error_dict(caught) == {"resolve_by": "The resolution deadline cannot be before the question closes."}


def test_dates_need_a_time_zone():
    with pytest.raises(ValidationError) as caught:
        create(opens_at=timezone.now().replace(tzinfo=None))
    assert error_dict(caught) == {"opens_at": "Times must carry a time zone (UTC)."}


@pytest.mark.parametrize(
    ("type", "options", "message"),
    [
        ("binary", ["Yes", "No"], "A binary question has no options; its answers are yes and no."),
        ("multiple_choice", ["Only one"], "A multiple-choice question needs at least two options."),
        ("multiple_choice", ["Same", "Same"], "Option labels must be distinct."),
        ("multiple_choice", ["A", " "], "Every option needs a label."),
    ],
)
def test_option_rules(type, options, message):
    with pytest.raises(ValidationError) as caught:
        create(type=type, options=options)
    assert error_dict(caught) == {"options": message}
    assert Question.objects.count() == Option.objects.count() == 0


def test_origin_quote_must_come_from_the_source():
    source = SourceFactory()
    with pytest.raises(ValidationError) as caught:
        create(origin_source=source, origin_quote="A sentence the article never said.")
    assert error_dict(caught) == {"origin_quote": "The quoted sentence does not appear in the source's text."}
    question = create(origin_source=source, origin_quote="South Korea may send observers to Ukraine.")
    assert question.origin_quote_start == source.text.index("South Korea may")


def test_team_only_questions_need_a_team():
    with pytest.raises(ValidationError) as caught:
        create(visibility=Question.Visibility.TEAM)
    assert error_dict(caught) == {"team": "A team-only question needs a team."}


def test_only_curators_create_team_questions(team):
    with pytest.raises(PermissionDenied):
        create(team=team, created_by=member(team, Membership.Role.FORECASTER))
    assert Question.objects.count() == 0


def test_full_lifecycle_records_each_transition(team, curator):
    question = make_question(team=team, status=Status.DRAFT)
    question_schedule(question=question, actor=curator)
    question = question_open(question=question, actor=curator)
    question = question_close(question=question, actor=curator)
    question = question_resolve(question=question, outcome="yes", resolved_by=curator, notes="It happened.")
    assert question.status == Status.RESOLVED
    assert question.outcome_label == "Yes"
    assert question.resolved_by == curator
    steps = list(QuestionTransition.objects.filter(question=question).values_list("from_status", "to_status"))
    assert steps == [("draft", "scheduled"), ("scheduled", "open"), ("open", "closed"), ("closed", "resolved")]


def test_closing_before_opening_is_refused(team, curator):
    question = make_question(team=team, status=Status.SCHEDULED)
    with pytest.raises(ValidationError) as caught:
        question_close(question=question, actor=curator)
    assert error_dict(caught) == {"status": "Only an open question can be closed; this one is scheduled."}
    question.refresh_from_db()
    assert question.status == Status.SCHEDULED
    assert question.closed_at is None


def test_a_close_time_before_the_open_time_is_refused(team, curator):
    question = make_question(team=team)
    with pytest.raises(ValidationError) as caught:
        question_close(question=question, actor=curator, at=question.opened_at - timedelta(hours=1))
    assert error_dict(caught) == {"at": "A question cannot close before it opened."}
    question.refresh_from_db()
    assert question.status == Status.OPEN


def test_resolving_an_annulled_question_is_refused(team, curator):
    question = make_question(team=team, status=Status.CLOSED)
    question_annul(question=question, annulled_by=curator, reason="The premise failed.")
    with pytest.raises(ValidationError) as caught:
        question_resolve(question=question, outcome="yes", resolved_by=curator)
    assert error_dict(caught) == {"status": "An annulled question cannot be resolved; unresolve it first."}
    question.refresh_from_db()
    assert (question.status, question.resolution) == (Status.ANNULLED, "")


def test_resolving_twice_needs_an_explicit_unresolve(team, curator):
    question = make_question(team=team, status=Status.CLOSED)
    question_resolve(question=question, outcome="no", resolved_by=curator)
    with pytest.raises(ValidationError) as caught:
        question_resolve(question=question, outcome="yes", resolved_by=curator)
    assert "already resolved" in error_dict(caught)["status"]
    question_unresolve(question=question, actor=curator, reason="Wrong source.")
    question.refresh_from_db()
    assert (question.status, question.resolution, question.resolved_at) == (Status.CLOSED, "", None)
    question = question_resolve(question=question, outcome="yes", resolved_by=curator)
    assert question.resolution == "yes"


def test_unresolve_needs_a_reason(team, curator):
    question = make_question(team=team, status=Status.CLOSED)
    question_resolve(question=question, outcome="no", resolved_by=curator)
    with pytest.raises(ValidationError):
        question_unresolve(question=question, actor=curator, reason="  ")


@pytest.mark.parametrize("outcome", ["maybe", "", None, 1])
def test_binary_outcome_must_be_yes_or_no(team, curator, outcome):
    question = make_question(team=team, status=Status.CLOSED)
    with pytest.raises(ValidationError) as caught:
        question_resolve(question=question, outcome=outcome, resolved_by=curator)
    assert "outcome" in caught.value.message_dict
    question.refresh_from_db()
    assert question.status == Status.CLOSED


def test_multiple_choice_resolves_to_one_of_its_options(team, curator):
    question = make_question(team=team, status=Status.CLOSED, type="multiple_choice", options=["Low", "High"])
    with pytest.raises(ValidationError) as caught:
        question_resolve(question=question, outcome="Medium", resolved_by=curator)
    assert error_dict(caught) == {"outcome": "The outcome must be one of this question's options (Low; High)."}
    question = question_resolve(question=question, outcome="High", resolved_by=curator)
    assert question.outcome_label == "High"


def test_early_resolution_with_a_retroactive_close(team, curator):
    question = make_question(team=team)
    event = question.opened_at + timedelta(days=2)
    question = question_resolve(question=question, outcome="yes", resolved_by=curator, effective_close_at=event)
    assert question.status == Status.RESOLVED
    assert question.actual_close_at == event
    assert question.closed_at >= event


def test_retroactive_close_must_fall_inside_the_forecasting_window(team, curator):
    question = make_question(team=team, status=Status.CLOSED)
    with pytest.raises(ValidationError) as caught:
        question_resolve(
            question=question,
            outcome="yes",
            resolved_by=curator,
            effective_close_at=question.opened_at - timedelta(days=1),
        )
    assert "effective_close_at" in caught.value.message_dict
    question.refresh_from_db()
    assert question.status == Status.CLOSED


def test_forecasters_cannot_resolve(team):
    forecaster = member(team, Membership.Role.FORECASTER)
    question = make_question(team=team, status=Status.CLOSED)
    with pytest.raises(PermissionDenied):
        question_resolve(question=question, outcome="yes", resolved_by=forecaster)


def test_annul_needs_a_reason_and_keeps_it(team, curator):
    question = make_question(team=team)
    with pytest.raises(ValidationError):
        question_annul(question=question, annulled_by=curator, reason="")
    question = question_annul(question=question, annulled_by=curator, reason="Duplicate of another question.")
    assert question.status == Status.ANNULLED
    assert question.resolution_notes == "Duplicate of another question."
    assert question.closed_at is not None


def test_signals_are_sent_only_after_commit(team, curator, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, question_id, **kwargs):
        received.append(question_id)

    question_resolved.connect(receiver)
    try:
        question = make_question(team=team, status=Status.CLOSED)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            question_resolve(question=question, outcome="yes", resolved_by=curator)
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [question.pk]
    finally:
        question_resolved.disconnect(receiver)


def test_the_database_refuses_a_resolved_question_without_an_outcome(team):
    question = make_question(team=team, status=Status.CLOSED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(status=Status.RESOLVED, resolved_at=timezone.now())


def test_the_database_refuses_a_close_before_the_open():
    now = timezone.now()
    question = make_question()
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(scheduled_close_at=now - timedelta(days=365))


def test_editing_respects_the_state(team, curator):
    question = make_question(team=team)
    with pytest.raises(ValidationError) as caught:
        question_update(question=question, actor=curator, opens_at=timezone.now())
    assert error_dict(caught) == {"opens_at": "opens_at cannot be changed while the question is open."}
    question = question_update(question=question, actor=curator, fine_print="Times are UTC.")
    assert question.fine_print == "Times are UTC."
    question_close(question=question, actor=curator)
    question_resolve(question=question, outcome="yes", resolved_by=curator)
    with pytest.raises(ValidationError):
        question_update(question=question, actor=curator, title="Rewritten after the fact")
