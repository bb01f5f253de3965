"""Queueing Celery work from web requests and services without ever failing the request."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> bool:
    """`task.delay(*args)`, or a logged warning when the broker cannot be reached (a sweep will catch up)."""
    try:
        task.delay(*args)
        return True
    except Exception:  # any broker failure: the committed data is safe and the periodic sweep re-enqueues
        logger.warning("Could not queue %s%r; the next sweep will pick it up.", task.name, args, exc_info=True)
        return False


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(lambda: enqueue(task, *args))
