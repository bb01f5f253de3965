"""The resolve page: reached by a signed-in curator, or through the one-click link in a due-for-resolution reminder
(tracker.resolution.services.links: a path segment, valid for one use; the first form posted through it grants this browser
session the right to resolve the question as the link's curator for an hour)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from forecasts.web.forms import ProposalDecisionForm, ReasonForm, ResolveForm
from tracker.accounts.permissions import user_can_curate
from tracker.accounts.requests import PageRequest
from tracker.lib.forms import add_service_errors
from tracker.models import Question
from tracker.questions.selectors import access_question, question_evidence
from tracker.questions.services import lifecycle
from tracker.resolution.models import ResolutionProposal
from tracker.resolution.services.links import LinkRefused, resolve_grant_user, resolve_link_use, resolve_link_user
from tracker.resolution.services.proposals import proposal_approve, proposal_reject

TEMPLATE = "web/question_resolve.html"


def _question(slug: str) -> Question:
    question = Question.objects.filter(slug=slug).first()
    if question is None:
        raise Http404("No such question.")
    return question


def _refused(request: PageRequest, error: LinkRefused):
    return render(request, TEMPLATE, {"question": None, "link_error": True, "link_used": error.used}, status=403)


def question_resolve_link(request: PageRequest, slug: str, token: str):
    """The link from a reminder: GET shows the page (nothing is spent, so mail scanners that open links do no
    harm); the first POST spends the link and resolves."""
    question = _question(slug)
    try:
        if request.method == "POST":
            resolver = resolve_link_use(token=token, question=question, session=request.session)
        else:
            resolver = resolve_link_user(token=token, question=question)
    except LinkRefused as error:
        return _refused(request, error)
    # Until the link is spent the form posts back to it; after, to the page this session may now use.
    action = request.path if request.method == "GET" else reverse("question-resolve", args=[question.slug])
    return _resolve_page(request, question, resolver, action=action)


def question_resolve(request: PageRequest, slug: str):
    """The resolve page for a signed-in curator, or for this session's curator after a link was used in it."""
    question = _question(slug)
    resolver = resolve_grant_user(session=request.session, question=question)
    if resolver is None and request.user.is_authenticated:
        resolver = request.user
    if resolver is None:
        return render(request, TEMPLATE, {"question": None, "sign_in": True}, status=403)
    return _resolve_page(request, question, resolver, action=request.path)


def _resolve_page(request: PageRequest, question: Question, resolver, *, action: str):
    """Pending proposals with their sources beside the question's evidence; approve or reject each; resolve
    (with a retroactive close), annul, or unresolve with a reason. Each form posts an `action`; a refusal comes back
    on its form (a 400) with nothing written."""
    question = access_question(resolver, question.pk)  # 404 for a team question the resolver cannot see
    context = {"question": question, "resolver": resolver, "action": action}
    if not user_can_curate(user=resolver, question=question):
        return render(request, TEMPLATE, {**context, "not_curator": True}, status=403)
    posted = request.POST.get("action", "resolve") if request.method == "POST" else None
    forms = {
        "form": ResolveForm(request.POST if posted == "resolve" else None, question=question),
        "annul_form": ReasonForm(request.POST if posted == "annul" else None, prefix="annul"),
        "unresolve_form": ReasonForm(request.POST if posted == "unresolve" else None, prefix="unresolve"),
        "decision_form": ProposalDecisionForm(request.POST if posted == "decide" else None, prefix="proposal"),
    }
    if posted is not None:
        try:
            done = _apply(posted, question, resolver, forms)
        except ValidationError as error:
            add_service_errors(_form_for(posted, forms), error)
        except PermissionDenied as error:
            return render(request, TEMPLATE, {**context, "not_curator": True, "why": error}, status=403)
        else:
            if done:
                messages.success(request, done)
                return redirect("question-detail", slug=question.slug)
    context.update(forms)
    context.update(
        settled=question.status in (Question.Status.RESOLVED, Question.Status.ANNULLED),
        unsettled=question.status in (Question.Status.OPEN, Question.Status.CLOSED),
        proposals=list(question.proposals.filter(state=ResolutionProposal.State.PENDING).select_related("proposed_by")),
        evidence=list(question_evidence(question=question)),
        posted=posted,
    )
    status = 400 if posted else 200
    return render(request, TEMPLATE, context, status=status)


def _form_for(posted: str, forms: dict):
    return {
        "resolve": forms["form"],
        "annul": forms["annul_form"],
        "unresolve": forms["unresolve_form"],
        "decide": forms["decision_form"],
    }.get(posted, forms["form"])


def _apply(posted: str, question: Question, resolver, forms: dict) -> str | None:
    """Run the posted step through its service; the success message, or None when the form itself is invalid."""
    form = _form_for(posted, forms)
    if posted not in ("resolve", "annul", "unresolve", "decide"):
        raise ValidationError("Unknown action.")
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if posted == "resolve":
        lifecycle.question_resolve(
            question=question,
            outcome=form.outcome_value(),
            resolved_by=resolver,
            notes=data["notes"],
            effective_close_at=data["effective_close_at"],
        )
        return f"Resolved: {Question.objects.get(pk=question.pk).outcome_label}."
    if posted == "annul":
        lifecycle.question_annul(question=question, annulled_by=resolver, reason=data["reason"])
        return "Annulled: the question will not be scored."
    if posted == "unresolve":
        lifecycle.question_unresolve(question=question, actor=resolver, reason=data["reason"])
        return "Unresolved: the question is closed again and can be resolved anew."
    proposal = question.proposals.filter(pk=data["proposal"]).first()
    if proposal is None:
        raise ValidationError({"proposal": "No such proposal on this question."})
    if data["decision"] == "approve":
        proposal_approve(
            proposal=proposal, curator=resolver, notes=data["reason"], effective_close_at=data["effective_close_at"]
        )
        return f"Approved: resolved {proposal.outcome}."
    proposal_reject(proposal=proposal, curator=resolver, reason=data["reason"])
    return "Proposal rejected; the proposer is told why."
