"""Following a team's news sources: add one, poll it (a feed's new entries or a single page become articles, a wire
copy under another address is merged into the article it copies), back off and park a failing source, resume it.

A poll holds its source with a lease (`polling_until`, set by one conditional UPDATE), so polls of one source never
overlap however many workers or commands run; each entry is fetched, read and stored on its own, so one bad page
costs only itself. Addresses already read by the team are skipped, so a second poll adds nothing."""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from tracker.accounts.models import Team, User
from tracker.accounts.permissions import user_can_curate, user_can_curate_team
from tracker.curation.models import ClaimSuggestion, Source
from tracker.curation.services import MAX_ARTICLE_CHARACTERS, article_import
from tracker.curation.similar import similar_questions
from tracker.lib import outbound
from tracker.monitor import fetching, matching, reading
from tracker.monitor.models import ArticleAddress, EvidenceProposal, NewsSource
from tracker.ops.jobs import enqueue_after_commit
from tracker.questions.models import Question
from tracker.questions.services.evidence import evidence_add
from tracker.resolution.models import ResolutionProposal
from tracker.resolution.services.proposals import proposal_hint
from tracker.webhooks.models import Webhook
from tracker.webhooks.services.events import webhook_event_emit

logger = logging.getLogger(__name__)

POLL_LEASE = timedelta(minutes=15)  # longer than a poll's time limit
MOST_ENTRIES_A_POLL = 30  # new entries read a poll, newest first; a feed's backlog is read over the next polls
POLL_BUDGET_SECONDS = 180  # within the poll task's time limit; what is left waits for the next poll
LONGEST_BACKOFF = timedelta(hours=24)
COPIES_LOOK_BACK = timedelta(days=14)
POLL_MINUTES_RANGE = (5, 24 * 60)
ADD_RESOLVE_SECONDS = 2.0
# A drafted claim this alike a team question (curation.similar's score) asks it: linked, never offered again.
# Stricter than the editor's warning (0.55), which "Will … by 31 March 2027?" alone can reach.
SAME_QUESTION = 0.8


@dataclass
class PollReport:
    source_id: int
    polled: bool = False  # False: another poll held the source, or it is parked
    unchanged: bool = False
    new_articles: list[int] = field(default_factory=list)
    copies: int = 0
    skipped: int = 0
    evidence_proposals: int = 0
    hints: int = 0
    drafts_linked: int = 0
    failed_entries: list[str] = field(default_factory=list)
    left_for_later: bool = False
    error: str = ""

    def summary(self) -> str:
        if self.error:
            return self.error[:300]
        if self.unchanged:
            return "Unchanged since the last poll."
        text = (
            f"{len(self.new_articles)} new article(s), {self.copies} copy(ies) merged, {self.skipped} already read, "
            f"{self.evidence_proposals} evidence proposal(s), {self.hints} resolution hint(s), "
            f"{self.drafts_linked} drafted claim(s) linked to existing questions"
        )
        if self.failed_entries:
            text += f"; {len(self.failed_entries)} entry(ies) unreadable ({self.failed_entries[0][:120]})"
        return text[:300] + "."


def news_source_validate(*, team: Team, url: str, kind: str, poll_minutes: int | None = None) -> tuple[str, int]:
    """Every check news_source_add makes before writing (forms show them as field errors): the address as it will
    be stored, and the minutes between polls."""
    url = (url or "").strip()
    try:
        # The address is resolved now, as a webhook's is, so an internal one is refused at once, not at each poll.
        outbound.destination(
            url,
            allow_private=False,
            allow_loopback=settings.SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES,
            timeout=min(settings.SIGNPOST_FETCH_TIMEOUT, ADD_RESOLVE_SECONDS),
        )
    except outbound.OutboundError as error:
        raise ValidationError({"url": str(error)}) from None
    if kind not in NewsSource.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(NewsSource.Kind.values)}."})
    minutes = poll_minutes if poll_minutes is not None else settings.SIGNPOST_SOURCE_POLL_MINUTES
    low, high = POLL_MINUTES_RANGE
    if not low <= minutes <= high:
        raise ValidationError({"poll_minutes": f"Between {low} and {high} minutes."})
    if NewsSource.objects.filter(team=team, url=url).exists():
        raise ValidationError({"url": "The team already follows this address."})
    return url, minutes


def news_source_add(*, team: Team, url: str, kind: str, added_by: User, poll_minutes: int | None = None) -> NewsSource:
    """Follow `url` for `team` (its curators and admins may); the first poll is queued once this commits."""
    if not user_can_curate_team(user=added_by, team=team):
        raise PermissionDenied("Only the team's curators can add its news sources.")
    url, minutes = news_source_validate(team=team, url=url, kind=kind, poll_minutes=poll_minutes)
    source = NewsSource(team=team, url=url, kind=kind, poll_minutes=minutes, added_by=added_by)
    source.full_clean(exclude=["team", "added_by"])
    with transaction.atomic():
        source.save()
        enqueue_after_commit("tracker.poll_source", source.pk)
    return source


