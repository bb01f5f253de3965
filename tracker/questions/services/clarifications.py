"""Clarifications: a timestamped amendment to a question's criteria, of which its forecasters are told, and the rule
that an open question's wording or dates change only with one."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tracker.accounts.models import User
from tracker.accounts.permissions import user_can_curate
from tracker.notifications.models import Notification
from tracker.notifications.services.notifications import notifications_send_many
from tracker.questions.hooks import forecasters_of
from tracker.questions.models import Clarification, Question

# A question forecasters are still relying on: open, or closed and awaiting its outcome.
UNSETTLED = (Question.Status.OPEN, Question.Status.CLOSED)


def clarification_validate(*, question: Question, curator: User, text: str) -> Question:
    """Every check clarification_add makes before writing (forms show them as errors); the question as it is now."""
    if not user_can_curate(user=curator, question=question):
        raise PermissionDenied("Only the question's curators can clarify it.")
    if not (text or "").strip():
        raise ValidationError({"text": "Write the clarification."})
    question = Question.objects.get(pk=question.pk)
    if question.status not in (Question.Status.DRAFT, Question.Status.SCHEDULED, *UNSETTLED):
        raise ValidationError({"question": f"A {question.status} question cannot be clarified; unresolve it first."})
    return question


def clarification_add(*, question: Question, curator: User, text: str) -> Clarification:
    """Amend the criteria (timestamped); forecasters with a forecast on the question are notified once."""
    question = clarification_validate(question=question, curator=curator, text=text)
    with transaction.atomic():
        clarification = Clarification.objects.create(question=question, text=text.strip(), created_by=curator)
        forecasters = forecasters_of(question)  # forecasts answers, registered at start-up
        notifications_send_many(
            [
                {
                    "recipient": user,
                    "kind": Notification.Kind.CLARIFICATION,
                    "subject": f"question:{question.pk}",
                    "window": f"clarification-{clarification.pk}",
                    "title": f"Clarified: {question.title}",
                    "body": clarification.text,
                    "url": question.get_absolute_url(),
                    "question": question,
                }
                for user in forecasters
            ]
        )
    return clarification


# Once a question is open, forecasters rely on its wording and its dates: a change to them comes with a
# clarification, which the forecasters are notified of.
NEEDS_CLARIFICATION = {"title", "background", "resolution_criteria", "fine_print", "scheduled_close_at", "resolve_by"}


def question_edit_needs_clarification(*, question: Question, fields: dict[str, Any], clarification: str = "") -> bool:
    """Whether this edit adds a clarification; refuses (a field error on `clarification`) an edit of an open or
    closed question's wording or dates that does not say what changed. Forms call it to show the refusal."""
    changed = {name for name, value in fields.items() if getattr(question, name) != value}
    needed = question.status in UNSETTLED and bool(changed & NEEDS_CLARIFICATION)
    if needed and not (clarification or "").strip():
        raise ValidationError(
            {
                "clarification": "Say what changed: forecasters are notified of changes to an open question's "
                "wording or dates."
            }
        )
    return needed
