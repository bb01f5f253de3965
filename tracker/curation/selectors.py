"""Reads of articles, always scoped by the one rule of who may see an article.

An article imported for a team is the team's: its members (and superusers) see it, its claim suggestions and its
highlights; nobody else learns it exists. An article shared by every team (no team) or loaded by the seed (public
news the demo story is built on) is public."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from tracker.accounts.models import AnyUser, Membership
from tracker.accounts.permissions import has_global_rights, is_signed_in
from tracker.curation.models import Source


def source_visible_filter(user: AnyUser) -> Q:
    public = Q(team=None) | Q(seeded=True)
    if not is_signed_in(user):
        return public
    if has_global_rights(user):
        return Q()
    return public | Q(team_id__in=Membership.objects.filter(user=user).values("team_id"))


def user_can_see_source(*, user: AnyUser | None, source: Source) -> bool:
    """The same rule as source_visible_filter, for one article already in hand (at most one query)."""
    if source.team_id is None or source.seeded or has_global_rights(user):
        return True
    return is_signed_in(user) and Membership.objects.filter(team_id=source.team_id, user=user).exists()


def access_source(user: AnyUser, slug: str) -> Source:
    """The article at `slug` if the user may see it; otherwise a 404, the same as for an article that does not
    exist."""
    source = Source.objects.filter(source_visible_filter(user), slug=slug).select_related("team").first()
    if source is None:
        raise Http404("No such article.")
    return source


def public_source_list() -> QuerySet[Source]:
    """The articles anyone may read, signed in or not, newest first."""
    return Source.objects.filter(source_visible_filter(AnonymousUser())).order_by(
        F("published_at").desc(nulls_last=True), "-created_at", "-id"
    )


def source_list(*, user: AnyUser) -> QuerySet[Source]:
    return (
        Source.objects.filter(source_visible_filter(user))
        .annotate(question_count=Count("derived_questions"))
        .order_by("published_at")
    )
