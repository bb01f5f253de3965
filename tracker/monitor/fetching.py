"""Polite fetching for the story monitor, through the one outbound policy (tracker/lib/outbound.py): a User-Agent
naming this instance, conditional GET, robots.txt honoured, content types checked, the configured deadline and
size cap."""

import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from tracker.lib import outbound

FEED_TYPES = ("xml", "rss", "atom")
PAGE_TYPES = ("text/html", "application/xhtml+xml")
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_KEPT_SECONDS = 3600


class FetchFailed(Exception):
    """The source could not be read this time (network, status, type, size, robots.txt): a failed poll."""


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    body: bytes
    etag: str
    last_modified: str


def user_agent() -> str:
    return f"Signpost news monitor (+{settings.SITE_URL or 'https://github.com/signpost'}/)"


def _get(url: str, headers: dict[str, str], max_bytes: int) -> outbound.Fetched:
    try:
        return outbound.get(
            url,
            {"User-Agent": user_agent(), **headers},
            timeout=settings.SIGNPOST_FETCH_TIMEOUT,
            allow_loopback=settings.SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES,
            max_bytes=max_bytes,
        )
    except outbound.OutboundError as error:
        raise FetchFailed(str(error)) from None


# robots.txt per origin, kept an hour in this process (a poll reads many pages of one site).
_robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}


def robots_allow(url: str) -> bool:
    """Whether the site's robots.txt lets this instance read `url`. As RFC 9309 says: no robots.txt (4xx) allows
    everything; an unreachable one (5xx, network trouble) allows nothing for now."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    kept = _robots.get(origin)
    if kept is None or kept[0] < time.monotonic():
        fetched = _get(f"{origin}/robots.txt", {}, ROBOTS_MAX_BYTES)
        parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
        if fetched.status == 200 and parser is not None:
            parser.parse(fetched.body.decode("utf-8", "replace").splitlines())
        elif fetched.status is not None and 400 <= fetched.status < 500:
            parser = None  # no rules
        else:
            raise FetchFailed(f"robots.txt of {parts.netloc} could not be read: {fetched.error or fetched.status}")
        kept = (time.monotonic() + ROBOTS_KEPT_SECONDS, parser)
        _robots[origin] = kept
    parser = kept[1]
    return parser is None or parser.can_fetch(user_agent(), url)


def robots_forget() -> None:
    _robots.clear()


def fetch(url: str, *, kind: str, etag: str = "", last_modified: str = "") -> Page | None:
    """The page or feed at `url`; None when it is unchanged since `etag`/`last_modified` (a 304); FetchFailed
    when it cannot be read or robots.txt says no."""
    if not robots_allow(url):
        raise FetchFailed("robots.txt asks this instance not to read it.")
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9"}
    if kind == "page":
        headers = {"Accept": "text/html, application/xhtml+xml;q=0.9"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    fetched = _get(url, headers, settings.SIGNPOST_FETCH_MAX_BYTES)
    if fetched.status == 304:
        return None
    if fetched.status != 200:
        raise FetchFailed(fetched.error or f"The server answered {fetched.status}.")
    if fetched.too_large:
        raise FetchFailed(f"Larger than {settings.SIGNPOST_FETCH_MAX_BYTES:,} bytes.")
    content_type = fetched.headers.get("content-type", "").lower()
    expected = PAGE_TYPES if kind == "page" else FEED_TYPES
    if not any(part in content_type for part in expected):
        raise FetchFailed(
            f"Expected {'an HTML page' if kind == 'page' else 'a feed'}, got {content_type or 'no type'}."
        )
    return Page(fetched.url, fetched.body, fetched.headers.get("etag", ""), fetched.headers.get("last-modified", ""))
