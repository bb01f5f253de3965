"""The cache (Redis in production) as the request path may use it: briefly, and not at all while it is broken.

The cache counts API throttles and password-reset requests; a hung Redis made every such request wait for its socket
timeout, twice (a read and a write): 2 s for an anonymous read. Here each operation waits at most
SIGNPOST_CACHE_TIMEOUT (the socket timeouts, set in settings), and the first failure opens a breaker: for
SIGNPOST_CACHE_BREAKER_SECONDS every operation fails at once, in this process, without touching Redis. Callers
already fail open on a cache error (the throttles serve the request, the reset limiter lets it through), so a broken
cache costs a request at most one timeout every few seconds, per process.
"""

import functools
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache.backends.redis import RedisCache


class CacheUnavailable(ConnectionError):
    """The breaker is open: the cache failed moments ago and is not asked again yet."""


class _Breaker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.open_until = 0.0

    def check(self) -> None:
        if time.monotonic() < self.open_until:
            raise CacheUnavailable("The cache failed moments ago; not asked again yet.")

    def trip(self) -> None:
        with self._lock:
            self.open_until = time.monotonic() + settings.SIGNPOST_CACHE_BREAKER_SECONDS

    def reset(self) -> None:
        self.open_until = 0.0


breaker = _Breaker()


Method = TypeVar("Method", bound=Callable[..., Any])


def _guarded(method: Method) -> Method:
    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        breaker.check()
        try:
            return method(self, *args, **kwargs)
        except (ValueError, KeyError):
            raise  # incr of a missing key and the like: the cache answered
        except Exception:
            breaker.trip()
            raise

    return call  # type: ignore[return-value]  # wraps keeps the signature


class FailFastRedisCache(RedisCache):
    """Django's Redis cache behind a per-process breaker (see the module's text)."""


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FailFastRedisCache, _name, _guarded(getattr(RedisCache, _name)))
