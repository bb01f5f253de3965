"""Who reads which comment, written once, and the reads of a question's discussion built on it.

The rule (for a reader of the question; the question's own visibility is decided by `question_visible_filter`):

- a public comment is read by everyone who may see the question;
- a team-only comment by the members of its team (and global rights), whatever the question's visibility;
- a forecast kept private by its author only;
- a forecast shared in the thread shows a probability, so it also follows the hidden-crowd rule: while the crowd is
  hidden from a reader (`crowd_visible`), other people's forecasts are hidden too.

`Reader` holds what the rule needs to know about one reader on one question (two or three queries, once);
`Reader.may_read` and `Reader.readable` are the same rule for a comment in hand and for a query, and a property test
holds them equal. `comment_readers` applies it to many people at once (notifications, mentions).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from forecasts.models import Comment, CommentVote, Forecast, QuestionFollow
from forecasts.selectors.community import crowd_audience, crowd_visible
from forecasts.selectors.history import latest_rows
from forecasts.selectors.visibility import visible_forecasts
from tracker.accounts.models import AnyUser
from tracker.accounts.permissions import has_global_rights, is_signed_in, user_can_curate
from tracker.models import Evidence, Membership, Question, Team, User


@dataclass(frozen=True)
class Reader:
    user_id: int | None
    team_ids: frozenset[int]
    everywhere: bool
    crowd_visible: bool
    can_curate: bool

    def may_read(self, comment: Comment) -> bool:
        if comment.kind == Comment.Kind.FORECAST and not self.crowd_visible and comment.author_id != self.user_id:
            return False
        if comment.audience == Comment.Audience.PUBLIC:
            return True
        if comment.audience == Comment.Audience.TEAM:
            return self.everywhere or comment.team_id in self.team_ids
        return comment.author_id == self.user_id

    def readable(self) -> Q:
        """may_read as a filter on comments."""
        rule = Q(audience=Comment.Audience.PUBLIC)
        if self.everywhere:
            rule |= Q(audience=Comment.Audience.TEAM)
        elif self.team_ids:
            rule |= Q(audience=Comment.Audience.TEAM, team_id__in=self.team_ids)
        if self.user_id is not None:
            rule |= Q(audience=Comment.Audience.AUTHOR, author_id=self.user_id)
        if not self.crowd_visible:
            own = Q(author_id=self.user_id) if self.user_id is not None else Q(pk__in=[])
            rule &= Q(kind=Comment.Kind.COMMENT) | own
        return rule


def reader_of(
    *, user: AnyUser, question: Question, can_curate: bool | None = None, has_forecast: bool | None = None
) -> Reader:
    """What the rule needs to know about this reader of this question (which the caller may already see). A caller
    that already knows whether the reader curates the question or has forecast on it passes it along."""
    if not is_signed_in(user):
        visible = crowd_visible(question=question, has_forecast=False)
        return Reader(user_id=None, team_ids=frozenset(), everywhere=False, crowd_visible=visible, can_curate=False)
    if can_curate is None:
        can_curate = user_can_curate(user=user, question=question)
    if has_forecast is None:
        has_forecast = Forecast.objects.filter(user=user, question=question, kind=Forecast.Kind.FORECAST).exists()
    return Reader(
        user_id=user.pk,
        team_ids=frozenset(Membership.objects.filter(user=user).values_list("team_id", flat=True)),
        everywhere=has_global_rights(user),
        crowd_visible=crowd_visible(question=question, has_forecast=has_forecast, can_curate=can_curate),
        can_curate=can_curate,
    )


def comment_readers(*, comment: Comment, users) -> list:
    """Of these people, those who may read the comment: who may see its question, then the rule above. A fixed
    number of queries whatever the number of people (notifications and mentions use it)."""
    question = comment.question
    users = [user for user in users if user.is_active]
    ids = [user.pk for user in users]
    teams_by_user: dict[int, set[int]] = {}
    for user_id, team_id in Membership.objects.filter(user_id__in=ids).values_list("user_id", "team_id"):
        teams_by_user.setdefault(user_id, set()).add(team_id)
    if question.status == Question.Status.DRAFT:
        return []
    if question.visibility != Question.Visibility.PUBLIC:
        users = [user for user in users if user.is_superuser or question.team_id in teams_by_user.get(user.pk, ())]
    crowd_shown = {user.pk for user in crowd_audience(question=question, users=users)}
    return [
        user
        for user in users
        if Reader(
            user_id=user.pk,
            team_ids=frozenset(teams_by_user.get(user.pk, ())),
            everywhere=user.is_superuser,
            crowd_visible=user.pk in crowd_shown,
            can_curate=False,  # not part of the rule; only decides who sees a hidden comment's text
        ).may_read(comment)
    ]


THREAD_ORDERS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    "useful": ("-useful_count", "created_at", "id"),  # most votes first; ties oldest first
}


def comments_with_votes(comments: QuerySet[Comment], reader: Reader) -> QuerySet[Comment]:
    """Each comment's votes (`useful_count`) and whether this reader gave one (`voted`), in the same query."""
    if reader.user_id is None:
        voted: Exists | Value = Value(False)
    else:
        voted = Exists(CommentVote.objects.filter(comment=OuterRef("pk"), user_id=reader.user_id))
    return comments.annotate(useful_count=Count("votes", distinct=True), voted=voted)


