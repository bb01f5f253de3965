"""The one Celery application of Signpost: configured from Django settings (the CELERY_ namespace).

Task modules live beside the services they call (`tracker/<domain>/tasks.py`, `forecasts/tasks.py`); they are
listed here so that workers register every task. Code that queues work names the task (tracker.ops.jobs.enqueue).
"""

import os

from celery import Celery
from celery.signals import worker_ready, worker_shutting_down
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.config.settings")

app = Celery("signpost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    [
        "tracker.ops",
        "tracker.questions",
        "tracker.notifications",
        "tracker.teams",
        "tracker.webhooks",
        "tracker.monitor",
        "tracker.curation",
        "tracker.slack",
        "forecasts",
        "forecasts.slack",
    ],
    force=False,
)


@worker_ready.connect
def start_outbox_relay(sender, **kwargs) -> None:
    """Every worker relays the outbox (tracker.ops.outbox): what requests queued reaches the broker from here."""
    if not settings.SIGNPOST_OUTBOX_RELAY_IN_WORKER:
        return
    from tracker.ops.outbox import RelayThread

    relay = RelayThread()
    relay.start()
    _relays.append(relay)


@worker_shutting_down.connect
def stop_outbox_relay(**kwargs) -> None:
    while _relays:
        _relays.pop().stop()


_relays: list = []
