"""Quick questions (Fatebook's habit): any member of a team may pose one (from Slack's `/signpost ask`); it opens at
once, visible to the team only, judged by the team's curators; a curator later promotes it into a full question
(sharper criteria, and public if they choose) through the editor."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import Team, User
from tracker.questions.models import Question
from tracker.questions.services.lifecycle import question_open_now
from tracker.questions.services.questions import question_create, question_lock, require_curator, require_member

QUICK_TITLE_MAX = 300
QUICK_SHORTEST = timedelta(hours=1)
QUICK_LONGEST = timedelta(days=5 * 365)


def quick_title(text: str) -> str:
    """The asked text as a title: one line, spaces collapsed, ending with a question mark."""
    title = " ".join(text.split()).strip()
    if title and not title.endswith("?"):
        title = title.rstrip(".!") + "?"
    return title


def question_ask(*, team: Team, asked_by: User, text: str, closes_at: datetime) -> Question:
    """A member's quick yes/no question: open now until `closes_at`, team-only, marked quick."""
    require_member(asked_by, team)  # before anything is checked of what was asked
    title = quick_title(text)
    errors = {}
    if len(title) < 10:
        errors["title"] = "Ask a whole question (at least 10 characters)."
    elif len(title) > QUICK_TITLE_MAX:
        errors["title"] = f"Keep the question under {QUICK_TITLE_MAX} characters; details can follow in a comment."
    now = timezone.now()
    if closes_at < now + QUICK_SHORTEST:
        errors["closes_at"] = "The date must be at least an hour from now."
    elif closes_at > now + QUICK_LONGEST:
        errors["closes_at"] = "The date must be within five years."
    if errors:
        raise ValidationError(errors)
    criteria = (
        f"Resolves Yes if the answer is yes by {closes_at:%-d %B %Y %H:%M} UTC, as judged by the curators of "
        f"{team.name}; No otherwise. A quick question asked by {asked_by.get_username()}: a curator may sharpen "
        "these criteria when promoting it."
    )
    with transaction.atomic():
        question = question_create(
            title=title,
            resolution_criteria=criteria,
            opens_at=now,
            scheduled_close_at=closes_at,
            resolve_by=closes_at + timedelta(days=7),
            team=team,
            visibility=Question.Visibility.TEAM,
            created_by=asked_by,
            quick=True,
        )
        question = question_open_now(question=question, actor=None)
    return question


def question_promote(*, question: Question, curator: User) -> Question:
    """A curator takes a quick question in as a full one (then edits it as any other)."""
    require_curator(curator, question)
    with transaction.atomic():
        question = question_lock(question)
        if not question.quick:
            raise ValidationError("This question is not a quick question.")
        question.quick = False
        question.save(update_fields=["quick", "updated_at"])
    return question
