"""The lifecycle of a question: draft → scheduled → open → closed → resolved | annulled, and unresolve back.

Every step validates, writes inside one transaction, is recorded as a `QuestionTransition`, emits the team's
webhook event in the same transaction; settlements are announced by signals (tracker.questions.signals)."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import User
from tracker.lib.times import now_or
from tracker.questions.models import Option, Question, QuestionTransition
from tracker.questions.payloads import question_data
from tracker.questions.services.questions import question_lock, require_curator
from tracker.questions.services.ranges import resolution_value_clean
from tracker.questions.signals import (
    question_annulled,
    question_annulling,
    question_resolved,
    question_resolving,
    question_unresolved,
)
from tracker.webhooks.models import Webhook
from tracker.webhooks.services.events import webhook_event_emit

Status = Question.Status


def _announce(signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender=Question, **kwargs))


def _transition(
    question: Question, to_status: str, *, at: datetime, actor: User | None, note: str = ""
) -> QuestionTransition:
    from_status = question.status
    question.status = to_status
    return QuestionTransition.objects.create(
        question=question, from_status=from_status, to_status=to_status, at=at, actor=actor, note=note
    )


def _emit_transition(question: Question, event: str, transition: QuestionTransition) -> None:
    """The team's webhooks hear of the transition, in the same transaction (one event per transition)."""
    webhook_event_emit(
        team_id=question.team_id,
        event=event,
        key=f"{event}:question:{question.pk}:transition:{transition.pk}",
        data=lambda: {"question": question_data(question), "note": transition.note},
        occurred_at=transition.at,
    )


# Every field a resolution, annulment or unresolve may change; saved together so a question is never half-settled.
SETTLEMENT_FIELDS = [
    "status",
    "closed_at",
    "resolution",
    "resolved_option",
    "resolution_value",
    "resolved_at",
    "resolved_by",
    "effective_close_at",
    "resolution_notes",
    "updated_at",
]


def question_schedule(*, question: Question, actor: User | None = None) -> Question:
    """Draft → scheduled: the question will open at `opens_at` (the lifecycle job opens it)."""
    require_curator(actor, question)
    with transaction.atomic():
        question = question_lock(question)
        if question.status != Status.DRAFT:
            raise ValidationError({"status": f"Only a draft can be scheduled; this question is {question.status}."})
        _transition(question, Status.SCHEDULED, at=timezone.now(), actor=actor)
        question.save(update_fields=["status", "updated_at"])
    return question


def question_open(*, question: Question, actor: User | None = None, at: datetime | None = None) -> Question:
    """Scheduled → open. Forecasts are accepted from `at` on."""
    require_curator(actor, question)
    at = now_or(at)
    with transaction.atomic():
        question = question_lock(question)
        if question.status != Status.SCHEDULED:
            raise ValidationError({"status": f"Only a scheduled question can open; this one is {question.status}."})
        if at >= question.scheduled_close_at:
            raise ValidationError({"at": "A question cannot open at or after its scheduled close."})
        transition = _transition(question, Status.OPEN, at=at, actor=actor)
        question.opened_at = at
        question.save(update_fields=["status", "opened_at", "updated_at"])
        _emit_transition(question, Webhook.Event.QUESTION_OPENED, transition)
    return question


def question_open_now(*, question: Question, actor: User | None = None) -> Question:
    """Draft or scheduled → open at once; the opening moves to now. A draft opens directly when its dates allow
    (it must still close in the future): the curator's "Open now", in the web editor and the admin."""
    require_curator(actor, question)
    now = timezone.now()
    with transaction.atomic():
        question = question_lock(question)
        if question.status not in (Status.DRAFT, Status.SCHEDULED):
            raise ValidationError(
                {"status": f"Only a draft or scheduled question can open now; this one is {question.status}."}
            )
        if question.scheduled_close_at <= now:
            raise ValidationError(
                {"scheduled_close_at": "The close date has passed: move it into the future before opening."}
            )
        if question.opens_at > now:
            question.opens_at = now
        if question.status == Status.DRAFT:
            _transition(question, Status.SCHEDULED, at=now, actor=actor, note="Opened now from the draft.")
        transition = _transition(question, Status.OPEN, at=now, actor=actor)
        question.opened_at = now
        question.save(update_fields=["status", "opens_at", "opened_at", "updated_at"])
        _emit_transition(question, Webhook.Event.QUESTION_OPENED, transition)
    return question


