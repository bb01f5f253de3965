"""Refusals because of pace rather than content: counted from the database rows the action writes (so no cache or
Redis is consulted on the request's path), answered 429 with Retry-After by the API and shown as a form error on
pages."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError


class RateLimited(ValidationError):
    """Too many of one action in a window; `retry_after` seconds until the next one is accepted."""

    def __init__(self, message: dict[str, Any] | str, *, retry_after: int) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message)


def retry_after_seconds(*, oldest: datetime, window: timedelta, now: datetime) -> int:
    """Seconds until the oldest counted action leaves the window, freeing a place."""
    return max(1, int((oldest + window - now).total_seconds()))


def retry_after_when_full(times: Sequence[datetime], *, limit: int, window: timedelta, now: datetime) -> int | None:
    """`times`: when the counted actions happened within `window`, newest first (a sliceable query of times). None
    while fewer than `limit` of them; else the seconds until the oldest of the last `limit` leaves the window."""
    recent = list(times[:limit])
    if len(recent) < limit:
        return None
    return retry_after_seconds(oldest=recent[-1], window=window, now=now)


def wait_in_words(seconds: int) -> str:
    if seconds < 90:
        return "a minute"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} minutes"
    if seconds < 36 * 3600:
        return f"{round(seconds / 3600)} hours"
    return f"{round(seconds / 86400)} days"
