"""Reads of teams for their pages and the API: who may see a team's members and its ways in."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import Http404

from tracker.accounts.models import AnyUser, Membership, Team, User
from tracker.accounts.permissions import has_global_rights, is_signed_in, team_role, user_can_admin_team
from tracker.questions.selectors import question_list
from tracker.teams.models import Invitation, JoinLink, JoinRequest

# The team page lists the newest questions; the rest are a link away, in the question list filtered to the team.
TEAM_PAGE_QUESTIONS = 50


def access_team(user: AnyUser, slug: str) -> Team:
    """Any team by its slug (names and descriptions are public, so people can ask to join); 404 otherwise."""
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise Http404("No such team.")
    return team


def team_directory(*, user: AnyUser) -> QuerySet[Team]:
    return Team.objects.annotate(member_count=Count("memberships")).order_by("name")


@dataclass
class TeamPage:
    team: Team
    role: str | None  # the reader's role, None for a non-member
    is_admin: bool
    members: list[Membership] = field(default_factory=list)
    questions: list = field(default_factory=list)
    more_questions: bool = False  # the team has more questions than the page lists
    invitations: list[Invitation] = field(default_factory=list)
    join_link: JoinLink | None = None
    join_requests: list[JoinRequest] = field(default_factory=list)
    my_request: JoinRequest | None = None
    role_choices: list = field(default_factory=lambda: list(Membership.Role.choices))


def team_page(*, team: Team, user: AnyUser) -> TeamPage:
    """What the reader may see of the team: members and questions for members, the ways in for its admins, and
    only the name, description and a way to ask for everyone else."""
    role = team_role(user=user, team=team)
    is_admin = user_can_admin_team(user=user, team=team)
    page = TeamPage(team=team, role=role, is_admin=is_admin)
    if role is None and not has_global_rights(user):
        if is_signed_in(user):
            page.my_request = JoinRequest.objects.filter(team=team, user=user).order_by("-created_at").first()
        return page
    page.members = list(Membership.objects.filter(team=team).select_related("user").order_by("-role", "user__username"))
    newest = list(question_list(user=user).filter(team=team).order_by("-opens_at", "-pk")[: TEAM_PAGE_QUESTIONS + 1])
    page.questions, page.more_questions = newest[:TEAM_PAGE_QUESTIONS], len(newest) > TEAM_PAGE_QUESTIONS
    if is_admin:
        page.invitations = list(
            Invitation.objects.filter(team=team, accepted_at=None, revoked_at=None).select_related("invited_by")
        )
        page.join_link = JoinLink.objects.filter(team=team, revoked_at=None).first()
        page.join_requests = list(
            JoinRequest.objects.filter(team=team, state=JoinRequest.State.PENDING).select_related("user")
        )
    return page


def pending_join_requests(*, user: User) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(user=user, state=JoinRequest.State.PENDING).select_related("team")
