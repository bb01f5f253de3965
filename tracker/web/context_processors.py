"""Template context shared by every page."""

from django.db.models import Count, Exists, OuterRef, Q

from tracker.accounts.models import Membership, User
from tracker.accounts.permissions import CURATING_ROLES, user_may_enter_admin
from tracker.accounts.requests import PageRequest


def notifications(request: PageRequest) -> dict:
    """The header's facts for a signed-in user, in one query evaluated only if a template uses them: the unread
    notification count, and whether the admin panel is open to them (superusers, team curators and admins)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached: dict = {}

    def facts() -> dict:
        if not cached:
            curates = Membership.objects.filter(user=OuterRef("pk"), role__in=CURATING_ROLES)
            unread = Q(notifications__in_app=True, notifications__read_at__isnull=True)
            cached.update(
                User.objects.filter(pk=user.pk)
                .annotate(unread=Count("notifications", filter=unread), curates=Exists(curates))
                .values("unread", "curates")
                .get()
            )
        return cached

    return {
        "unread_notifications": lambda: facts()["unread"],
        "admin_panel_open": lambda: user_may_enter_admin(user=user, curates=facts()["curates"]),
    }
