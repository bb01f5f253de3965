"""Writes of a question's discussion: post, reply, edit, delete, hide and unhide comments; share a forecast in the
thread; follow and unfollow. Who reads what is forecasts.selectors.discussion's rule; everything here that tells
someone (notifications, webhooks) asks it first.

A comment and what it causes are one transaction: the notifications (unique per recipient and comment, so exactly
once) and the webhook deliveries (an outbox, sent after commit) exist exactly when the comment does.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from forecasts.models import Comment, CommentVote, Forecast, QuestionFollow
from forecasts.selectors.discussion import comment_can_edit, comment_readers, followers
from tracker.accounts.permissions import is_signed_in, user_can_curate
from tracker.lib.limits import RateLimited, retry_after_when_full
from tracker.lib.markdown import mentioned_usernames, render_markdown
from tracker.lib.times import sane_time
from tracker.models import Membership, Notification, Question, Team, User, Webhook
from tracker.notifications.services.notifications import notifications_send_many
from tracker.questions.payloads import question_data
from tracker.questions.selectors import user_can_see_question
from tracker.webhooks.services.events import webhook_event_emit

MAX_CITED_EVIDENCE = 10
MAX_MENTIONS = 20


class CommentRateLimited(RateLimited):
    """Too many comments (and shared rationales) in the window; `retry_after` seconds until the next is accepted."""

    def __init__(self, retry_after: int, *, field: str = "body"):
        minutes = max(1, round(retry_after / 60))
        window = f"{settings.SIGNPOST_COMMENT_RATE_COUNT} comments in the last {settings.SIGNPOST_COMMENT_RATE_SECONDS // 60} minutes"
        if field == "share":
            message = (
                f"You have posted {window} (shared rationales count too); keep this rationale private or try again "
                f"in about {minutes} minute(s). Nothing was saved."
            )
        else:
            message = f"You have posted {window}; try again in about {minutes} minute(s). Nothing was posted."
        super().__init__({field: message}, retry_after=retry_after)


def _clean_body(body) -> str:
    if not isinstance(body, str) or not body.strip():
        raise ValidationError({"body": "Write something: the comment is empty."})
    body = body.strip()
    limit = settings.SIGNPOST_COMMENT_MAX_CHARACTERS
    if len(body) > limit:
        raise ValidationError({"body": f"A comment is at most {limit:,} characters; this one has {len(body):,}."})
    return body


def _check_rate(author: User, now, *, field: str = "body") -> None:
    """Comments and rationales shared into the thread (both reach every reader of it) count against one limit."""
    # The author's row is locked so that two posts racing from one person are counted one after the other.
    User.objects.select_for_update().filter(pk=author.pk).values_list("pk").first()
    window = timedelta(seconds=settings.SIGNPOST_COMMENT_RATE_SECONDS)
    shared_rationale = Q(kind=Comment.Kind.FORECAST) & ~Q(audience=Comment.Audience.AUTHOR)
    times = (
        Comment.objects.filter(
            Q(kind=Comment.Kind.COMMENT) | shared_rationale, author=author, created_at__gt=now - window
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    retry_after = retry_after_when_full(times, limit=settings.SIGNPOST_COMMENT_RATE_COUNT, window=window, now=now)
    if retry_after is not None:
        raise CommentRateLimited(retry_after, field=field)


def _audience(*, author: User, question: Question, audience: str, team: Team | str | None, parent: Comment | None):
    """(audience, team) as stored: a team question's comments are its team's; a reply to a team-only comment stays
    in that team; a team-only comment on a public question goes to a team the author belongs to."""
    if question.visibility != Question.Visibility.PUBLIC:
        return Comment.Audience.TEAM, question.team
    if parent is not None and parent.audience == Comment.Audience.TEAM:
        return Comment.Audience.TEAM, parent.team
    if audience in (None, "", Comment.Audience.PUBLIC):
        return Comment.Audience.PUBLIC, None
    if audience != Comment.Audience.TEAM:
        raise ValidationError({"audience": "The audience is public or team (team-only)."})
    teams = list(Team.objects.filter(memberships__user=author))
    if isinstance(team, str):
        chosen = [candidate for candidate in teams if candidate.slug == team]
    elif team is not None:
        chosen = [candidate for candidate in teams if candidate.pk == team.pk]
    else:
        chosen = teams if len(teams) == 1 else []
    if not teams:
        raise ValidationError({"audience": "Only a team's members post team-only comments; you are in no team."})
    if not chosen:
        if team is None:
            raise ValidationError({"team": "You are in several teams: say which team may read the comment."})
        raise ValidationError({"team": "You can post team-only comments only to a team you belong to."})
    return Comment.Audience.TEAM, chosen[0]


def _cited(question: Question, evidence_ids: Iterable) -> list:
    ids = list(dict.fromkeys(evidence_ids or ()))
    if len(ids) > MAX_CITED_EVIDENCE:
        raise ValidationError({"evidence": f"Cite at most {MAX_CITED_EVIDENCE} evidence items."})
    if not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in ids):
        raise ValidationError({"evidence": "Evidence is cited by id (whole numbers)."})
    found = list(question.evidence.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"evidence": "Cite only evidence listed on this question."})
    return found


def _mentioned(body: str) -> list[User]:
    """The active users mentioned as @username (case-insensitive), at most MAX_MENTIONS names looked at."""
    names = mentioned_usernames(body)[:MAX_MENTIONS]
    if not names:
        return []
    any_of = Q()
    for name in names:
        any_of |= Q(username__iexact=name)
    return list(User.objects.filter(any_of, is_active=True))


def question_follow_start(*, user: User, question: Question) -> None:
    """Follow the question, unless the user turned following it off before (that choice stands). One statement
    (INSERT … ON CONFLICT DO NOTHING): it runs on every forecast, where a read, a savepoint and an insert cost
    more than the forecast itself."""
    QuestionFollow.objects.bulk_create([QuestionFollow(user=user, question=question)], ignore_conflicts=True)


def question_follow_set(*, user: User, question: Question, active: bool) -> QuestionFollow:
    """Follow or stop following, by the user's own choice."""
    if not is_signed_in(user):
        raise PermissionDenied("Sign in to follow a question.")
    if not user_can_see_question(user=user, question=question):
        raise PermissionDenied("No such question.")
    follow, created = QuestionFollow.objects.get_or_create(user=user, question=question, defaults={"is_active": active})
    if not created and follow.is_active != active:
        follow.is_active = active
        follow.save(update_fields=["is_active"])
    return follow


