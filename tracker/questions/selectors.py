"""Reads of questions and evidence, always scoped to what the asking user may see."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from tracker.accounts.models import AnyUser, Membership
from tracker.accounts.permissions import CURATING_ROLES, has_global_rights, is_signed_in, team_role
from tracker.questions.models import Evidence, Question, outcome_label_of

HIDDEN_FROM_READERS = (Question.Status.DRAFT,)


def question_visible_filter(user: AnyUser) -> Q:
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


def user_can_see_question(*, user: AnyUser, question: Question) -> bool:
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


def question_list(*, user: AnyUser, scenario=None, status: str | None = None) -> QuerySet[Question]:
    """Questions the user may see. A list that shows evidence counts annotates `evidence_count_of_each()`."""
    questions = (
        Question.objects.filter(question_visible_filter(user))
        .select_related("scenario", "team", "resolved_option")
        .prefetch_related("tags")
    )
    if scenario is not None:
        questions = questions.filter(scenario=scenario)
    if status:
        questions = questions.filter(status=status)
    return questions


@dataclass(slots=True)
class ListedQuestion:
    """A question as a list row shows it, read as values instead of model instances: on a page of 50, building the
    question, its scenario, team and option as instances and prefetching tags into managers cost about 6 ms of a
    20 ms API request (bench/api.py). It answers to the names a Question answers to, so one serializer writes both.
    (The web's `QuestionRow` in forecasts.selectors.community is another thing: a Question with its community value.)"""

    pk: int
    slug: str
    title: str
    type: str
    status: str
    visibility: str
    quick: bool
    team_id: int | None
    scenario_slug: str | None
    team_slug: str | None
    resolution: str
    resolved_option_label: str | None
    resolution_value: float | None
    range_min: float | None
    range_max: float | None
    open_lower_bound: bool
    open_upper_bound: bool
    zero_point: float | None
    unit: str
    opens_at: datetime
    scheduled_close_at: datetime
    resolve_by: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    resolved_at: datetime | None
    hide_crowd_until_forecast: bool
    tag_slugs: list[str] = field(default_factory=list)
    evidence_count: int = 0

    @property
    def is_binary(self) -> bool:
        return self.type == Question.Type.BINARY

    @property
    def is_continuous(self) -> bool:
        return self.type in (Question.Type.NUMERIC, Question.Type.DATE)

    @property
    def outcome_label(self) -> str:
        return outcome_label_of(self)


_ROW_COLUMNS = [name for name in ListedQuestion.__dataclass_fields__ if name not in ("tag_slugs", "evidence_count")]
_ROW_RELATED = {
    "scenario_slug": F("scenario__slug"),
    "team_slug": F("team__slug"),
    "resolved_option_label": F("resolved_option__label"),
}


def listed_question_values(questions: QuerySet[Question]) -> QuerySet:
    """These questions (filtered, ordered, paginated as any queryset) as the values a ListedQuestion holds."""
    columns = [name for name in _ROW_COLUMNS if name not in _ROW_RELATED]
    return (
        questions.select_related(None)
        .prefetch_related(None)
        .values(*columns, **_ROW_RELATED, evidence_count=evidence_count_of_each())
    )


def evidence_count_of_each():
    """Each question's number of evidence links, as an annotation: a correlated count the database evaluates for
    the rows a page returns (a count grouped over the whole table, or a second query per page, cost more)."""
    per_question = (
        Evidence.objects.filter(question=OuterRef("pk")).order_by().values("question").annotate(count=Count("id"))
    )
    return Coalesce(Subquery(per_question.values("count"), output_field=IntegerField()), 0)


def listed_questions(values: list[dict]) -> list[ListedQuestion]:
    """A page of listed_question_values as rows with their tags: one query."""
    ids = [value["pk"] for value in values]
    tags: dict[int, list[str]] = {}
    # Ordered by name as Tag's default ordering orders question.tags.all().
    for question_id, slug in (
        Question.tags.through.objects.filter(question_id__in=ids)
        .order_by("tag__name", "tag_id")
        .values_list("question_id", "tag__slug")
    ):
        tags.setdefault(question_id, []).append(slug)
    return [ListedQuestion(**value, tag_slugs=tags.get(value["pk"], [])) for value in values]


def access_question(user: AnyUser, question_id: int, *, with_related: bool = True) -> Question:
    """The question if the user may see it; otherwise Http404, so a private title never leaks through a 403.
    `with_related=False` for a caller that only acts on the question (a forecast, a withdrawal): the same check
    without the joins and prefetches a page shows (they were a third of a forecast request's time)."""
    questions = Question.objects.filter(question_visible_filter(user), pk=question_id)
    if with_related:
        questions = questions.select_related(
            "scenario", "team", "origin_source", "resolved_option", "resolved_by"
        ).prefetch_related("tags", "options")
    question = questions.first()
    if question is None:
        raise Http404("No such question.")
    return question


def access_question_by_slug(user: AnyUser, slug: str, *, with_related: bool = True) -> Question:
    """access_question by slug; `with_related=False` reads the question alone, in one query (a forecast)."""
    if not with_related:
        question = Question.objects.filter(question_visible_filter(user), slug=slug).first()
        if question is None:
            raise Http404("No such question.")
        return question
    question_id = Question.objects.filter(slug=slug).values_list("pk", flat=True).first()
    if question_id is None:
        raise Http404("No such question.")
    return access_question(user, question_id)


def question_evidence(*, question: Question) -> QuerySet[Evidence]:
    return question.evidence.select_related("source", "option", "added_by").order_by("-published_at", "-added_at")
