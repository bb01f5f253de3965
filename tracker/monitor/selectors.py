"""Reads of the story monitor: a team's sources (their addresses, health and what they found), evidence proposals
and inbox are its members' alone, like its articles; superusers see every team's."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tracker.accounts.models import AnyUser, User
from tracker.accounts.permissions import has_global_rights, teams_curated, teams_of
from tracker.curation.models import Source
from tracker.monitor.models import EvidenceProposal, NewsSource
from tracker.questions.models import Question
from tracker.questions.selectors import question_visible_filter
from tracker.resolution.models import ResolutionProposal

INBOX_DAYS = 14
INBOX_LIMIT = 200


@dataclass(frozen=True)
class Inbox:
    question_groups: Sequence[tuple[Question, Sequence[EvidenceProposal]]]
    hints: Sequence[ResolutionProposal]
    articles: Sequence[Source]


# A source due this long ago and not being polled means no monitor worker is taking the queue.
OVERDUE_AFTER = timedelta(minutes=15)


def news_source_list(*, user: AnyUser, team_slug: str = "") -> QuerySet[NewsSource]:
    sources = NewsSource.objects.select_related("team").order_by("team__name", "url")
    if not has_global_rights(user):
        sources = sources.filter(team__in=teams_of(user))
    return sources.filter(team__slug=team_slug) if team_slug else sources


def news_sources_health(now: datetime) -> dict[str, object]:
    """For /health/: counts only (never a team or an address). Unhealthy when active sources wait well past their
    poll (no monitor worker is taking them); parked sources are each team's to resume, so they are counted, not
    failed."""
    overdue = (
        NewsSource.objects.filter(state=NewsSource.State.ACTIVE, next_poll_at__lt=now - OVERDUE_AFTER)
        .filter(Q(polling_until__isnull=True) | Q(polling_until__lt=now))
        .count()
    )
    parked = NewsSource.objects.filter(state=NewsSource.State.PARKED).count()
    return {"ok": overdue == 0, "overdue": overdue, "parked": parked}


def evidence_proposal_list(*, user: AnyUser, team_slug: str = "", state: str = "") -> QuerySet[EvidenceProposal]:
    """The evidence proposals of the user's teams (a team's are its members' alone, like its articles), newest
    first; a question the user may not see (a draft, say) never shows."""
    proposals = EvidenceProposal.objects.select_related("question", "article", "team", "decided_by").order_by(
        "-created_at", "-id"
    )
    if not has_global_rights(user):
        proposals = proposals.filter(team__in=teams_of(user))
    proposals = proposals.filter(question__in=Question.objects.filter(question_visible_filter(user)))
    if team_slug:
        proposals = proposals.filter(team__slug=team_slug)
    return proposals.filter(state=state) if state else proposals


def inbox(*, user: User, days: int = INBOX_DAYS) -> Inbox:
    """What the monitor brought the curator's teams: pending evidence proposals grouped by question, pending
    resolution hints, and the new articles of the last `days` days with their proposed claims; newest first."""
    teams = teams_curated(user)
    since = timezone.now() - timedelta(days=days)
    pending = list(
        evidence_proposal_list(user=user, state=EvidenceProposal.State.PENDING).filter(team__in=teams)[:INBOX_LIMIT]
    )
    groups: dict[int, list[EvidenceProposal]] = {}
    for proposal in pending:
        groups.setdefault(proposal.question_id, []).append(proposal)
    hints = list(
        ResolutionProposal.objects.filter(
            question__team__in=teams, proposed_by__isnull=True, state=ResolutionProposal.State.PENDING
        )
        .select_related("question", "article")
        .order_by("-created_at")[:INBOX_LIMIT]
    )
    articles = list(
        Source.objects.filter(team__in=teams, addresses__news_source__isnull=False, created_at__gte=since)
        .distinct()
        .annotate(claim_count=Count("claim_suggestions", filter=Q(claim_suggestions__state="proposed"), distinct=True))
        .order_by("-created_at")[:INBOX_LIMIT]
    )
    return Inbox(
        question_groups=[(proposals[0].question, proposals) for proposals in groups.values()],
        hints=hints,
        articles=articles,
    )
