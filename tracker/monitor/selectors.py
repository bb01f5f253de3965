"""Reads of news sources: a team's sources (their addresses, health and what they found) are its members' alone,
like its articles; superusers see every team's."""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from tracker.accounts.models import AnyUser
from tracker.accounts.permissions import has_global_rights, teams_of
from tracker.monitor.models import NewsSource

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
