"""Queueing Celery work by task name, from web requests and services, without ever failing the request.

Services never import task modules: they name the task (`enqueue("tracker.deliver_webhook", delivery_id)`), so the
task modules sit above everything they call and no import cycle can pass through them. Routing to queues still
applies (Celery routes by name, CELERY_TASK_ROUTES).
"""

import logging

from celery import current_app

logger = logging.getLogger(__name__)


def enqueue(task_name: str, *args) -> bool:
    """Queue the named task with `args`, or log a warning when the broker cannot be reached (a periodic sweep
    catches up). In eager mode (unit tests) the task runs here and now, and its errors propagate."""
    app = current_app
    if app.conf.task_always_eager:
        # send_task ignores the eager setting; tests that run tasks in-process expect them to run. A worker imports
        # the task modules when it starts; this process may not have yet.
        if task_name not in app.tasks:
            app.loader.import_default_modules()
        app.tasks[task_name].apply(args=args, throw=app.conf.task_eager_propagates)
        return True
    try:
        # Nobody waits on these results: without ignore_result the sender would also subscribe to the result store.
        app.send_task(task_name, args=list(args), ignore_result=True)
        return True
    except Exception:  # any broker failure: the committed data is safe and the periodic sweep re-enqueues
        logger.warning("Could not queue %s%r; the next sweep will pick it up.", task_name, args, exc_info=True)
        return False