def news_source_poll_soon(*, source: NewsSource, actor: User) -> None:
    """Queue a poll of the source now (once this commits), whether or not it is due."""
    if not user_can_curate_team(user=actor, team=source.team):
        raise PermissionDenied("Only the team's curators can poll its news sources.")
    enqueue_after_commit("tracker.poll_source", source.pk)


def news_source_resume(*, source: NewsSource, actor: User) -> NewsSource:
    """Poll a parked source again, now."""
    if not user_can_curate_team(user=actor, team=source.team):
        raise PermissionDenied("Only the team's curators can resume its news sources.")
    NewsSource.objects.filter(pk=source.pk, state=NewsSource.State.PARKED).update(
        state=NewsSource.State.ACTIVE, consecutive_failures=0, next_poll_at=timezone.now()
    )
    news_source_poll_soon(source=source, actor=actor)
    source.refresh_from_db()
    return source


def news_sources_due(*, now: datetime | None = None) -> list[int]:
    """Ids of the active sources due for a poll and not held by one."""
    now = now or timezone.now()
    return list(
        NewsSource.objects.filter(state=NewsSource.State.ACTIVE, next_poll_at__lte=now)
        .filter(Q(polling_until__isnull=True) | Q(polling_until__lt=now))
        .order_by("next_poll_at")
        .values_list("pk", flat=True)
    )


def _hold(source_id: int, now: datetime) -> NewsSource | None:
    held = (
        NewsSource.objects.filter(pk=source_id, state=NewsSource.State.ACTIVE)
        .filter(Q(polling_until__isnull=True) | Q(polling_until__lt=now))
        .update(polling_until=now + POLL_LEASE)
    )
    return NewsSource.objects.select_related("team").get(pk=source_id) if held else None


def news_source_poll(*, source_id: int, now: datetime | None = None) -> PollReport:
    """Poll the source once (whether or not it is due): fetch, read, store what is new, and schedule the next."""
    now = now or timezone.now()
    report = PollReport(source_id)
    source = _hold(source_id, now)
    if source is None:
        return report
    report.polled = True
    try:
        page = fetching.fetch(source.url, kind=source.kind, etag=source.etag, last_modified=source.last_modified)
        if page is None:
            report.unchanged = True
        elif source.kind == NewsSource.Kind.FEED:
            feed = reading.read_feed(page.body, base_url=page.url)
            source.title = source.title or feed.title[:300]
            ends = time.monotonic() + POLL_BUDGET_SECONDS
            known = set(
                ArticleAddress.objects.filter(
                    team=source.team, url__in=[entry.url for entry in feed.entries]
                ).values_list("url", flat=True)
            )
            fresh = [entry for entry in feed.entries if entry.url not in known]
            report.skipped += len(feed.entries) - len(fresh)
            for read, entry in enumerate(fresh):
                if read == MOST_ENTRIES_A_POLL or time.monotonic() > ends:
                    report.left_for_later = True
                    break
                _read_entry(source, entry.url, entry.published_at, report)
            # The validators are kept only when every entry was read: a 304 must not hide what is still to read.
            done = not report.left_for_later and not report.failed_entries
            source.etag, source.last_modified = (page.etag[:300], page.last_modified[:100]) if done else ("", "")
        else:
            _store_page(source, page, None, report)
    except (fetching.FetchFailed, reading.NotReadable) as error:
        report.error = str(error)
    except ValidationError as error:
        report.error = "; ".join(error.messages)
    _finish(source, report, now)
    return report


def _read_entry(source: NewsSource, url: str, published_at: datetime | None, report: PollReport) -> None:
    """One new entry's page, on its own: what fails costs only this entry. (An address read meanwhile by another
    source is found again by _store_page.)"""
    try:
        page = fetching.fetch(url, kind=NewsSource.Kind.PAGE)
        if page is not None:
            _store_page(source, page, published_at, report, entry_url=url)
    except (fetching.FetchFailed, reading.NotReadable, ValidationError) as error:
        report.failed_entries.append(f"{url}: {error}")
    except Exception as error:  # one page that breaks the reader costs only itself
        logger.exception("News source %s: entry %s failed", source.pk, url)
        report.failed_entries.append(f"{url}: {type(error).__name__}")