def comment_thread(*, reader: Reader, question: Question, order: str = "oldest") -> QuerySet[Comment]:
    """The question's top-level comments the reader may read, in `order`, each with its readable replies (oldest
    first), authors, forecasts, cited evidence and votes: a fixed number of queries for a page of any size."""
    readable = Comment.objects.filter(reader.readable(), question=question)
    related = ("author", "team", "hidden_by", "forecast", "previous_forecast")
    evidence = Prefetch("cited_evidence", queryset=Evidence.objects.only("id", "title", "stance", "question_id"))
    replies = comments_with_votes(readable.filter(parent__isnull=False), reader).select_related(*related)
    return (
        comments_with_votes(readable.filter(parent__isnull=True), reader)
        .select_related(*related)
        .prefetch_related(
            evidence, Prefetch("replies", queryset=replies.prefetch_related(evidence).order_by("created_at", "id"))
        )
        .order_by(*THREAD_ORDERS.get(order, THREAD_ORDERS["oldest"]))
    )


def comment_position(*, reader: Reader, comment: Comment, order: str = "oldest") -> int:
    """Where the comment's thread (its top-level comment) stands in `order`, counted from 0: a permalink's page."""
    top = comment.parent if comment.parent_id else comment
    earlier = Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, id__lt=top.pk)
    if order == "newest":
        earlier = Q(created_at__gt=top.created_at) | Q(created_at=top.created_at, id__gt=top.pk)
    readable = Comment.objects.filter(reader.readable(), question_id=comment.question_id, parent__isnull=True)
    if order == "useful":
        votes = CommentVote.objects.filter(comment=top).count()
        counted = readable.annotate(useful_count=Count("votes", distinct=True))
        return counted.filter(Q(useful_count__gt=votes) | (Q(useful_count=votes) & earlier)).count()
    return readable.filter(earlier).count()


