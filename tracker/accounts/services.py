"""Writes of teams and memberships."""

from django.core.exceptions import ValidationError

from tracker.accounts.models import Membership, Team, User
from tracker.lib.slugs import unique_slug


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
