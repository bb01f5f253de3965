"""Reads of the core domain, always scoped to what the asking user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from tracker.models import Evidence, Membership, Question, Scenario, Source, Team, User

HIDDEN_FROM_READERS = (Question.Status.DRAFT,)


def _is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def team_role(*, user, team: Team | None) -> str | None:
    """The user's role in the team, or None when not a member."""
    if team is None or not _is_signed_in(user):
        return None
    return Membership.objects.filter(team=team, user=user).values_list("role", flat=True).first()


def user_can_curate(*, user, question: Question) -> bool:
    """Curators and admins of the owning team, and staff, may edit and resolve a question."""
    if not _is_signed_in(user):
        return False
    if user.is_staff:
        return True
    return team_role(user=user, team=question.team) in (Membership.Role.CURATOR, Membership.Role.ADMIN)


def user_can_curate_team(*, user, team: Team | None) -> bool:
    if not _is_signed_in(user):
        return False
    if user.is_staff:
        return True
    return team_role(user=user, team=team) in (Membership.Role.CURATOR, Membership.Role.ADMIN)


def user_is_a_curator(*, user) -> bool:
    """Curates at least one team (or is staff): may import articles."""
    if not _is_signed_in(user):
        return False
    roles = [Membership.Role.CURATOR, Membership.Role.ADMIN]
    return user.is_staff or Membership.objects.filter(user=user, role__in=roles).exists()


def user_can_admin_team(*, user, team: Team | None) -> bool:
    """Team admins (and staff) manage the team's integrations: webhooks."""
    if not _is_signed_in(user) or team is None:
        return bool(_is_signed_in(user) and user.is_staff and team is not None)
    return user.is_staff or team_role(user=user, team=team) == Membership.Role.ADMIN


def question_visible_filter(user) -> Q:
    """Public questions past draft; team questions to the team's members; drafts to their team's curators."""
    public = Q(visibility=Question.Visibility.PUBLIC) & ~Q(status__in=HIDDEN_FROM_READERS)
    if not _is_signed_in(user):
        return public
    if user.is_staff:
        return Q()
    member_of = Membership.objects.filter(user=user).values("team_id")
    curator_of = Membership.objects.filter(user=user, role__in=[Membership.Role.CURATOR, Membership.Role.ADMIN]).values(
        "team_id"
    )
    team_visible = Q(team_id__in=member_of) & ~Q(status__in=HIDDEN_FROM_READERS)
    return public | team_visible | Q(team_id__in=curator_of)


def user_can_see_question(*, user, question: Question) -> bool:
    """The same rule as question_visible_filter, for one question already in hand (at most one query)."""
    if _is_signed_in(user) and user.is_staff:
        return True
    is_draft = question.status in HIDDEN_FROM_READERS
    if question.visibility == Question.Visibility.PUBLIC and not is_draft:
        return True
    role = team_role(user=user, team=question.team)
    if role is None:
        return False
    return not is_draft or role in (Membership.Role.CURATOR, Membership.Role.ADMIN)


def question_list(
    *, user, scenario: Scenario | None = None, status: str | None = None, with_evidence_count: bool = True
) -> QuerySet[Question]:
    """Questions the user may see. `with_evidence_count=False` leaves the count out of the query (it groups the
    whole table); paginated callers count for their page with `evidence_counts`."""
    questions = (
        Question.objects.filter(question_visible_filter(user))
        .select_related("scenario", "team", "resolved_option")
        .prefetch_related("tags")
    )
    if with_evidence_count:
        questions = questions.annotate(evidence_count=Count("evidence", distinct=True))
    if scenario is not None:
        questions = questions.filter(scenario=scenario)
    if status:
        questions = questions.filter(status=status)
    return questions


def evidence_counts(*, question_ids) -> dict[int, int]:
    rows = Evidence.objects.filter(question_id__in=question_ids).values("question_id").annotate(count=Count("id"))
    return {row["question_id"]: row["count"] for row in rows}


def access_question(user, question_id: int) -> Question:
    """The question if the user may see it; otherwise Http404, so a private title never leaks through a 403."""
    question = (
        Question.objects.filter(question_visible_filter(user), pk=question_id)
        .select_related("scenario", "team", "origin_source", "resolved_option", "resolved_by")
        .prefetch_related("tags", "options")
        .first()
    )
    if question is None:
        raise Http404("No such question.")
    return question


def access_question_by_slug(user, slug: str) -> Question:
    question_id = Question.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if question_id is None:
        raise Http404("No such question.")
    return access_question(user, question_id)


def question_evidence(*, question: Question) -> QuerySet[Evidence]:
    return question.evidence.select_related("source", "option", "added_by").order_by("-published_at", "-added_at")


def scenario_list(*, user) -> QuerySet[Scenario]:
    visible_questions = (
        Question.objects.filter(question_visible_filter(user))
        .select_related("resolved_option")
        .order_by("scheduled_close_at", "title")
    )
    scenarios = Scenario.objects.filter(scenario_visible_filter(user), status=Scenario.Status.ACTIVE)
    return scenarios.prefetch_related(
        "tags", Prefetch("questions", queryset=visible_questions, to_attr="visible_questions")
    )


def scenario_visible_filter(user) -> Q:
    """Public scenarios to everyone; a team's scenarios to its members (and staff)."""
    if _is_signed_in(user) and user.is_staff:
        return Q()
    if not _is_signed_in(user):
        return Q(team__isnull=True)
    return Q(team__isnull=True) | Q(team_id__in=Membership.objects.filter(user=user).values("team_id"))


def scenario_visible_to(*, user, scenario: Scenario) -> bool:
    return Scenario.objects.filter(scenario_visible_filter(user), pk=scenario.pk).exists()


def access_scenario_by_slug(user, slug: str) -> Scenario:
    """The scenario, or a 404 when it does not exist or the user may not see it (one answer for both)."""
    scenario = Scenario.objects.filter(scenario_visible_filter(user), slug=slug).select_related("team").first()
    if scenario is None:
        raise Http404("No such scenario.")
    return scenario


def source_list() -> QuerySet[Source]:
    return Source.objects.annotate(question_count=Count("derived_questions")).order_by("published_at")


def team_members(*, team: Team, roles: list[str] | None = None) -> QuerySet[User]:
    members = User.objects.filter(memberships__team=team)
    if roles:
        members = members.filter(memberships__role__in=roles)
    return members.distinct()
