"""Who may do what, written once: team roles decide, and every service, selector, page, endpoint and admin asks here.

- A team's forecasters see its team-only questions and forecast on them.
- Its curators also create, edit, schedule, resolve and clarify its questions, and curate its evidence and scenarios.
- Its team admins hold every curator right, and also manage the team: members, invitations, webhooks.
- Superusers act as curators and admins of every team. Staff status alone grants nothing here: it lets a person
  into the admin, where Django's permissions and the same team roles apply.
"""

from django.db.models import QuerySet
from typing_extensions import TypeIs  # typing.TypeIs from Python 3.13

from tracker.accounts.models import AnyUser, Membership, Team, User

CURATING_ROLES = (Membership.Role.CURATOR, Membership.Role.ADMIN)


def is_signed_in(user: AnyUser | None) -> TypeIs[User]:
    """Signed in: after this check the type checker knows the user is a User, not the anonymous one."""
    return user is not None and user.is_authenticated


def has_global_rights(user) -> bool:
    """Rights over every team, whatever the memberships: superusers only."""
    return is_signed_in(user) and user.is_superuser


def team_role(*, user, team: Team | None) -> str | None:
    """The user's role in the team, or None when not a member."""
    if team is None or not is_signed_in(user):
        return None
    return Membership.objects.filter(team=team, user=user).values_list("role", flat=True).first()


def teams_of(user) -> QuerySet[Team]:
    """The teams the user is a member of, in any role (none for anonymous readers)."""
    if not is_signed_in(user):
        return Team.objects.none()
    return Team.objects.filter(pk__in=Membership.objects.filter(user=user).values("team_id"))


def teams_curated(user) -> QuerySet[Team]:
    """The teams whose questions the user curates (every team for global rights)."""
    if has_global_rights(user):
        return Team.objects.all()
    if not is_signed_in(user):
        return Team.objects.none()
    return Team.objects.filter(pk__in=Membership.objects.filter(user=user, role__in=CURATING_ROLES).values("team_id"))


def teams_administered(user) -> QuerySet[Team]:
    """The teams the user administers (every team for global rights)."""
    if has_global_rights(user):
        return Team.objects.all()
    if not is_signed_in(user):
        return Team.objects.none()
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("team_id")
    return Team.objects.filter(pk__in=admin_of)


def curated_team_ids(user) -> set[int]:
    """Ids of the teams the user curates through a membership (one query; empty for anonymous readers)."""
    if not is_signed_in(user):
        return set()
    return set(Membership.objects.filter(user=user, role__in=CURATING_ROLES).values_list("team_id", flat=True))


def user_can_curate_team(*, user, team: Team | None) -> bool:
    """May create and curate the team's questions (team None: public questions no team owns)."""
    if has_global_rights(user):
        return True
    return team_role(user=user, team=team) in CURATING_ROLES


def user_can_curate(*, user, question) -> bool:
    """Curators and admins of the owning team (and global rights) may edit and resolve a question."""
    return user_can_curate_team(user=user, team=question.team)


def user_is_a_curator(*, user) -> bool:
    """Curates at least one team (or has global rights): may import articles."""
    if has_global_rights(user):
        return True
    return is_signed_in(user) and Membership.objects.filter(user=user, role__in=CURATING_ROLES).exists()


def user_can_admin_team(*, user, team: Team | None) -> bool:
    """Team admins (and global rights) manage the team and its integrations."""
    if team is None:
        return False
    if has_global_rights(user):
        return True
    return team_role(user=user, team=team) == Membership.Role.ADMIN


def user_may_enter_admin(*, user, curates: bool | None = None) -> bool:
    """The admin panel admits superusers and anyone who curates or administers a team; inside it each page shows
    only what the person's teams own. Staff status alone opens nothing. `curates`: whether the user holds a
    curating role, when the caller already read it (the page header reads it in the same query as its counts)."""
    if not (is_signed_in(user) and user.is_active):
        return False
    if curates is None:
        return user_is_a_curator(user=user)
    return has_global_rights(user) or curates


def administered_team_ids(user) -> set[int]:
    """Ids of the teams the user administers through a membership (one query; empty for anonymous readers)."""
    if not is_signed_in(user):
        return set()
    return set(Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values_list("team_id", flat=True))