def question_close(*, question: Question, actor: User | None = None, at: datetime | None = None) -> Question:
    """Open → closed: forecasting ends; the question awaits its resolution."""
    require_curator(actor, question)
    at = now_or(at)
    with transaction.atomic():
        question = question_lock(question)
        if question.status != Status.OPEN:
            raise ValidationError({"status": f"Only an open question can be closed; this one is {question.status}."})
        if at <= question.opened_at:
            raise ValidationError({"at": "A question cannot close before it opened."})
        transition = _transition(question, Status.CLOSED, at=at, actor=actor)
        question.closed_at = at
        question.save(update_fields=["status", "closed_at", "updated_at"])
        _emit_transition(question, Webhook.Event.QUESTION_CLOSED, transition)
    return question


def _outcome_fields(question: Question, outcome) -> dict:
    if question.is_continuous:
        return {
            "resolution": "",
            "resolved_option": None,
            "resolution_value": resolution_value_clean(question, outcome),
        }
    if question.is_binary:
        value = outcome.strip().lower() if isinstance(outcome, str) else outcome
        if value not in Question.BinaryOutcome.values:
            raise ValidationError({"outcome": f"A binary question resolves yes or no; got {outcome!r}."})
        return {"resolution": value, "resolved_option": None}
    options = list(question.options.all())
    if isinstance(outcome, Option):
        chosen = next((option for option in options if option.pk == outcome.pk), None)
    else:
        chosen = next((option for option in options if option.label == outcome), None)
    if chosen is None:
        labels = "; ".join(option.label for option in options)
        raise ValidationError({"outcome": f"The outcome must be one of this question's options ({labels})."})
    return {"resolution": "", "resolved_option": chosen}


def _clear_outcome(question: Question) -> None:
    question.resolution = ""
    question.resolved_option = None
    question.resolution_value = None
    question.effective_close_at = None


def _end_forecasting(question: Question, *, at: datetime) -> None:
    """Resolving or annulling an open question closes it at that moment."""
    if question.status == Status.OPEN:
        if at <= question.opened_at:
            raise ValidationError({"at": "A question cannot close before it opened."})
        question.closed_at = at


def question_resolve(
    *,
    question: Question,
    outcome,
    resolved_by,
    effective_close_at: datetime | None = None,
    notes: str = "",
    at: datetime | None = None,
) -> Question:
    """Open or closed → resolved with an outcome. `effective_close_at` is a retroactive close (the event date)."""
    require_curator(resolved_by, question)
    at = now_or(at)
    with transaction.atomic():
        question = question_lock(question)
        if question.status == Status.RESOLVED:
            raise ValidationError({"status": "This question is already resolved; unresolve it before resolving again."})
        if question.status == Status.ANNULLED:
            raise ValidationError({"status": "An annulled question cannot be resolved; unresolve it first."})
        if question.status not in (Status.OPEN, Status.CLOSED):
            raise ValidationError(
                {"status": f"Only an open or closed question can be resolved; this one is {question.status}."}
            )
        outcome_fields = _outcome_fields(question, outcome)
        _end_forecasting(question, at=at)
        if at < question.closed_at:
            raise ValidationError({"at": "A question cannot be resolved before it closed."})
        if effective_close_at is not None:
            if timezone.is_naive(effective_close_at):
                raise ValidationError({"effective_close_at": "Times must carry a time zone (UTC)."})
            if not question.opened_at < effective_close_at <= question.closed_at:
                raise ValidationError(
                    {
                        "effective_close_at": "The retroactive close must fall after the question opened and no later than it closed."
                    }
                )
        for name, value in outcome_fields.items():
            setattr(question, name, value)
        question.resolved_at = at
        question.resolved_by = resolved_by
        question.effective_close_at = effective_close_at
        question.resolution_notes = notes
        transition = _transition(question, Status.RESOLVED, at=at, actor=resolved_by, note=notes)
        question.full_clean()
        question.save(update_fields=SETTLEMENT_FIELDS)
        _emit_transition(question, Webhook.Event.QUESTION_RESOLVED, transition)
        question_resolving.send(sender=Question, question=question)
    _announce(question_resolved, question_id=question.pk)
    return question


