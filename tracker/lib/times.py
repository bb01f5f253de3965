"""Times given to services and endpoints: time-zone aware, within a sane range, stored in UTC.

A time far outside the years the project forecasts about is a typo or an attack, never data: a year-1 date with a
+14:00 offset would be stored as 1 BC and break every page that lists it, and PostgreSQL refuses offsets beyond
±15:59. Every time a user can send goes through `sane_time` (services, API fields, filters, imports).
"""

import functools
import zoneinfo
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_YEAR = 2000  # questions, forecasts and their schedules
EARLIEST_PUBLICATION_YEAR = 1900  # an article or report cited as evidence may be older
LATEST_YEAR = 2100


def sane_time(value: datetime, *, field: str = "at", earliest_year: int = EARLIEST_YEAR) -> datetime:
    """The time in UTC; ValidationError naming `field` when it is naive or outside earliest_year–2100."""
    if timezone.is_naive(value):
        raise ValidationError({field: "Times must carry a time zone (UTC)."})
    message = f"Give a time between {earliest_year} and {LATEST_YEAR} (UTC)."
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValidationError({field: message}) from None
    if not datetime(earliest_year, 1, 1, tzinfo=UTC) <= utc < datetime(LATEST_YEAR + 1, 1, 1, tzinfo=UTC):
        raise ValidationError({field: message})
    return utc


def now_or(at: datetime | None, *, field: str = "at") -> datetime:
    """`at` checked by sane_time, or now."""
    if at is None:
        return timezone.now()
    return sane_time(at, field=field)


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The IANA time zones this machine knows (zoneinfo, with the tzdata package as a fallback)."""
    return frozenset(zoneinfo.available_timezones())


def time_zone_or_utc(name: str | None) -> ZoneInfo:
    """The named time zone, or UTC for an empty or unknown name (a stale cookie, a removed zone)."""
    if name and name in known_time_zones():
        return ZoneInfo(name)
    return ZoneInfo("UTC")


def local_text(at: datetime, zone_name: str | None) -> str:
    """A time as a person reads it in their zone: "2027-03-01 18:00 KST" (UTC when they have none)."""
    local = at.astimezone(time_zone_or_utc(zone_name))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
