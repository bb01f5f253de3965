"""A hung cache costs the request path one short timeout, then nothing while the breaker is open (issue #27, 6).

A stand-in Redis accepts connections and never answers (as a SIGSTOPped one does): the test counts the connections
it is sent, so nothing here depends on timing."""

import socket
import threading

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from tracker.lib.cache import CacheUnavailable, breaker

pytestmark = pytest.mark.django_db


class SilentServer:
    """Listens on loopback and takes connections, never sending a byte back."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(50)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self) -> None:
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def hung_cache(settings):
    server = SilentServer()
    caches = {
        "default": {
            "BACKEND": "tracker.lib.cache.FailFastRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_timeout": 0.05, "socket_connect_timeout": 0.05},
        }
    }
    breaker.reset()
    with override_settings(CACHES=caches):
        yield server
    breaker.reset()
    server.close()


def test_the_first_failure_opens_the_breaker_and_no_further_call_reaches_redis(hung_cache, monkeypatch):
    with pytest.raises(Exception) as first:
        cache.get("anything")
    assert not isinstance(first.value, CacheUnavailable)  # the real timeout, once
    reached = len(hung_cache.connections)
    assert reached == 1
    for _ in range(50):
        with pytest.raises(CacheUnavailable):
            cache.add("throttle-key", 0)
    assert len(hung_cache.connections) == reached
    # When the breaker's time is up, one call tries Redis again (and, still hung, opens it again).
    breaker.open_until = 0.0
    with pytest.raises(Exception) as again:
        cache.get("anything")
    assert not isinstance(again.value, CacheUnavailable)


def test_throttled_reads_and_password_resets_go_through_while_the_cache_is_hung(hung_cache, client):
    api = APIClient()
    for _ in range(5):
        assert api.get("/api/v1/questions/").status_code == 200
    assert client.post("/accounts/password-reset/", {"email": "nobody@example.org"}).status_code == 302
    # One request paid the timeout; the rest were served without asking the cache.
    assert len(hung_cache.connections) <= 2