def question_annul(*, question: Question, annulled_by, reason: str, at: datetime | None = None) -> Question:
    """Open, closed or resolved → annulled: the question will not be scored (the premise failed, say)."""
    require_curator(annulled_by, question)
    at = now_or(at)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the question is annulled."})
    with transaction.atomic():
        question = question_lock(question)
        if question.status == Status.ANNULLED:
            raise ValidationError({"status": "This question is already annulled."})
        if question.status not in (Status.OPEN, Status.CLOSED, Status.RESOLVED):
            raise ValidationError(
                {"status": f"Only an open, closed or resolved question can be annulled; this one is {question.status}."}
            )
        _end_forecasting(question, at=at)
        _clear_outcome(question)
        question.resolved_at = at
        question.resolved_by = annulled_by
        question.resolution_notes = reason
        transition = _transition(question, Status.ANNULLED, at=at, actor=annulled_by, note=reason)
        question.save(update_fields=SETTLEMENT_FIELDS)
        _emit_transition(question, Webhook.Event.QUESTION_ANNULLED, transition)
        question_annulling.send(sender=Question, question=question)
    _announce(question_annulled, question_id=question.pk)
    return question


def question_unresolve(*, question: Question, actor: User, reason: str) -> Question:
    """Resolved or annulled → closed, clearing the outcome; the explicit step before resolving again."""
    require_curator(actor, question)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the resolution is withdrawn."})
    with transaction.atomic():
        question = question_lock(question)
        if question.status not in (Status.RESOLVED, Status.ANNULLED):
            raise ValidationError(
                {"status": f"Only a resolved or annulled question can be unresolved; this one is {question.status}."}
            )
        _clear_outcome(question)
        question.resolved_at = None
        question.resolved_by = None
        question.resolution_notes = ""
        transition = _transition(question, Status.CLOSED, at=timezone.now(), actor=actor, note=reason)
        question.save(update_fields=SETTLEMENT_FIELDS)
        _emit_transition(question, Webhook.Event.QUESTION_UNRESOLVED, transition)
    _announce(question_unresolved, question_id=question.pk)
    return question


def questions_due_to_open(*, now: datetime) -> list[int]:
    return list(Question.objects.filter(status=Status.SCHEDULED, opens_at__lte=now).values_list("pk", flat=True))


def questions_due_to_close(*, now: datetime) -> list[int]:
    return list(Question.objects.filter(status=Status.OPEN, scheduled_close_at__lte=now).values_list("pk", flat=True))


def question_apply_schedule(*, question_id: int, now: datetime | None = None) -> str | None:
    """Open or close one question whose scheduled time has come; a no-op when another run already did it.

    The transition takes effect at the scheduled time, not at the sweep's, so a late sweep does not stretch a
    question's forecasting window.
    """
    now = now_or(now)
    with transaction.atomic():
        question = Question.objects.select_for_update(skip_locked=True).filter(pk=question_id).first()
        if question is None:
            return None
        if question.status == Status.SCHEDULED and question.opens_at <= now:
            if question.scheduled_close_at <= now:
                question_open(question=question, at=question.opens_at)
                question_close(question=question, at=question.scheduled_close_at)
                return "opened and closed"
            question_open(question=question, at=question.opens_at)
            return "opened"
        if question.status == Status.OPEN and question.scheduled_close_at <= now:
            close_at = max(question.scheduled_close_at, question.opened_at + timedelta(seconds=1))
            question_close(question=question, at=close_at)
            return "closed"
    return None
