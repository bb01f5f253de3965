"""From article to question: import an article, propose its forecastable claims, and let curators accept, reject
or merge them. Accepting creates a draft question whose origin quote sits at the claim's offsets in the article."""

import hashlib
import re
from datetime import UTC, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import Team
from tracker.accounts.permissions import user_can_curate_team, user_is_a_curator
from tracker.curation.amounts import alternatives
from tracker.curation.article_text import article_text
from tracker.curation.drafting import NEWS_SOURCES
from tracker.curation.extraction import extract_claims
from tracker.curation.models import ClaimSuggestion, Source
from tracker.curation.redrafting import suggestions_queue_for_model
from tracker.lib.slugs import unique_slug
from tracker.questions.models import Question
from tracker.questions.services.questions import question_create


def source_create(
    *,
    title: str,
    text: str = "",
    publisher: str = "",
    url: str = "",
    published_at: datetime | None = None,
    language: str = "en",
    slug: str = "",
    seeded: bool = False,
    team: Team | None = None,
) -> Source:
    source = Source(
        team=team,
        title=title,
        text=text,
        publisher=publisher,
        url=url,
        published_at=published_at,
        language=language,
        slug=slug or unique_slug(Source, title),
        seeded=seeded,
    )
    source.full_clean()
    source.save()
    return source


MAX_ARTICLE_CHARACTERS = 200_000


def _normalised(quote: str) -> str:
    return re.sub(r"\s+", " ", quote).strip().lower()


def quote_key(quote: str) -> str:
    """The same claim however it is spaced or capitalised, in any import of the article."""
    return hashlib.sha256(_normalised(quote).encode()).hexdigest()


def article_import(
    *,
    title: str,
    content: str,
    filename: str = "",
    publisher: str = "",
    url: str = "",
    published_at: datetime | None = None,
    imported_by=None,
    team: Team | None = None,
) -> tuple[Source, list[ClaimSuggestion]]:
    """Create the article (HTML reduced to text, Markdown stripped) and propose its claims; all or nothing. The
    article belongs to `team` (its curators curate it in the admin); without one it is shared by every team."""
    if imported_by is not None and not user_is_a_curator(user=imported_by):
        raise PermissionDenied("Only curators can import articles.")
    if imported_by is not None and team is not None and not user_can_curate_team(user=imported_by, team=team):
        raise PermissionDenied("You can only import articles for a team whose questions you curate.")
    text = article_text(content, filename=filename)
    if not text:
        raise ValidationError({"content": "The article has no text."})
    if len(text) > MAX_ARTICLE_CHARACTERS:
        raise ValidationError({"content": f"The article is longer than {MAX_ARTICLE_CHARACTERS:,} characters."})
    with transaction.atomic():
        source = source_create(
            title=title.strip(), text=text, publisher=publisher, url=url, published_at=published_at, team=team
        )
        suggestions = suggestions_refresh(source=source)
    return source, suggestions


def suggestions_refresh(*, source: Source) -> list[ClaimSuggestion]:
    """Propose the article's claims that are new: not already suggested here, and never rejected for any
    import of the same text; a claim a question of the article already asks is recorded as accepted with it. Safe
    to run again."""
    published = source.published_at.date() if source.published_at else timezone.now().date()
    rejected = set(
        ClaimSuggestion.objects.filter(state=ClaimSuggestion.State.REJECTED).values_list("quote_key", flat=True)
    )
    present = set(ClaimSuggestion.objects.filter(source=source).values_list("start", "end"))
    origins = [
        (_normalised(quote), question_id)
        for question_id, quote in Question.objects.filter(origin_source=source)
        .exclude(origin_quote="")
        .order_by("pk")
        .values_list("pk", "origin_quote")
    ]
    now = timezone.now()
    created = []
    for claim in extract_claims(source.text, published=published, include_implicit=True):
        key = quote_key(claim.quote)
        if key in rejected or (claim.start, claim.end) in present:
            continue
        # A claim some question of this article already asks (its origin quote is the sentence, or part of it)
        # is recorded as accepted with that question, not proposed again.
        sentence = _normalised(claim.quote)
        asked = next((pk for quote, pk in origins if quote in sentence or sentence in quote), None)
        decided = {"state": ClaimSuggestion.State.ACCEPTED, "question_id": asked, "decided_at": now} if asked else {}
        created.append(
            ClaimSuggestion(
                **decided,
                source=source,
                start=claim.start,
                end=claim.end,
                quote=claim.quote,
                quote_key=key,
                title=claim.title[:400],
                alternatives=alternatives(claim.title[:400], published=published, deadline=claim.deadline),
                deadline=claim.deadline,
                actors=claim.actors,
                criteria=claim.criteria,
                confidence=claim.confidence,
                flags=claim.flags,
                kind=claim.kind,
            )
        )
    stored = ClaimSuggestion.objects.bulk_create(created)
    suggestions_queue_for_model(stored)
    return stored


def _decide(suggestion: ClaimSuggestion, actor, state: str, **fields) -> ClaimSuggestion:
    suggestion.state = state
    suggestion.decided_by = actor
    suggestion.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(suggestion, name, value)
    suggestion.save(update_fields=["state", "decided_by", "decided_at", *fields])
    return suggestion


def user_can_decide_claims(*, user, source: Source) -> bool:
    """An article's claims are decided by its team's curators; a shared article's by any curator."""
    if source.team_id is None:
        return user_is_a_curator(user=user)
    return user_can_curate_team(user=user, team=source.team)