def _notify(comment: Comment, *, mentioned: list[User], followers_too: bool) -> None:
    """Tell who may read it: the people mentioned (a mention), and the question's followers (a new comment); the
    author never, and nobody twice for one comment. Keys make it exactly once however often this runs."""
    question = comment.question
    mention_ids = {user.pk for user in mentioned}
    candidates = {user.pk: user for user in mentioned}
    if followers_too:
        candidates.update({user.pk: user for user in followers(question=question)})
    candidates.pop(comment.author_id, None)
    readers = comment_readers(comment=comment, users=list(candidates.values()))
    author = comment.author.display_name or comment.author.get_username()
    excerpt = comment.body if len(comment.body) <= 500 else comment.body[:499] + "…"
    url = comment.get_absolute_url()
    notifications_send_many(
        [
            {
                "recipient": reader,
                "kind": Notification.Kind.MENTION if reader.pk in mention_ids else Notification.Kind.COMMENT,
                "subject": f"comment:{comment.pk}",
                "window": "mention" if reader.pk in mention_ids else "new",
                "title": (f"{author} mentioned you" if reader.pk in mention_ids else f"{author} commented")
                + f": {question.title}"[:250],
                "body": excerpt,
                "url": url,
                "question": question,
            }
            for reader in readers
        ]
    )


def comment_data(comment: Comment) -> dict:
    """A comment as webhook payloads show it."""
    return {
        "id": comment.pk,
        "author": comment.author.get_username(),
        "audience": comment.audience,
        "team": comment.team.slug if comment.team_id else None,
        "parent_id": comment.parent_id,
        "body": comment.body,
        "body_html": comment.body_html,
        "cited_evidence": sorted(evidence.pk for evidence in comment.cited_evidence.all()),
        "created_at": comment.created_at,
        "url": settings.SITE_URL + comment.get_absolute_url(),
    }


