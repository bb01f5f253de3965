"""The lifecycle job: opens and closes questions at their scheduled times, and is safe to run twice."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.factories import make_question
from tracker.models import Question, QuestionTransition
from tracker.questions.services.lifecycle import question_apply_schedule
from tracker.questions.tasks import sweep_question_lifecycle

pytestmark = pytest.mark.django_db
START = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)


@time_machine.travel(START, tick=False)
def test_due_questions_open_and_close_at_their_scheduled_times(celery_eager):
    opening = make_question(
        status=Question.Status.SCHEDULED, opens_in=timedelta(minutes=-5), closes_in=timedelta(days=3)
    )
    closing = make_question(opens_in=timedelta(days=-3), closes_in=timedelta(days=1))
    later = make_question(status=Question.Status.SCHEDULED, opens_in=timedelta(days=1), closes_in=timedelta(days=3))

    with time_machine.travel(START + timedelta(days=2), tick=False):
        sweep_question_lifecycle.apply()  # eager here; a real worker runs it in tests/integration

    opening.refresh_from_db()
    closing.refresh_from_db()
    later.refresh_from_db()
    assert opening.status == Question.Status.OPEN
    assert opening.opened_at == opening.opens_at  # takes effect at the scheduled time, not the sweep's
    assert closing.status == Question.Status.CLOSED
    assert closing.closed_at == closing.scheduled_close_at
    assert later.status == Question.Status.OPEN


@time_machine.travel(START, tick=False)
def test_applying_the_schedule_twice_changes_nothing_the_second_time():
    question = make_question(status=Question.Status.SCHEDULED, opens_in=timedelta(minutes=-1))
    assert question_apply_schedule(question_id=question.pk) == "opened"
    assert question_apply_schedule(question_id=question.pk) is None
    assert QuestionTransition.objects.filter(question=question, to_status="open").count() == 1


@time_machine.travel(START, tick=False)
def test_a_question_whose_whole_window_passed_unnoticed_is_opened_then_closed():
    question = make_question(
        status=Question.Status.SCHEDULED, opens_in=timedelta(days=-3), closes_in=timedelta(days=-1)
    )
    assert question_apply_schedule(question_id=question.pk) == "opened and closed"
    question.refresh_from_db()
    assert (question.opened_at, question.closed_at) == (question.opens_at, question.scheduled_close_at)


def test_a_missing_question_is_a_no_op():
    assert question_apply_schedule(question_id=987654) is None