def _lock_proposed(suggestion: ClaimSuggestion, actor) -> ClaimSuggestion:
    suggestion = (
        ClaimSuggestion.objects.select_for_update(of=("self",)).select_related("source__team").get(pk=suggestion.pk)
    )
    if actor is not None and not user_can_decide_claims(user=actor, source=suggestion.source):
        raise PermissionDenied("Only the curators of the article's team decide its claims.")
    if suggestion.state != ClaimSuggestion.State.PROPOSED:
        raise ValidationError({"state": f"This suggestion was already {suggestion.get_state_display().lower()}."})
    return suggestion


def suggestion_accept(
    *,
    suggestion: ClaimSuggestion,
    actor,
    team: Team | None = None,
    title: str | None = None,
    resolution_criteria: str | None = None,
    opens_at: datetime | None = None,
    scheduled_close_at: datetime | None = None,
    resolve_by: datetime | None = None,
    ask_as: str = Question.Type.BINARY,
) -> tuple[ClaimSuggestion, Question]:
    """A draft question from the claim (the curator's edits applied), with the quote as its origin. `ask_as`
    "numeric" or "date" asks it as one of its alternatives (amounts.py): a count or a sum from 0, open above; or the
    date it happens, from the article's day to the deadline, open after it."""
    if actor is not None and not user_can_curate_team(user=actor, team=team):
        raise PermissionDenied("Only the team's curators can create its questions.")
    with transaction.atomic():
        suggestion = _lock_proposed(suggestion, actor)
        # The last second of the deadline day: the criteria say "on or before <deadline> (UTC)", so the question
        # closes on the date they name.
        due = datetime.combine(suggestion.deadline, time(23, 59, 59), tzinfo=UTC)
        close = scheduled_close_at or due
        alternative = _alternative_fields(suggestion, ask_as, close)
        drafted_title, drafted_criteria = alternative.pop("title", None), alternative.pop("criteria", None)
        question = question_create(
            **alternative,
            title=title or drafted_title or suggestion.title,
            resolution_criteria=resolution_criteria or drafted_criteria or suggestion.criteria,
            opens_at=opens_at or timezone.now(),
            scheduled_close_at=close,
            resolve_by=resolve_by or close,
            team=team,
            visibility=Question.Visibility.TEAM if team else Question.Visibility.PUBLIC,
            origin_source=suggestion.source,
            origin_quote=suggestion.quote,
            created_by=actor,
        )
        if question.origin_quote_start != suggestion.start:
            # The same sentence earlier in the article: point at the one the claim came from.
            question.origin_quote_start = suggestion.start
            question.save(update_fields=["origin_quote_start"])
        _decide(suggestion, actor, ClaimSuggestion.State.ACCEPTED, question=question)
    return suggestion, question


ASK_AS = (Question.Type.BINARY, Question.Type.NUMERIC, Question.Type.DATE)


def _alternative_fields(suggestion: ClaimSuggestion, ask_as: str, close: datetime) -> dict[str, Any]:
    """question_create's arguments for the claim asked as a number or a date (the title and criteria for the caller
    to use); nothing for a yes/no question."""
    if ask_as not in ASK_AS:
        raise ValidationError({"ask_as": f"Ask a claim as one of {', '.join(ASK_AS)}; got {ask_as!r}."})
    if ask_as == Question.Type.BINARY:
        return {}
    chosen = next((a for a in suggestion.alternatives if a.get("type") == ask_as), None)
    if chosen is None:
        kind = "count or sum to ask as a number" if ask_as == Question.Type.NUMERIC else "deadline to ask as a date"
        raise ValidationError({"ask_as": f"This claim has no {kind}."})
    day = close.date().isoformat()
    if ask_as == Question.Type.NUMERIC:
        criteria = (
            f"Resolves to the figure for “{chosen['title']}” that {NEWS_SOURCES} gives on or before {day} (UTC); "
            f"where they differ, an official statement's figure, else the highest figure two major outlets agree on. "
            f"A figure given as “more than N” or “about N” counts as N. Curators: name the source that counts."
        )
    else:
        criteria = (
            f"Resolves to the date (UTC) on which this first happens, as confirmed by {NEWS_SOURCES}: "
            f"“{chosen['title']}” Resolves above the range if it has not happened by {day}. Curators: make the event "
            f"specific before opening."
        )
    return {
        "type": ask_as,
        "title": chosen["title"],
        "criteria": criteria,
        "range_min": chosen["range_min"],
        "range_max": chosen["range_max"],
        "open_upper_bound": True,
        "unit": chosen["unit"],
    }


def suggestion_reject(*, suggestion: ClaimSuggestion, actor, reason: str = "") -> ClaimSuggestion:
    with transaction.atomic():
        suggestion = _lock_proposed(suggestion, actor)
        return _decide(suggestion, actor, ClaimSuggestion.State.REJECTED, reason=reason[:300])


def suggestions_merge(*, into: ClaimSuggestion, others: list[ClaimSuggestion], actor) -> ClaimSuggestion:
    """Fold several suggestions of the same article into one (they make one question)."""
    if any(other.pk == into.pk for other in others):
        raise ValidationError({"others": "A suggestion cannot be merged into itself."})
    if any(other.source_id != into.source_id for other in others):
        raise ValidationError({"others": "Only suggestions from the same article can be merged."})
    with transaction.atomic():
        into = _lock_proposed(into, actor)
        for other in others:
            _decide(_lock_proposed(other, actor), actor, ClaimSuggestion.State.MERGED, merged_into=into)
    return into
