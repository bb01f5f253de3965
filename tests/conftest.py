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
    from tracker.webhooks import outbound

    real_resolve = outbound.resolve

    def resolve(host, port, *, timeout):
        if host == "example.org" or host.endswith((".example.org", ".example.com")):
            return [PUBLIC_TEST_ADDRESS]
        return real_resolve(host, port, timeout=timeout)

    monkeypatch.setattr(outbound, "resolve", resolve)
