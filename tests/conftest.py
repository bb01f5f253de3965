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
