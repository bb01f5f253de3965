"""The curator's inbox: what the story monitor brought the curator's teams, newest first: evidence proposals grouped
by question (accept or reject, one by one or ticked together), resolution hints (decided on the question's resolve
page), and the new articles with their proposed claims. Keys: j/k move, a accepts, r rejects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from tracker.accounts.permissions import teams_curated
from tracker.accounts.requests import SignedInRequest
from tracker.monitor.models import EvidenceProposal
from tracker.monitor.selectors import evidence_proposal_list, inbox
from tracker.monitor.services import evidence_proposal_accept, evidence_proposal_reject


@login_required
def curator_inbox(request: SignedInRequest) -> HttpResponse:
    if not teams_curated(request.user).exists():
        raise PermissionDenied("The inbox is for a team's curators.")
    if request.method == "POST":
        return _decide(request)
    return render(request, "tracker/inbox.html", {"inbox": inbox(user=request.user)})


def _decide(request: SignedInRequest) -> HttpResponse:
    action, _, one = request.POST.get("decide", "").partition("-")  # one proposal's own button
    if one.isdigit():
        ids = [one]
    else:
        action = request.POST.get("action", "")
        ids = [value for value in request.POST.getlist("proposal") if value.isdigit()]
    chosen = evidence_proposal_list(user=request.user, state=EvidenceProposal.State.PENDING).filter(pk__in=ids)
    done, refused = 0, []
    for proposal in chosen:
        try:
            if action == "accept":
                evidence_proposal_accept(proposal=proposal, actor=request.user)
            elif action == "reject":
                evidence_proposal_reject(proposal=proposal, actor=request.user, note=request.POST.get("note", ""))
            else:
                continue
            done += 1
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            refused.append(f"{proposal.question.title}: {reason}")
    if done:
        messages.success(request, f"{'Accepted' if action == 'accept' else 'Rejected'} {done} proposal(s).")
    for text in refused:
        messages.error(request, text)
    if not done and not refused:
        messages.error(request, "Tick at least one proposal, then accept or reject.")
    return redirect("inbox")