def _store_page(
    source: NewsSource,
    page: fetching.Page,
    published_at: datetime | None,
    report: PollReport,
    *,
    entry_url: str = "",
) -> None:
    """The page's article, a copy merged into an earlier one, or an address of one already stored."""
    article = reading.read_page(page.body, url=page.url)
    addresses = list(dict.fromkeys(url for url in (entry_url, page.url, article.canonical_url, source.url) if url))
    if source.kind == NewsSource.Kind.FEED:
        addresses = [url for url in addresses if url != source.url]
    known = ArticleAddress.objects.filter(team=source.team, url__in=addresses).select_related("article").first()
    if known is not None:
        _remember(source, known.article, addresses, is_copy=False)
        report.skipped += 1
        return
    copied = _copied_article(source.team, article)
    if copied is not None:
        _remember(source, copied, addresses, is_copy=True)
        report.copies += 1
        return
    # A page without a date of its own takes the feed entry's; a feed's time of day is kept over a date alone.
    when = (
        published_at
        if published_at and (not article.published_at or article.published_at.date() == published_at.date())
        else article.published_at
    )
    with transaction.atomic():
        stored, drafts = article_import(
            title=article.title or page.url,
            content=article.text[:MAX_ARTICLE_CHARACTERS],
            publisher=article.publisher,
            url=article.canonical_url,
            published_at=when,
            team=source.team,
        )
        Source.objects.filter(pk=stored.pk).update(language=article.language[:16])
        _remember(source, stored, addresses, is_copy=False)
        NewsSource.objects.filter(pk=source.pk).update(article_count=F("article_count") + 1)
        webhook_event_emit(
            team_id=source.team_id,
            event=Webhook.Event.ARTICLE_IMPORTED,
            key=f"article.imported:article:{stored.pk}",
            data=lambda: {"article": article_data(stored), "news_source": {"id": source.pk, "url": source.url}},
        )
        report.drafts_linked += drafts_link_duplicates(article=stored, drafts=drafts)
        proposals, hints = article_match(article=stored)
    report.new_articles.append(stored.pk)
    report.evidence_proposals += len(proposals)
    report.hints += len(hints)


def article_data(article: Source) -> dict[str, object]:
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "publisher": article.publisher,
        "published_at": article.published_at,
        "language": article.language,
    }


def proposal_data(proposal: EvidenceProposal) -> dict[str, object]:
    return {
        "id": proposal.pk,
        "question": {"id": proposal.question_id, "title": proposal.question.title},
        "article": article_data(proposal.article),
        "quote": proposal.quote,
        "stance": proposal.stance,
        "confidence": proposal.confidence,
        "reason": proposal.reason,
    }


def drafts_link_duplicates(*, article: Source, drafts: list[ClaimSuggestion]) -> int:
    """A claim drafted from a new article that one of the team's questions already asks is recorded as accepted
    with that question (as a claim its own question asks is), so the inbox does not offer it again. Only the team's
    questions are compared. Returns how many were linked."""
    if article.team_id is None:
        return 0
    linked = 0
    among = Question.objects.filter(team_id=article.team_id)
    for draft in drafts:
        similar = similar_questions(title=draft.title, criteria=draft.criteria, limit=1, among=among)
        if similar and similar[0][0] >= SAME_QUESTION:
            ClaimSuggestion.objects.filter(pk=draft.pk, state=ClaimSuggestion.State.PROPOSED).update(
                state=ClaimSuggestion.State.ACCEPTED, question_id=similar[0][1], decided_at=timezone.now()
            )
            linked += 1
    return linked


def _copied_article(team: Team, article: reading.Article) -> Source | None:
    """The team's recent article this one copies (a wire story under another address), if any."""
    since = timezone.now() - COPIES_LOOK_BACK
    mine = reading.shingles(article.text)
    scored = [
        (reading.likeness(mine, reading.shingles(other.text)), other)
        for other in Source.objects.filter(team=team, created_at__gte=since).only("pk", "text")
    ]
    score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best if score >= reading.SAME_STORY else None


def _remember(source: NewsSource, article: Source, urls: list[str], *, is_copy: bool) -> None:
    for url in urls:
        try:
            with transaction.atomic():
                ArticleAddress.objects.create(
                    article=article, team=source.team, url=url[:1000], news_source=source, is_copy=is_copy
                )
        except IntegrityError:
            continue  # read before, under this or another source


def _finish(source: NewsSource, report: PollReport, now: datetime) -> None:
    """Record the outcome; schedule the next poll (backing off after failures) or park the source."""
    every = timedelta(minutes=source.poll_minutes)
    fields = {"last_polled_at": now, "last_outcome": report.summary(), "polling_until": None}
    if report.error:
        failures = source.consecutive_failures + 1
        fields |= {"consecutive_failures": failures, "next_poll_at": now + min(every * 2**failures, LONGEST_BACKOFF)}
        if failures >= settings.SIGNPOST_SOURCE_PARK_AFTER_FAILURES:
            fields["state"] = NewsSource.State.PARKED
        logger.warning("News source %s failed (%s in a row): %s", source.pk, failures, report.error)
    else:
        fields |= {"consecutive_failures": 0, "next_poll_at": now + every}
        fields |= {"title": source.title, "etag": source.etag, "last_modified": source.last_modified}
        if source.kind == NewsSource.Kind.PAGE:
            fields["state"] = NewsSource.State.DONE
    NewsSource.objects.filter(pk=source.pk).update(**fields)


