"""Reads of questions and evidence, always scoped to what the asking user may see."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tracker.accounts.models import Membership
from tracker.accounts.permissions import CURATING_ROLES, has_global_rights, is_signed_in, team_role
from tracker.questions.models import Evidence, Question

HIDDEN_FROM_READERS = (Question.Status.DRAFT,)


def question_visible_filter(user) -> Q:
    """Public questions past draft; team questions to the team's members; drafts to their team's curators."""
    public = Q(visibility=Question.Visibility.PUBLIC) & ~Q(status__in=HIDDEN_FROM_READERS)
    if not is_signed_in(user):
        return public
    if has_global_rights(user):
        return Q()
    member_of = Membership.objects.filter(user=user).values("team_id")
    curator_of = Membership.objects.filter(user=user, role__in=CURATING_ROLES).values("team_id")
    team_visible = Q(team_id__in=member_of) & ~Q(status__in=HIDDEN_FROM_READERS)
    return public | team_visible | Q(team_id__in=curator_of)


def user_can_see_question(*, user, question: Question) -> bool:
    """The same rule as question_visible_filter, for one question already in hand (at most one query)."""
    if has_global_rights(user):
        return True
    is_draft = question.status in HIDDEN_FROM_READERS
    if question.visibility == Question.Visibility.PUBLIC and not is_draft:
        return True
    role = team_role(user=user, team=question.team)
    if role is None:
        return False
    return not is_draft or role in CURATING_ROLES


def question_list(
    *, user, scenario=None, status: str | None = None, with_evidence_count: bool = True
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
