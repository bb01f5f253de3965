"""The one Celery application of Signpost: configured from Django settings (the CELERY_ namespace).

Task modules live beside the services they call (`tracker/<domain>/tasks.py`, `forecasts/tasks.py`); they are
listed here so that workers register every task. Code that queues work names the task (tracker.ops.jobs.enqueue).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.config.settings")

app = Celery("signpost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    ["tracker.ops", "tracker.questions", "tracker.notifications", "tracker.teams", "tracker.webhooks", "forecasts"],
    force=False,
)
