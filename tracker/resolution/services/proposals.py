"""The resolution workflow: forecasters propose an outcome with evidence, curators approve (which resolves the
question through the lifecycle service) or reject with a reason. Every change is kept in the audit history (django-simple-history)."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import User
from tracker.accounts.permissions import CURATING_ROLES, user_can_curate
from tracker.notifications.models import Notification
from tracker.notifications.services.notifications import notifications_send_many
from tracker.questions.models import Option, Question
from tracker.questions.selectors import user_can_see_question
from tracker.questions.services.clarifications import UNSETTLED
from tracker.questions.services.lifecycle import question_resolve
from tracker.questions.services.ranges import resolution_value_clean
from tracker.resolution.models import ResolutionProposal


def _check_outcome(question: Question, outcome: str) -> str:
    outcome = (outcome or "").strip()
    if question.is_continuous:
        resolution_value_clean(question, outcome.replace(",", ""))  # the rule a resolution applies, checked now
        return outcome.replace(",", "")
    if question.is_binary:
        if outcome.lower() not in Question.BinaryOutcome.values:
            raise ValidationError({"outcome": "A binary question resolves yes or no."})
        return outcome.lower()
    labels = list(question.options.values_list("label", flat=True))
    if outcome not in labels:
        raise ValidationError({"outcome": f"The outcome must be one of this question's options ({'; '.join(labels)})."})
    return outcome


def proposal_create(
    *, question: Question, proposed_by: User, outcome: str, evidence_url: str, note: str = ""
) -> ResolutionProposal:
    """Any signed-in reader of an open or closed question may propose its outcome, with a source."""
    if proposed_by is None or not proposed_by.is_authenticated:
        raise PermissionDenied("Sign in to propose a resolution.")
    question = Question.objects.get(pk=question.pk)  # its status now, not when the caller read it
    if not user_can_see_question(user=proposed_by, question=question):
        raise PermissionDenied("No such question.")
    if question.status not in UNSETTLED:
        raise ValidationError(
            {"question": f"Only an open or closed question takes proposals; this one is {question.status}."}
        )
    outcome = _check_outcome(question, outcome)
    try:
        URLValidator(schemes=["http", "https"])(evidence_url)
    except ValidationError:
        raise ValidationError({"evidence_url": "Link the report that settles it (an http or https URL)."}) from None
    with transaction.atomic():
        proposal = ResolutionProposal.objects.create(
            question=question, proposed_by=proposed_by, outcome=outcome, evidence_url=evidence_url, note=note
        )
        _tell_curators(
            proposal,
            title=f"Proposed {outcome}: {question.title}",
            body=f"{proposed_by} proposes “{outcome}” citing {evidence_url}. {note}".strip(),
            url=reverse("admin:tracker_resolutionproposal_change", args=[proposal.pk]),
            besides=proposed_by,
        )
    return proposal


def _tell_curators(
    proposal: ResolutionProposal, *, title: str, body: str, url: str, besides: User | None = None
) -> None:
    """Tell the question's curators of a new proposal (not the curator who made it), in its transaction."""
    question = proposal.question
    team_id = question.team_id or 0  # a question without a team has no curators to tell
    curators = User.objects.filter(
        memberships__team_id=team_id, memberships__role__in=CURATING_ROLES, is_active=True
    ).distinct()
    notifications_send_many(
        [
            {
                "recipient": curator,
                "kind": Notification.Kind.PROPOSAL,
                "subject": f"question:{question.pk}",
                "window": f"proposal-{proposal.pk}",
                "title": title,
                "body": body,
                "url": url,
                "question": question,
            }
            for curator in curators
            if besides is None or curator.pk != besides.pk
        ]
    )


def proposal_hint(*, question: Question, article_id: int, url: str, quote: str) -> ResolutionProposal | None:
    """A resolution hint: the story monitor read an article reporting the question's event inside its window, and
    proposes "yes" quoting it. Pending like any proposal (never applied without a curator), once per article and
    question; the question's curators are told. None when the question takes no proposal now."""
    question = Question.objects.get(pk=question.pk)
    if question.status not in UNSETTLED or question.type != Question.Type.BINARY:
        return None
    if ResolutionProposal.objects.filter(question=question, article_id=article_id).exists():
        return None
    with transaction.atomic():
        proposal = ResolutionProposal.objects.create(
            question=question,
            proposed_by=None,
            outcome="yes",
            evidence_url=url,
            article_id=article_id,
            quote=quote[:2000],
            note="The story monitor read this report of the event.",
        )
        _tell_curators(
            proposal,
            title=f"The news may settle it: {question.title}",
            body=f"“{quote[:300]}” ({url})",
            url=reverse("inbox"),
        )
    return proposal


