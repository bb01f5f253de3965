"""`python manage.py relay_outbox`: publish the outbox's waiting tasks to the broker. Every Celery worker already
relays; this is for a deployment that wants a relay of its own, or (`--once`) for publishing what waits now."""

import signal

from django.core.management.base import BaseCommand, CommandError

from tracker.ops.outbox import RelayThread, outbox_relay


class Command(BaseCommand):
    help = "Publish queued tasks from the outbox to the broker (--once: what waits now, then exit)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Publish what waits now and exit.")

    def handle(self, *args, once: bool = False, **options):
        if once:
            total = 0
            while True:
                published, refused = outbox_relay()
                total += published
                if refused:
                    raise CommandError(f"The broker refused a task after {total} were published; they stay queued.")
                if not published:
                    break
            self.stdout.write(f"Published {total} task(s).")
            return
        relay = RelayThread()
        signal.signal(signal.SIGTERM, lambda *_: relay.stopping.set())
        relay.start()
        try:
            while relay.is_alive():
                relay.join(1)
        except KeyboardInterrupt:
            pass
        finally:
            relay.stop()
