"""The language-model drafter with real processes: an imported article's claims reach a worker on the curation
queue once they commit, the worker calls the (stand-in) model within its deadline, and a claim whose task is queued
again is not sent again."""

import pytest

from tests.factories import TeamFactory
from tests.integration.conftest import new_queue, routed_to, start_worker, stop_worker, wait_for, wait_until_answering
from tests.tracker.curation.model_server import ANSWERS, Reply, model_server
from tracker.curation.models import ClaimSuggestion
from tracker.curation.services import article_import
from tracker.ops.jobs import enqueue

pytestmark = pytest.mark.integration


def test_a_worker_on_the_curation_queue_drafts_each_claim_once(transactional_db, tmp_path, settings):
    queue, log = new_queue(), tmp_path / "worker.log"
    with model_server() as server, routed_to(queue):
        server.answer("good")
        server.replies.extend(Reply(content="not json") for _ in range(10))
        drafter = {
            "SIGNPOST_DRAFTER_URL": server.url,
            "SIGNPOST_DRAFTER_MODEL": "stand-in-7b",
            "SIGNPOST_DRAFTER_TIMEOUT": "10",
        }
        worker = start_worker(queue=queue, log_path=log, **drafter)
        try:
            wait_until_answering(log)
            settings.SIGNPOST_DRAFTER_URL, settings.SIGNPOST_DRAFTER_MODEL = server.url, "stand-in-7b"
            article = ANSWERS["article"]
            _, suggestions = article_import(
                title=article["title"], content=article["text"], team=TeamFactory(), published_at=None
            )
            proposed = [s.pk for s in suggestions if s.state == ClaimSuggestion.State.PROPOSED]
            assert proposed
            tried = ClaimSuggestion.objects.filter(pk__in=proposed).exclude(model_outcome="")
            assert wait_for(lambda: tried.count() == len(proposed), timeout=60), log.read_text()[-3000:]
            for pk in proposed:  # queued again, as a retried task would be: nothing is sent twice
                enqueue("tracker.draft_claim_with_model", pk)
            assert wait_for(
                lambda: (
                    "draft_claim_with_model" in log.read_text() and log.read_text().count("skipped") >= len(proposed)
                ),
                timeout=30,
            ), log.read_text()[-3000:]
        finally:
            stop_worker(worker)
    assert len(server.requests) == len(proposed)
    drafted = ClaimSuggestion.objects.filter(pk__in=proposed, drafter="model stand-in-7b (prompt v1)")
    assert drafted.count() == 1
