"""What the real-news defect tests ask of the extractor: the drafts of a text, whether a flag names a defect, and
the judgment file of a one-article set (the shape bench/real_news*/judgments.json take)."""

from datetime import date

from tracker.curation.extraction import extract_claims
from tracker.curation.time_expressions import find_deadline

TUESDAY = date(2026, 12, 1)


def drafts(text: str, published: date = TUESDAY) -> list[tuple[str, list[str]]]:
    return [(claim.title, claim.flags) for claim in extract_claims(text, published=published)]


def deadline_of(sentence: str, published: date = TUESDAY) -> date | None:
    """The deadline the rules read in a sentence, None when they read none."""
    found = find_deadline(sentence, published)
    return found.date if found else None


def flagged(text: str, words: str, published: date = TUESDAY) -> bool:
    return any(words in flag for _, flags in drafts(text, published) for flag in flags)


def one_article(predictions: list[tuple[str, str]], titles: dict[str, str] | None = None) -> dict:
    """A judgment file for one article, a.txt, published on TUESDAY: (phrase, deadline) pairs and title verdicts."""
    article = {
        "file": "a.txt",
        "url": "https://example.org/a",
        "published": TUESDAY.isoformat(),
        "predictions": [{"phrase": phrase, "deadline": deadline} for phrase, deadline in predictions],
    }
    return {"articles": [{**article, "titles": titles or {}}]}
