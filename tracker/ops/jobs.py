"""Queueing Celery work by task name, from web requests and services, without ever failing or delaying the request.

Services never import task modules: they name the task (`enqueue("tracker.deliver_webhook", delivery_id)`), so the
task modules sit above everything they call and no import cycle can pass through them. Routing to queues still
applies (Celery routes by name, CELERY_TASK_ROUTES).

Nothing here talks to the broker: the task is written to the outbox (tracker.ops.outbox), in the database the
request already uses, and a relay publishes it. A hung or stopped Redis therefore costs a request nothing.
"""

import logging

from celery import current_app
from django.db import transaction

from tracker.ops.outbox import outbox_write

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args) -> bool:
    """Queue the named task with `args` (through the outbox), or log a warning when even that fails (a periodic
    sweep catches up). In eager mode (unit tests) the task runs here and now, and its errors propagate."""
    app = current_app
    if app.conf.task_always_eager:
        # send_task ignores the eager setting; tests that run tasks in-process expect them to run. A worker imports
        # the task modules when it starts; this process may not have yet.
        if task_name not in app.tasks:
            app.loader.import_default_modules()
        app.tasks[task_name].apply(args=args, throw=app.conf.task_eager_propagates)
        return True
    try:
        outbox_write(task_name, list(args))
        return True
    except Exception:  # the database failed after the change committed: the committed data is safe, sweeps catch up
        logger.warning("Could not queue %s%r; the next sweep will pick it up.", task_name, args, exc_info=True)
        return False


class _EnqueueAfterCommit:
    """An on-commit callback that queues one task; comparable, so a transaction queues it once."""

    def __init__(self, task_name: str, args: tuple) -> None:
        self.task_name, self.args = task_name, args

    def __call__(self) -> None:
        enqueue(self.task_name, *self.args)


def enqueue_after_commit(task_name: str, *args) -> None:
    """Queue the task once the current transaction commits (at once outside one), once per transaction however
    many times it is asked (a sweep creating a thousand notifications queues one email task)."""
    connection = transaction.get_connection()
    for _, callback, *_ in connection.run_on_commit:
        if isinstance(callback, _EnqueueAfterCommit) and (callback.task_name, callback.args) == (task_name, args):
            return
    transaction.on_commit(_EnqueueAfterCommit(task_name, args))
