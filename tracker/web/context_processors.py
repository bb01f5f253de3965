"""Template context shared by every page."""

from tracker.notifications.services import notification_unread_count


def notifications(request) -> dict:
    """The unread count in the header: one query for a signed-in user, evaluated only if a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cached: dict = {}

    def unread() -> int:
        if "count" not in cached:
            cached["count"] = notification_unread_count(user=user)
        return cached["count"]

    return {"unread_notifications": unread}
