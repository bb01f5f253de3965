import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashers are deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def celery_eager():
    """Run tasks in-process for unit tests; tests/integration runs them on a real worker instead."""
    from tracker.config.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


# The documentation domains stand for public receivers: they resolve to a public address without a DNS lookup (the
# test machines have no outside network). Numeric hosts (127.0.0.1, 2130706433, ...) still go through getaddrinfo.
PUBLIC_TEST_ADDRESS = "93.184.215.14"


@pytest.fixture(autouse=True)
def public_test_domains(monkeypatch):
    from tracker.lib import outbound

    real_resolve = outbound.resolve

    def resolve(host, port, *, timeout):
        if host == "example.org" or host.endswith((".example.org", ".example.com")):
            return [PUBLIC_TEST_ADDRESS]
        return real_resolve(host, port, timeout=timeout)

    monkeypatch.setattr(outbound, "resolve", resolve)


@pytest.fixture(scope="session", autouse=True)
def a_cache_of_this_test_process():
    """With Redis as the cache (CI), each parallel test process uses a database of its own: throttling counts and
    cache.clear() in one process must not touch another's."""
    import os
    import re

    from django.conf import settings
    from django.test.utils import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    default = settings.CACHES["default"]
    if not worker.startswith("gw") or not default["BACKEND"].endswith("RedisCache"):
        yield
        return
    database = int(worker[2:]) + 1  # the broker keeps database 0
    location = re.sub(r"(/\d+)?$", f"/{database}", default["LOCATION"].rstrip("/"), count=1)
    with override_settings(CACHES={"default": {**default, "LOCATION": location}}):
        yield


@pytest.fixture(autouse=True)
def no_crowd_state_from_another_test():
    """Workers keep crowd states between updates; a test starts with none (databases are reset, ids reused)."""
    from forecasts.services.community import STATE_CACHE

    STATE_CACHE.clear()
    yield
    STATE_CACHE.clear()


@pytest.fixture
def slack(settings):
    """The Slack app configured against a local stand-in of Slack's Web API (tests/slack_standin.py)."""
    from tests.slack_standin import CLIENT_ID, CLIENT_SECRET, SIGNING_SECRET, start_standin

    standin, server = start_standin()
    settings.SIGNPOST_SLACK_CLIENT_ID = CLIENT_ID
    settings.SIGNPOST_SLACK_CLIENT_SECRET = CLIENT_SECRET
    settings.SIGNPOST_SLACK_SIGNING_SECRET = SIGNING_SECRET
    settings.SIGNPOST_SLACK_API_URL = standin.api_url
    settings.SIGNPOST_SLACK_AUTHORIZE_URL = "https://slack.example.com/oauth/v2/authorize"
    settings.SIGNPOST_SLACK_TIMEOUT = 1.0
    yield standin
    server.shutdown()
