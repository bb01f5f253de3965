"""Celery tasks of curation. Thin: they take ids and call the services."""

import logging

from celery import shared_task
from django.conf import settings

from tracker.curation.redrafting import suggestion_draft_with_model, suggestion_give_up_on_model

logger = logging.getLogger(__name__)

# Every slot busy: try again after a while, doubling, for about an hour in all.
BUSY_RETRIES = 8


@shared_task(
    name="tracker.draft_claim_with_model",
    bind=True,
    ignore_result=True,
    max_retries=BUSY_RETRIES,
    # The call's own deadline ends it first; these only stop a worker stuck outside the call.
    soft_time_limit=int(settings.SIGNPOST_DRAFTER_TIMEOUT) + 60,
    time_limit=int(settings.SIGNPOST_DRAFTER_TIMEOUT) + 90,
)
def draft_claim_with_model(self, suggestion_id: int) -> str:
    outcome = suggestion_draft_with_model(suggestion_id=suggestion_id)
    if outcome == "busy":
        if self.request.retries >= BUSY_RETRIES:
            suggestion_give_up_on_model(suggestion_id=suggestion_id, reason="every drafter slot stayed busy")
            return "gave up"
        raise self.retry(countdown=15 * 2**self.request.retries)
    logger.info("Claim %s: %s", suggestion_id, outcome)
    return outcome