def _lock_pending(proposal: ResolutionProposal) -> ResolutionProposal:
    proposal = ResolutionProposal.objects.select_for_update().select_related("question").get(pk=proposal.pk)
    if proposal.state != ResolutionProposal.State.PENDING:
        raise ValidationError({"state": f"This proposal was already {proposal.state}."})
    return proposal


def proposal_approve(
    *, proposal: ResolutionProposal, curator: User, notes: str = "", effective_close_at: datetime | None = None
) -> ResolutionProposal:
    """Resolve the question with the proposed outcome; the other pending proposals are overtaken (superseded)."""
    with transaction.atomic():
        proposal = _lock_pending(proposal)
        question = proposal.question
        if not user_can_curate(user=curator, question=question):
            raise PermissionDenied("Only the question's curators can approve a resolution.")
        if question.status not in UNSETTLED:
            raise ValidationError(
                {"question": f"The question is already {question.status}; the proposal cannot be approved."}
            )
        outcome: str | Option
        if question.is_binary or question.is_continuous:
            outcome = proposal.outcome
        else:
            outcome = question.options.get(label=proposal.outcome)
        # Decided first: the resolution then overtakes only the other pending proposals (proposals_supersede, on
        # question_resolving); a refused resolution rolls this back too.
        _decide(proposal, curator, ResolutionProposal.State.APPROVED, timezone.now())
        question_resolve(
            question=question,
            outcome=outcome,
            resolved_by=curator,
            notes=notes or f"{proposal.note} Source: {proposal.evidence_url}".strip(),
            effective_close_at=effective_close_at,
        )
    return proposal


def proposals_supersede(*, question_id: int, reason: str) -> int:
    """Pending proposals of a question that was settled another way: marked overtaken, never left waiting for a
    curator. Returns how many."""
    # Only the proposals are locked, not the joined question and proposer rows.
    pending = ResolutionProposal.objects.select_for_update(of=("self",)).filter(
        question_id=question_id, state=ResolutionProposal.State.PENDING
    )
    now = timezone.now()
    overtaken = []
    for proposal in pending.select_related("question", "proposed_by"):
        proposal.state, proposal.decided_at, proposal.reason = ResolutionProposal.State.SUPERSEDED, now, reason
        proposal.decided_by_id = proposal.question.resolved_by_id  # who settled the question
        proposal.save(update_fields=["state", "decided_by", "decided_at", "reason"])
        overtaken.append(proposal)
    _tell_proposers(overtaken)
    return len(overtaken)


def proposal_reject(*, proposal: ResolutionProposal, curator: User, reason: str) -> ResolutionProposal:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why the proposal is rejected; the proposer sees it."})
    with transaction.atomic():
        proposal = _lock_pending(proposal)
        if not user_can_curate(user=curator, question=proposal.question):
            raise PermissionDenied("Only the question's curators can reject a proposal.")
        return _decide(proposal, curator, ResolutionProposal.State.REJECTED, timezone.now(), reason=reason.strip())


def _decide(proposal, curator, state, at, reason: str = "") -> ResolutionProposal:
    proposal.state, proposal.decided_by, proposal.decided_at, proposal.reason = state, curator, at, reason
    proposal.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    _tell_proposers([proposal])
    return proposal


_DECIDED_TITLES = {
    ResolutionProposal.State.APPROVED: "Your proposal was approved",
    ResolutionProposal.State.REJECTED: "Your proposal was rejected",
    ResolutionProposal.State.SUPERSEDED: "Your proposal was overtaken",
}


def _tell_proposers(proposals: Sequence[ResolutionProposal]) -> None:
    """Tell each proposer what became of their proposal, in the deciding transaction (the notification exists
    exactly when the decision does). Not the proposer who decided it themselves, nor one who may no longer see the
    question (the decision would tell them its outcome)."""
    drafts = []
    for proposal in proposals:
        question, proposer = proposal.question, proposal.proposed_by
        if proposer is None or proposer.pk == proposal.decided_by_id or not proposer.is_active:
            continue
        if not user_can_see_question(user=proposer, question=question):
            continue
        reason = f" {proposal.reason}" if proposal.reason else ""
        drafts.append(
            {
                "recipient": proposer,
                "kind": Notification.Kind.PROPOSAL_DECIDED,
                "subject": f"question:{question.pk}",
                "window": f"proposal-{proposal.pk}",
                "title": f"{_DECIDED_TITLES[proposal.state]}: {question.title}",
                "body": f"You proposed “{proposal.outcome}”; it was {proposal.get_state_display().lower()}.{reason}",
                "url": question.get_absolute_url(),
                "question": question,
            }
        )
    notifications_send_many(drafts)