def comment_create(
    *,
    author,
    question: Question,
    body,
    audience: str = Comment.Audience.PUBLIC,
    team: Team | str | None = None,
    parent: Comment | None = None,
    evidence_ids: Iterable = (),
    at: datetime | None = None,
) -> Comment:
    """Post a comment (or a reply: one level, so a reply to a reply joins the same thread).

    `at` dates a comment recorded after the fact (the seed story's discussion, an import): it must lie between the
    question's opening and now, and such a comment notifies nobody (it is not news)."""
    if not is_signed_in(author):
        raise PermissionDenied("Sign in to comment.")
    question = Question.objects.select_related("team").get(pk=question.pk)
    if not user_can_see_question(user=author, question=question):
        raise PermissionDenied("No such question.")
    if question.status == Question.Status.DRAFT:
        raise ValidationError({"question": "A draft has no discussion yet; it opens when the question is scheduled."})
    body = _clean_body(body)
    if parent is not None:
        if parent.question_id != question.pk:
            raise ValidationError({"parent": "Reply to a comment of this question."})
        if parent.parent_id is not None:
            parent = parent.parent
        if parent.deleted_at is not None:
            raise ValidationError({"parent": "That comment was deleted; reply in the thread instead."})
    audience, team = _audience(author=author, question=question, audience=audience, team=team, parent=parent)
    cited = _cited(question, evidence_ids)
    now = timezone.now()
    if at is not None:
        at = sane_time(at, field="at")
        if at > now or at < (question.opened_at or question.opens_at):
            raise ValidationError({"at": "A comment is dated between the question's opening and now."})
    with transaction.atomic():
        _check_rate(author, now)
        comment = Comment(
            question=question,
            author=author,
            audience=audience,
            team=team,
            parent=parent,
            body=body,
            body_html=render_markdown(body),
            created_at=at or now,
        )
        comment.save()
        comment.cited_evidence.set(cited)
        mentioned = _mentioned(body)
        comment.mentions.set(mentioned)
        question_follow_start(user=author, question=question)
        if at is None:
            _notify(comment, mentioned=mentioned, followers_too=True)
        webhook_team = comment.team_id if audience == Comment.Audience.TEAM else question.team_id
        webhook_event_emit(
            team_id=webhook_team,
            event=Webhook.Event.COMMENT_CREATED,
            key=f"comment.created:comment:{comment.pk}",
            data=lambda: {"question": question_data(question), "comment": comment_data(comment)},
            occurred_at=comment.created_at,
        )
    return comment


def comment_edit(*, user: User, comment: Comment, body) -> Comment:
    """Its author changes the text within the edit window; the earlier text stays in the history, the comment shows
    "edited", and people newly mentioned are told (once)."""
    body = _clean_body(body)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("question", "author").get(pk=comment.pk)
        if comment.author_id != getattr(user, "pk", None):
            raise PermissionDenied("Only its author edits a comment.")
        if not comment_can_edit(user=user, comment=comment):
            if comment.kind == Comment.Kind.FORECAST:
                raise ValidationError({"body": "A forecast's rationale is part of its history and is not edited."})
            if comment.is_removed:
                raise ValidationError({"body": "A deleted or hidden comment cannot be edited."})
            raise ValidationError(
                {"body": f"Comments can be edited for {settings.SIGNPOST_COMMENT_EDIT_MINUTES} minutes after posting."}
            )
        if body == comment.body:
            return comment
        comment.body = body
        comment.body_html = render_markdown(body)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        before = set(comment.mentions.values_list("pk", flat=True))
        mentioned = _mentioned(body)
        comment.mentions.set(mentioned)
        _notify(comment, mentioned=[user for user in mentioned if user.pk not in before], followers_too=False)
    return comment


