"""Writes of teams, memberships and a person's own settings."""

from django.core.exceptions import ValidationError

from tracker.accounts.models import Membership, Team, User
from tracker.lib.slugs import unique_slug
from tracker.lib.times import known_time_zones


def team_create(*, name: str, slug: str = "", description: str = "", seeded: bool = False) -> Team:
    team = Team(name=name, slug=slug or unique_slug(Team, name, 80), description=description, seeded=seeded)
    team.full_clean()
    team.save()
    return team


def membership_set(*, team: Team, user: User, role: str) -> Membership:
    """Add the user to the team with the role, or change the role of an existing member."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": f"Role must be one of {', '.join(Membership.Role.values)}; got {role!r}."})
    membership, created = Membership.objects.get_or_create(team=team, user=user, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def user_time_zone_set(*, user, time_zone: str) -> None:
    """The zone the user's pages and emails show times in ("" for the browser's, else UTC)."""
    time_zone = (time_zone or "").strip()
    if time_zone and time_zone not in known_time_zones():
        raise ValidationError({"time_zone": f"{time_zone!r} is not a time zone this server knows (e.g. Asia/Seoul)."})
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
