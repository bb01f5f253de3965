"""Celery tasks of the story monitor. Thin: they take ids and call the services; a poll holds its source with a
lease, so running a task twice, or two at once, polls the source once."""

import logging

from celery import shared_task

from tracker.monitor.services import news_source_poll, news_sources_due

logger = logging.getLogger(__name__)


@shared_task(name="tracker.poll_due_sources", ignore_result=True)
def poll_due_sources() -> None:
    """Every minute: queue a poll of every source that is due (each on the monitor queue, on its own)."""
    for source_id in news_sources_due():
        poll_source.delay(source_id)  # inside a worker: a broker failure should fail the sweep


@shared_task(name="tracker.poll_source", ignore_result=True, soft_time_limit=240, time_limit=300)
def poll_source(source_id: int) -> str:
    report = news_source_poll(source_id=source_id)
    if report.polled:
        logger.info("News source %s: %s", source_id, report.summary())
    return report.summary()