def comment_delete(*, user: User, comment: Comment) -> Comment:
    """Its author deletes it: the thread keeps a "deleted" placeholder (and replies); the text stays in the audit
    history for curators."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.author_id != getattr(user, "pk", None):
            raise PermissionDenied("Only its author deletes a comment; curators hide comments instead.")
        if comment.deleted_at is None:
            comment.deleted_at = timezone.now()
            comment.save(update_fields=["deleted_at"])
    return comment


def comment_vote_set(*, user: User, comment: Comment, useful: bool) -> int:
    """The reader finds the comment useful, or no longer does; returns its votes. The caller has checked the reader
    may read it (access_comment). Voting twice, or taking back a vote never given, changes nothing."""
    if not is_signed_in(user):
        raise PermissionDenied("Sign in to vote.")
    if comment.author_id == user.pk:
        raise ValidationError({"comment": "Your own comment takes no vote from you."})
    if comment.is_removed:
        raise ValidationError({"comment": "A deleted or hidden comment takes no votes."})
    if useful:
        try:
            with transaction.atomic():
                CommentVote.objects.get_or_create(comment=comment, user=user)
        except IntegrityError:
            pass  # the same vote, given meanwhile from another tab
    else:
        CommentVote.objects.filter(comment=comment, user=user).delete()
    return CommentVote.objects.filter(comment=comment).count()


def comment_hide(*, curator, comment: Comment, reason: str) -> Comment:
    """A curator of the question hides a comment, with a reason everybody sees; recorded in the audit history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the comment is hidden: readers see the reason."})
    if len(reason) > 500:
        raise ValidationError({"reason": "A reason is at most 500 characters."})
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("question").get(pk=comment.pk)
        if not user_can_curate(user=curator, question=comment.question):
            raise PermissionDenied("Only the question's curators hide comments.")
        comment.hidden_at = timezone.now()
        comment.hidden_by = curator
        comment.hidden_reason = reason
        comment._change_reason = reason
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


def comment_unhide(*, curator, comment: Comment) -> Comment:
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("question").get(pk=comment.pk)
        if not user_can_curate(user=curator, question=comment.question):
            raise PermissionDenied("Only the question's curators unhide comments.")
        if comment.hidden_at is not None:
            comment.hidden_at = None
            comment.hidden_by = None
            comment.hidden_reason = ""
            comment._change_reason = f"unhidden by {curator.get_username()}"
            comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


SHARE_CHOICES = ("team", "public", "private")


def forecast_share_default(*, user: User, question: Question) -> str:
    """Share with the team when the forecaster has one; otherwise keep the rationale private."""
    if question.visibility != Question.Visibility.PUBLIC:
        return "team"
    return "team" if Membership.objects.filter(user=user).exists() else "private"


def forecast_share_check(
    *, user: User, question: Question, share: str | None, team=None, evidence_ids: Iterable = (), rationale: str = ""
):
    """Check how a forecast is to be shared before it is written: (share, team, cited evidence). Called inside the
    forecast's transaction: a shared rationale counts against the comment rate limit."""
    share = share or forecast_share_default(user=user, question=question)
    if share not in SHARE_CHOICES:
        raise ValidationError({"share": "Share the rationale with your team, with everyone, or keep it private."})
    cited = _cited(question, evidence_ids)
    if share != "private" and ((rationale or "").strip() or cited):
        _check_rate(user, timezone.now(), field="share")
    chosen_team = None
    if share == "team":
        if question.visibility != Question.Visibility.PUBLIC:
            chosen_team = question.team
        else:
            _, chosen_team = _audience(author=user, question=question, audience="team", team=team, parent=None)
    return share, chosen_team, cited


def forecast_entry_create(
    *, forecast: Forecast, previous: Forecast | None, share: str, team: Team | None, cited: list
) -> Comment | None:
    """The forecast as the thread shows it ("moved 35% → 22%: rationale"), when it has a rationale or names the
    evidence that moved it. Called inside the forecast's transaction; followers are not notified of forecasts."""
    question = forecast.question
    question_follow_start(user=forecast.user, question=question)
    if not forecast.rationale.strip() and not cited:
        return None
    audience = {"team": Comment.Audience.TEAM, "public": Comment.Audience.PUBLIC, "private": Comment.Audience.AUTHOR}
    body = forecast.rationale.strip()
    entry = Comment.objects.create(
        question=question,
        author=forecast.user,
        kind=Comment.Kind.FORECAST,
        audience=audience[share],
        team=team if share == "team" else None,
        forecast=forecast,
        previous_forecast=previous if previous is not None and previous.kind == Forecast.Kind.FORECAST else None,
        body=body,
        body_html=render_markdown(body) if body else "",
        created_at=forecast.created_at,
    )
    entry.cited_evidence.set(cited)
    return entry
