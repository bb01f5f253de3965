"""Request throttles that fail open: a broken cache never refuses or slows a request."""

import logging

from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tracker.lib.cache import CacheUnavailable

logger = logging.getLogger(__name__)


class _FailOpen:
    """Counting happens in the cache (Redis in production); if it is unreachable the request is served, not
    failed: an outage of Redis must not take the API down with it."""

    def allow_request(self, request: Request, view):
        try:
            return super().allow_request(request, view)
        except CacheUnavailable:
            return True  # the cache failed moments ago and was logged then (tracker.lib.cache)
        except Exception:  # the cache backend's connection errors vary by backend
            logger.warning("Throttling skipped: the cache is unreachable.", exc_info=True)
            return True


class AnonThrottle(_FailOpen, AnonRateThrottle):
    pass


class UserThrottle(_FailOpen, UserRateThrottle):
    pass
