"""Reading what a source returned, with no Django: the entries of an RSS or Atom feed (feedparser), the article in
an HTML page (trafilatura: main text, title, author, date, canonical address, boilerplate and "most read" lists
left out), and how alike two texts are (a wire copy under another address reads the same)."""

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import trafilatura

# Below this many characters of main text a page is navigation, a paywall or an index, not an article.
MIN_ARTICLE_CHARACTERS = 200
# Word 5-gram overlap (Jaccard) at or above which two texts are one story: wire copies differ by a headline, a
# byline and a sentence or two, different stories on the same event share far less.
SAME_STORY = 0.6
SHINGLE_WORDS = 5


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published_at: datetime | None


@dataclass(frozen=True)
class Feed:
    title: str
    entries: list[FeedEntry]


@dataclass(frozen=True)
class Article:
    title: str
    text: str
    author: str
    publisher: str
    published_at: datetime | None
    canonical_url: str
    language: str


class NotReadable(ValueError):
    """The response is not what the source promised (no feed, no article text)."""


def read_feed(body: bytes, *, base_url: str) -> Feed:
    """A feed's title and entries, newest first as the feed lists them; NotReadable when it is no feed."""
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise NotReadable("Not an RSS or Atom feed.")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link.startswith(("http://", "https://")):
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromtimestamp(calendar.timegm(stamp), UTC) if stamp else None
        entries.append(FeedEntry(url=link.strip(), title=(entry.get("title") or "").strip(), published_at=published))
    return Feed(title=(parsed.feed.get("title") or "").strip(), entries=entries)


_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([A-Za-z]{2,3})", re.I)


def read_page(body: bytes, *, url: str) -> Article:
    """The article an HTML page carries; NotReadable when it carries none."""
    document = trafilatura.bare_extraction(
        body, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    text = (getattr(document, "text", None) or "").strip()
    if len(text) < MIN_ARTICLE_CHARACTERS:
        raise NotReadable("No article text on the page.")
    language = _LANG.search(body[:4096])
    published = _day(getattr(document, "date", None))
    return Article(
        title=(getattr(document, "title", None) or "").strip()[:400],
        text=text,
        author=(getattr(document, "author", None) or "").strip()[:200],
        publisher=(getattr(document, "sitename", None) or "").strip()[:200],
        published_at=published,
        canonical_url=(getattr(document, "url", None) or url).strip(),
        language=language.group(1).decode().lower() if language else "en",
    )


def _day(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC) if value else None
    except ValueError:
        return None


def shingles(text: str) -> set[int]:
    words = re.findall(r"\w+", text.lower())
    return {hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}


def likeness(first: set[int], second: set[int]) -> float:
    """Jaccard overlap of two texts' shingles: 1 for the same words, near 0 for different stories."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