# --- matching new articles to the team's open questions ---------------------------------------------------------


def article_match(
    *, article: Source, as_of: datetime | None = None
) -> tuple[list[EvidenceProposal], list[ResolutionProposal]]:
    """Compare a new article with its team's open questions: an evidence proposal for each question it bears on,
    and a resolution hint for each whose event it reports inside the question's window (hints only go to questions
    still unsettled). Running it again proposes nothing new. An off-topic article proposes nothing. With `as_of`,
    the questions open at that moment are compared instead: the seed replays its story's articles so."""
    if article.team_id is None:
        return [], []
    candidates = Question.objects.filter(team_id=article.team_id)
    if as_of is None:
        candidates = candidates.filter(status=Question.Status.OPEN)
    else:
        candidates = candidates.filter(opens_at__lte=as_of, scheduled_close_at__gte=as_of).exclude(
            status__in=[Question.Status.DRAFT, Question.Status.ANNULLED]
        )
    questions = list(
        candidates.only(
            "pk", "title", "resolution_criteria", "type", "opens_at", "scheduled_close_at", "status", "team_id"
        )
    )
    texts = [
        matching.QuestionText(q.pk, q.title, q.resolution_criteria, binary=q.type == Question.Type.BINARY)
        for q in questions
    ]
    by_id = {question.pk: question for question in questions}
    reported_at = article.published_at or article.created_at
    proposals, hints = [], []
    for match in matching.match_article(title=article.title, text=article.text, questions=texts):
        question = by_id[match.question_id]
        proposal, created = EvidenceProposal.objects.get_or_create(
            question=question,
            article=article,
            defaults={
                "team_id": article.team_id,
                "quote": match.quote,
                "stance": match.stance,
                "confidence": match.confidence,
                "reason": match.reason[:300],
            },
        )
        if created:
            proposals.append(proposal)
            webhook_event_emit(
                team_id=article.team_id,
                event=Webhook.Event.EVIDENCE_PROPOSED,
                key=f"evidence.proposed:proposal:{proposal.pk}",
                data=partial(proposal_data, proposal),
            )
        inside = question.opens_at <= reported_at <= question.scheduled_close_at
        if match.reports_event and inside:
            hint = proposal_hint(question=question, article_id=article.pk, url=article.url, quote=match.quote)
            if hint is not None:
                hints.append(hint)
    return proposals, hints


def _decidable(proposal: EvidenceProposal, actor: User) -> EvidenceProposal:
    locked = EvidenceProposal.objects.select_for_update().select_related("question", "article").get(pk=proposal.pk)
    if not user_can_curate(user=actor, question=locked.question):
        raise PermissionDenied("Only the question's curators decide its evidence proposals.")
    if locked.state != EvidenceProposal.State.PENDING:
        raise ValidationError({"state": f"This proposal was already {locked.state}."})
    return locked


def evidence_proposal_accept(
    *, proposal: EvidenceProposal, actor: User, stance: str | None = None, quote: str | None = None
) -> EvidenceProposal:
    """The article becomes evidence on the question (through the evidence service: its checks, and its notice to
    the question's forecasters), with the proposal's quote and stance unless the curator changes them."""
    with transaction.atomic():
        proposal = _decidable(proposal, actor)
        article = proposal.article
        evidence = evidence_add(
            question=proposal.question,
            title=article.title,
            url=article.url,
            source=article,
            publisher=article.publisher,
            published_at=article.published_at,
            quote=(quote if quote is not None else proposal.quote).strip(),
            stance=stance or proposal.stance,
            added_by=actor,
        )
        EvidenceProposal.objects.filter(pk=proposal.pk).update(
            state=EvidenceProposal.State.ACCEPTED, evidence=evidence, decided_by=actor, decided_at=timezone.now()
        )
    proposal.refresh_from_db()
    return proposal


def evidence_proposal_reject(*, proposal: EvidenceProposal, actor: User, note: str = "") -> EvidenceProposal:
    with transaction.atomic():
        proposal = _decidable(proposal, actor)
        EvidenceProposal.objects.filter(pk=proposal.pk).update(
            state=EvidenceProposal.State.REJECTED, decided_by=actor, decided_at=timezone.now(), decision_note=note[:300]
        )
    proposal.refresh_from_db()
    return proposal
