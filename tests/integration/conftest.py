"""A real Celery worker process, started against the test database and the configured broker."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tracker.config.celery import app

WORKER_START_TIMEOUT = 90


def test_database_url() -> str:
    """The URL of the database the tests are using right now, for a process started from a test."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "localhost"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{db['NAME']}"
    raise RuntimeError(f"No URL form for the {connection.vendor} backend.")


def wait_for(condition, timeout=60.0, interval=0.2, between=None) -> bool:
    """Poll `condition` until true or `timeout`; `between` runs after each miss (e.g. a beat tick)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if between:
            between()
        time.sleep(interval)
    return False


def reset_routing() -> None:
    """Celery caches its queue table and router on first use; rebuild them from the configuration just changed."""
    for cached in ("queues", "router"):
        app.amqp.__dict__.pop(cached, None)
    app.amqp.flush_routes()


WORKER_QUEUES = {
    "all": "{queue},{queue}-heavy,{queue}-outbound,{queue}-email,{queue}-monitor,{queue}-curation",
    "outbound": "{queue}-outbound",
    "email": "{queue}-email",
    "others": "{queue},{queue}-heavy",
}


def start_worker(*, queue: str, log_path: Path, queues: str = "all", **env_overrides) -> subprocess.Popen:
    """`celery worker` in its own process, on its own queues, against the test database: every queue of this test,
    or only the outbound (webhooks) or email one, or the rest (production runs separate workers for outbound calls).
    Every worker relays the outbox (tracker.ops.outbox), as in production."""
    env = dict(
        os.environ,
        DATABASE_URL=test_database_url(),
        CELERY_TASK_DEFAULT_QUEUE=queue,
        CELERY_HEAVY_QUEUE=f"{queue}-heavy",
        CELERY_OUTBOUND_QUEUE=f"{queue}-outbound",
        CELERY_EMAIL_QUEUE=f"{queue}-email",
        CELERY_MONITOR_QUEUE=f"{queue}-monitor",
        CELERY_CURATION_QUEUE=f"{queue}-curation",
        **env_overrides,
    )
    with log_path.open("a") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tracker",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-Q",
                WORKER_QUEUES[queues].format(queue=queue),
                "-n",
                f"{queue}-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def wait_until_answering(log_path: Path, timeout: float = WORKER_START_TIMEOUT) -> None:
    """The worker took a task from this test's queue and ran it: it is up (and its queue is drained up to here)."""
    from tracker.ops.tasks import describe_backends

    try:
        describe_backends.delay().get(timeout=timeout)
    except Exception as error:
        pytest.fail(f"The Celery worker did not answer: {error!r}\n{log_path.read_text()[-4000:]}")


@contextmanager
def routed_to(queue: str):
    """Send this process's tasks to `queue` (heavy and outbound ones to its -heavy and -outbound twins) while inside."""
    previous_queue, previous_routes = app.conf.task_default_queue, app.conf.task_routes
    app.conf.task_default_queue = queue
    twin = {
        settings.CELERY_HEAVY_QUEUE: "heavy",
        settings.CELERY_OUTBOUND_QUEUE: "outbound",
        settings.CELERY_EMAIL_QUEUE: "email",
        settings.CELERY_MONITOR_QUEUE: "monitor",
        settings.CELERY_CURATION_QUEUE: "curation",
    }
    app.conf.task_routes = {
        name: {"queue": f"{queue}-{twin[route['queue']]}"} for name, route in settings.CELERY_TASK_ROUTES.items()
    }
    reset_routing()
    try:
        yield
    finally:
        app.conf.task_default_queue, app.conf.task_routes = previous_queue, previous_routes
        reset_routing()


def new_queue() -> str:
    return f"signpost-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="module")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """One worker for a module's tests, writing its emails as files (so tests can read what it sent)."""
    queue = new_queue()
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    # The webhook tests' receivers and the monitor's news site listen on loopback: the development opt-ins, in the
    # worker as in this process.
    process = start_worker(
        queue=queue,
        log_path=log_path,
        EMAIL_URL=f"filemail://{mail_dir}",
        SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES="true",
        SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES="true",
    )
    try:
        with routed_to(queue):
            wait_until_answering(log_path)
            process.mail_dir = mail_dir
            process.log_path = log_path
            yield process
    finally:
        stop_worker(process)


@pytest.fixture
def celery_worker(celery_worker_process, transactional_db):
    """The running worker, with a test database whose rows it can see (committed, not in a test transaction)."""
    return celery_worker_process
