"""The outbox between the database and the broker.

`enqueue` (tracker.ops.jobs) writes a row; the relay publishes rows oldest first, each claimed (a row lock that
concurrent relays skip), published with the broker's deadlines and deleted on its own, so a message is published at
least once and one that cannot be published holds up nothing but the rows after it while the broker is down (the
relay then waits and tries again). Every Celery worker runs a relay thread (started when the worker is ready), and
`manage.py relay_outbox` runs one on its own. Tasks are idempotent, so a publish repeated after a crash is harmless.
"""

import logging
import threading

from celery import current_app
from django.conf import settings
from django.db import close_old_connections, connection, transaction

from tracker.ops.models import OutboxMessage

logger = logging.getLogger(__name__)


def outbox_write(task_name: str, args: list) -> OutboxMessage:
    return OutboxMessage.objects.create(task_name=task_name, args=list(args))


RELAY_BATCH = 500


def outbox_relay(*, limit: int = RELAY_BATCH) -> tuple[int, bool]:
    """Publish up to `limit` waiting messages: (how many were published, whether the broker refused one). Stops
    at the first refusal: the broker is down, and the rest would wait for its deadline one by one."""
    published = 0
    while published < limit:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update(skip_locked=True).order_by("pk").first()
            if message is None:
                return published, False
            try:
                # Nobody waits on these results: without ignore_result the sender would subscribe to the result store.
                current_app.send_task(message.task_name, args=message.args, ignore_result=True)
            except Exception as error:  # any broker failure: the row stays, the next round tries again
                message.attempts += 1
                message.last_error = f"{type(error).__name__}: {error}"[:300]
                message.save(update_fields=["attempts", "last_error"])
                logger.warning("Could not publish %s; will retry.", message, exc_info=True)
                return published, True
            message.delete()
        published += 1
    return published, False


class RelayThread(threading.Thread):
    """Relays until stopped: at once while there is work, every SIGNPOST_OUTBOX_POLL_SECONDS when idle, and after
    a broker failure every SIGNPOST_OUTBOX_RETRY_SECONDS."""

    def __init__(self) -> None:
        super().__init__(name="outbox-relay", daemon=True)
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                wait = settings.SIGNPOST_OUTBOX_POLL_SECONDS
                try:
                    close_old_connections()
                    published, refused = outbox_relay()
                    if refused:
                        wait = settings.SIGNPOST_OUTBOX_RETRY_SECONDS
                    elif published >= RELAY_BATCH:
                        wait = 0  # more is waiting
                except Exception:  # the database went away: log, wait, try again
                    logger.exception("The outbox relay failed; retrying.")
                    wait = settings.SIGNPOST_OUTBOX_RETRY_SECONDS
                self.stopping.wait(wait)
        finally:
            connection.close()

    def stop(self, timeout: float = 10) -> None:
        self.stopping.set()
        self.join(timeout)
