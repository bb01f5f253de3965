"""Celery tasks of the question lifecycle. Thin: they take ids, call a service, and are safe to run twice."""

import logging

from celery import shared_task
from django.utils import timezone

from tracker.questions.services.lifecycle import question_apply_schedule, questions_due_to_close, questions_due_to_open

logger = logging.getLogger(__name__)


@shared_task(name="tracker.sweep_question_lifecycle", ignore_result=True)
def sweep_question_lifecycle() -> None:
    """Every minute: open scheduled questions whose time has come and close open ones past their close."""
    now = timezone.now()
    for question_id in questions_due_to_open(now=now) + questions_due_to_close(now=now):
        apply_question_schedule.delay(question_id)  # inside a worker: a broker failure should fail the sweep


@shared_task(
    name="tracker.apply_question_schedule",
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
    ignore_result=True,
)
def apply_question_schedule(question_id: int) -> str | None:
    result = question_apply_schedule(question_id=question_id)
    if result:
        logger.info("Question %s %s by schedule", question_id, result)
    return result