def access_comment(user: AnyUser, question: Question, comment_id: int) -> Comment:
    """The comment if the user may read it (on this question, which they may see); otherwise Http404, like
    access_question, so a team-only comment's existence never shows."""
    comment = (
        Comment.objects.filter(reader_of(user=user, question=question).readable(), question=question, pk=comment_id)
        .select_related("author", "team", "question", "parent", "forecast", "previous_forecast")
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    return comment


def key_factors(*, reader: Reader, question: Question, limit: int = 5) -> list[Evidence]:
    """The question's evidence most cited in the discussion the reader may read (removed comments do not count),
    each with `citation_count`; most cited first."""
    cited_in = Comment.objects.filter(reader.readable(), question=question, deleted_at=None, hidden_at=None)
    return list(
        Evidence.objects.filter(question=question)
        .annotate(citation_count=Count("citations", filter=Q(citations__in=cited_in), distinct=True))
        .filter(citation_count__gt=0)
        .select_related("option")
        .order_by("-citation_count", "-published_at", "id")[:limit]
    )


@dataclass
class TeammateForecast:
    user: User
    forecast: Forecast
    is_reader: bool


@dataclass
class TeamPanel:
    team: Team
    forecasts: list[TeammateForecast]
    members: int
    spread: list[tuple[str, float, float]]  # (label, lowest, highest) per option, or ("Yes", ...) for binary


def team_panels(*, user: AnyUser, reader: Reader, question: Question, options: list, teams=None) -> list[TeamPanel]:
    """For each team of the reader that may see the question: the teammates' standing forecasts with their
    rationales and age, and the team's spread. The rows come through `visible_forecasts` (teammates' forecasts are
    visible once the crowd is open to the reader), so the panel is empty while the crowd is hidden from the reader.
    A fixed number of queries."""
    if reader.user_id is None or not reader.crowd_visible or not reader.team_ids:
        return []
    team_ids = set(reader.team_ids)
    if question.visibility != Question.Visibility.PUBLIC:
        team_ids &= {question.team_id}
    if not team_ids:
        return []
    teams = {team.pk: team for team in (teams if teams is not None else Team.objects.filter(pk__in=team_ids))}
    teams = {pk: team for pk, team in teams.items() if pk in team_ids}
    members: dict[int, set[int]] = {}
    for team_id, user_id in Membership.objects.filter(team_id__in=team_ids).values_list("team_id", "user_id"):
        members.setdefault(team_id, set()).add(user_id)
    everyone = set().union(*members.values())
    rows = visible_forecasts(user).filter(question=question, user_id__in=everyone)
    standing = [
        row
        for row in latest_rows(rows).select_related("user").order_by("-created_at", "-id")
        if row.kind == Forecast.Kind.FORECAST
    ]
    labels = ["Yes"] if question.type == Question.Type.BINARY else [option.label for option in options]
    panels = []
    for team_id in sorted(teams, key=lambda pk: teams[pk].name):
        shown = [
            TeammateForecast(user=row.user, forecast=row, is_reader=row.user_id == reader.user_id)
            for row in standing
            if row.user_id in members[team_id]
        ]
        values = [_values(row.forecast) for row in shown]
        spread = (
            [(label, min(v[i] for v in values), max(v[i] for v in values)) for i, label in enumerate(labels)]
            if values
            else []
        )
        panels.append(TeamPanel(team=teams[team_id], forecasts=shown, members=len(members[team_id]), spread=spread))
    return panels


def _values(forecast: Forecast) -> list[float]:
    return [forecast.probability] if forecast.probability is not None else list(forecast.probabilities)


def is_following(*, user: AnyUser, question: Question) -> bool:
    if not is_signed_in(user):
        return False
    return QuestionFollow.objects.filter(user=user, question=question, is_active=True).exists()


def followers(*, question: Question) -> QuerySet[User]:
    return User.objects.filter(question_follows__question=question, question_follows__is_active=True, is_active=True)


def comment_editable_until(comment: Comment):
    return comment.created_at + timedelta(minutes=settings.SIGNPOST_COMMENT_EDIT_MINUTES)


def comment_can_edit(*, user: AnyUser, comment: Comment, now=None) -> bool:
    """Its author, within the edit window, while it is neither deleted nor hidden; a shared forecast is part of the
    append-only history and is not edited."""
    now = now or timezone.now()
    return (
        is_signed_in(user)
        and comment.author_id == user.pk
        and comment.kind == Comment.Kind.COMMENT
        and not comment.is_removed
        and now <= comment_editable_until(comment)
    )
