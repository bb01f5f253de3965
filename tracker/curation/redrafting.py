"""Services: a proposed claim redrafted by the optional language model (tracker/curation/model_drafting.py).

Each claim is held with a lease while its call runs, so a task run twice, or two at once, calls the model once; the
call is made outside any transaction, within SIGNPOST_DRAFTER_TIMEOUT, and at most SIGNPOST_DRAFTER_CONCURRENCY run
at once (slots in the cache, Redis in production). What the model writes replaces the rules' draft only when it
passes the rules' checks and the claim is still waiting for a curator; otherwise the rules' draft stays, flagged
with the reason. Each claim records which drafter wrote it.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from tracker.curation import model_drafting
from tracker.curation.amounts import alternatives
from tracker.curation.models import ClaimSuggestion
from tracker.lib import outbound
from tracker.ops.jobs import enqueue_after_commit

logger = logging.getLogger(__name__)

KEPT = "The language model's draft was not used ({reason}); this is the rules' draft."
SLOT_KEY = "signpost:drafter-slot:{index}"
# A lease outlives the call's deadline by this, so a worker killed mid-call frees the claim for a rerun.
LEASE_MARGIN = timedelta(seconds=30)
# A model draft that passed every check ranks above every flagged draft (flagged ones stay below 0.5).
MODEL_CONFIDENCE = 0.8


def drafter_enabled() -> bool:
    return bool(settings.SIGNPOST_DRAFTER_URL)


def suggestions_queue_for_model(suggestions: list[ClaimSuggestion]) -> None:
    """Queue each claim still waiting for a curator for the model, once the current transaction commits."""
    if not drafter_enabled():
        return
    for suggestion in suggestions:
        if suggestion.state == ClaimSuggestion.State.PROPOSED:
            enqueue_after_commit("tracker.draft_claim_with_model", suggestion.pk)


def _take_slot() -> str | None:
    """A free drafter slot's key (held for one call's lease), or None when every slot is taken or the cache fails."""
    hold = int(settings.SIGNPOST_DRAFTER_TIMEOUT + LEASE_MARGIN.total_seconds())
    for index in range(max(1, settings.SIGNPOST_DRAFTER_CONCURRENCY)):
        key = SLOT_KEY.format(index=index)
        try:
            if cache.add(key, 1, timeout=hold):
                return key
        except Exception:  # a broken cache must not lift the bound: wait as if busy
            logger.warning("Drafter slots unavailable: the cache failed", exc_info=True)
            return None
    return None


def _free_slot(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:  # the slot expires with its lease
        logger.warning("Drafter slot %s not freed: the cache failed", key, exc_info=True)


def _hold(suggestion_id: int, now: datetime) -> ClaimSuggestion | None:
    """The claim, leased to this call, when it still waits for a curator and the model has not tried it."""
    until = now + timedelta(seconds=settings.SIGNPOST_DRAFTER_TIMEOUT) + LEASE_MARGIN
    with transaction.atomic():
        suggestion = (
            ClaimSuggestion.objects.select_for_update(skip_locked=True)
            .filter(pk=suggestion_id, state=ClaimSuggestion.State.PROPOSED, model_outcome="")
            .select_related("source")
            .first()
        )
        if suggestion is None or (suggestion.model_lease_until and suggestion.model_lease_until > now):
            return None
        ClaimSuggestion.objects.filter(pk=suggestion.pk).update(model_lease_until=until)
    return suggestion


def _ask(suggestion: ClaimSuggestion) -> model_drafting.ModelDraft:
    """One call to the model and the checks of its answer; Refused with the reason otherwise."""
    article = suggestion.source
    published = (article.published_at or article.created_at).date()
    chat = model_drafting.messages(
        article_title=article.title,
        article_text=article.text,
        published=published,
        claim=suggestion.quote,
        rules_title=suggestion.title,
    )
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.SIGNPOST_DRAFTER_API_KEY:
        headers["Authorization"] = f"Bearer {settings.SIGNPOST_DRAFTER_API_KEY}"
    try:
        response = outbound.post(
            f"{settings.SIGNPOST_DRAFTER_URL}/chat/completions",
            model_drafting.request_body(model=settings.SIGNPOST_DRAFTER_MODEL, chat=chat),
            headers,
            timeout=settings.SIGNPOST_DRAFTER_TIMEOUT,
            allow_private=True,  # the operator's own endpoint: a model on this machine or network is expected
        )
    except outbound.OutboundError as error:
        raise model_drafting.Refused(f"the drafter's address was refused: {error}") from None
    if response.error:
        raise model_drafting.Refused(f"the call failed: {response.error}")
    if response.status != 200:
        raise model_drafting.Refused(f"the drafter answered HTTP {response.status}")
    answer = model_drafting.read_answer(response.body)
    return model_drafting.check_draft(answer, article_text=article.text, published=published)


def suggestion_draft_with_model(*, suggestion_id: int, now: datetime | None = None) -> str:
    """Redraft one claim with the language model. Returns what happened: "drafted", "kept" (the rules' draft,
    flagged), "busy" (every slot taken: try again later) or "skipped" (off, decided, tried, or held by another
    call)."""
    if not drafter_enabled():
        return "skipped"
    now = now or timezone.now()
    suggestion = _hold(suggestion_id, now)
    if suggestion is None:
        return "skipped"
    slot = _take_slot()
    if slot is None:
        ClaimSuggestion.objects.filter(pk=suggestion.pk).update(model_lease_until=None)
        return "busy"
    try:
        draft: model_drafting.ModelDraft | None = _ask(suggestion)
        reason = ""
    except model_drafting.Refused as refused:
        draft, reason = None, str(refused)
    finally:
        _free_slot(slot)
    waiting = ClaimSuggestion.objects.filter(pk=suggestion.pk, state=ClaimSuggestion.State.PROPOSED)
    if draft is None:
        flags = [*suggestion.flags, KEPT.format(reason=reason)]
        waiting.update(
            flags=flags,
            confidence=min(suggestion.confidence, 0.45),
            model_outcome=f"kept the rules' draft: {reason}"[:300],
            model_lease_until=None,
        )
        logger.info("Claim %s: the model's draft was not used (%s)", suggestion.pk, reason)
        return "kept"
    published = suggestion.source.published_at or suggestion.source.created_at
    waiting.update(
        title=draft.title[:400],
        alternatives=alternatives(draft.title[:400], published=published.date(), deadline=draft.close_date),
        criteria=draft.criteria,
        deadline=draft.close_date,
        actors=[draft.actor],
        flags=[],
        confidence=MODEL_CONFIDENCE,
        drafter=model_drafting.drafter_name(settings.SIGNPOST_DRAFTER_MODEL),
        model_outcome=f"drafted (time phrase: “{draft.time_phrase}”)"[:300] if draft.time_phrase else "drafted",
        model_lease_until=None,
    )
    return "drafted"


def suggestion_give_up_on_model(*, suggestion_id: int, reason: str) -> None:
    """After the last retry: the rules' draft stays, and says the model never got to it."""
    ClaimSuggestion.objects.filter(pk=suggestion_id, state=ClaimSuggestion.State.PROPOSED, model_outcome="").update(
        model_outcome=f"not tried: {reason}"[:300], model_lease_until=None
    )
