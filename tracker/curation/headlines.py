"""A headline read as the sentence it abbreviates, so that its forecast can be drafted like any other: "Iran
Nuclear Talks Expected to Resume in 'Next Few Days'" → "Iran nuclear talks will resume in next few days";
"U.S. says Iran nuclear talks to resume over the weekend" → "U.S. says Iran nuclear talks will resume over the
weekend". Headlinese drops the auxiliary ("talks to resume", "Kim expected to visit"), capitalises every word and
signs off with its source ("… -envoys"). Pure Python (standard library only)."""

import re

from tracker.curation.actors import KNOWN_ACTORS
from tracker.curation.calendar_rules import MONTHS

# A headline this short says too little to draft from.
MOST_WORDS, FEWEST_WORDS = 20, 5
# "Patriot systems expected to be deployed soon: Top Ukrainian diplomat": who said it, after a colon
SOURCE_AFTER_COLON = re.compile(r":\s*(?:[A-Z][\w.'’-]*\s*){1,2}(?:[a-z]+\s*){0,2}$")
# "Treasury: U.S. Could Default by June 1", "Analysis: …": who says it, or the kind of piece, before a colon
SOURCE_BEFORE_COLON = re.compile(r"^(?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*:\s+(?=[A-Z])")
# "…, Watch Here", "… | Live Updates", "…: Here's How to Watch": the page speaking to its reader, no forecast's words
_READER_TAIL = re.compile(
    r"\s*[,:;|–—-]\s*(?:watch\s+(?:here|live|it\s+live)|how\s+to\s+watch|live(?:\s+updates)?|"
    r"here['’]s\s+(?:how|what)\b.*|what\s+to\s+(?:know|expect))\s*$",
    re.I,
)
_SOURCE_TAG = re.compile(r"\s+[-–—]\s*[\w.'’]+(?:\s+[\w.'’]+)?\s*$")  # "… -envoys", "… – sources say"
# Quotation marks at a word's edge ("'Peace Summit'"), not the apostrophe inside one ("Ukraine's").
_QUOTES = re.compile(r"(?<!\w)['‘’\"“”](?=\w)|(?<=\w)['‘’\"“”](?!\w)")
# "talks to resume", "Kim expected to visit", "Tesla Reported to Launch …": the future without its auxiliary
_BARE_INFINITIVE = re.compile(
    r"^(?P<subject>.+?)\s+(?:(?:is|are)\s+)?(?:(?:expected|set|due|likely|poised|reported|rumou?red|tipped|slated|scheduled)\s+)?to\s+(?P<verb>[a-z]\w+)"
)


_ACT = {"launch": "launch", "landing": "land", "release": "be released", "opening": "open", "return": "return"}
_AIMS_FOR_DAY = re.compile(
    r"^(?P<subject>.+?)\s+(?:aims\s+for|eyes|targets)\s+(?P<day>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
    r"\s+(?P<noun>(?i:" + "|".join(_ACT) + r"))\b"
)
_FUTURE = re.compile(r"\b(?:will|could|may|might|expected|likely)\b", re.I)


def _sentence_case(words: list[str], proper_nouns: frozenset[str]) -> list[str]:
    """Title Case made sentence case: a word keeps its capital when the text capitalises it mid-sentence, or it is
    an acronym ("ICBM", "U.S."), or it opens the headline."""
    cased = []
    for position, word in enumerate(words):
        bare = re.sub(r"['’]s$", "", word.strip(".,:;'‘’\"“”()"))  # "Ukraine's": Ukraine
        known = bare in proper_nouns or bare.lower() in KNOWN_ACTORS
        month = bare.lower() in MONTHS  # ("Meet May 9": the month, not the modal)
        keep = position == 0 or known or month or bare.isupper() or not bare[:1].isupper() or "." in bare
        cased.append(word if keep else word[:1].lower() + word[1:])
    return cased


def headline_as_sentence(headline: str, proper_nouns: frozenset[str]) -> str | None:
    """The headline as a plain sentence, or None when it is too short or too long to be one."""
    text = _QUOTES.sub("", _SOURCE_TAG.sub("", _READER_TAIL.sub("", headline.strip().rstrip(":"))))
    text = re.sub(r"^\[[^\]]{1,30}\]\s*", "", text)  # "[News Today] …": the programme's label
    text = SOURCE_AFTER_COLON.sub("", text)
    text = SOURCE_BEFORE_COLON.sub("", text)
    if ";" in text:  # "Security cabinet approves plan; full cabinet to vote Tuesday": the clause that forecasts
        parts = [part.strip() for part in text.split(";") if part.strip()]
        ahead = [part for part in parts if _BARE_INFINITIVE.match(part) or _FUTURE.search(part)]
        text = (ahead or parts)[-1]
    words = text.split()
    if not FEWEST_WORDS <= len(words) <= MOST_WORDS:
        return None
    capitalised = sum(1 for word in words if word[:1].isupper())
    if capitalised / len(words) > 0.6:
        words = _sentence_case(words, proper_nouns)
    text = " ".join(words)
    text = re.sub(r"\b([NS])\.\s*Korea", lambda found: f"{'North' if found[1] == 'N' else 'South'} Korea", text)
    # "IAEA says its chief is expected to …": whose chief, the speaker
    text = re.sub(r"^(?P<owner>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)\s+says\s+its\s+", r"\g<owner>'s ", text)
    # "to Meet May 9": headlinese drops the "on" before a date
    text = re.sub(
        r"(?<=[a-z])(?<!\b(?:on|by|in|to|of|at))\s+(?=(?:" + "|".join(MONTHS) + r")\.?\s+\d)", " on ", text, flags=re.I
    )
    # "Biden, McCarthy to Meet May 9": headlinese joins two names with a comma
    text = re.sub(
        r"^((?:[A-Z][\w.'’-]*\s+){0,2}[A-Z][\w.'’-]*),\s+(?=(?:[A-Z][\w.'’-]*\s+){1,3}to\s)", r"\1 and ", text
    )
    # ("Biden invites leaders - including McCarthy - to meet May 9": who is to act is the object, not the subject)
    controlled = re.search(
        r"\b(?:invites|invited|asks|asked|urges|urged|tells|told|orders|ordered|wants|calls\s+on)\b", text
    )
    if not controlled and not re.search(r"\b(?:will|would|could|may(?!\s+\d)|might|can|won't)\b", text):
        text = _BARE_INFINITIVE.sub(
            lambda found: f"{_with_article(found['subject'], proper_nouns)} will {found['verb']}", text, count=1
        )
    # "SpaceX Aims for Sunday Launch": the aim with its day, as the body would say it ("aims to launch on Sunday")
    text = _AIMS_FOR_DAY.sub(
        lambda found: f"{found['subject']} aims to {_ACT[found['noun'].lower()]} on {found['day']}", text, count=1
    )
    # "will open rare party congress": headlinese drops the article before a described thing
    text = re.sub(
        r"\b(will\s+[a-z]+)\s+(?=(?:rare|new|fresh|major|possible|landmark|historic|first|second|third|"
        r"fourth|fifth|sixth|seventh|eighth|\d+(?:st|nd|rd|th)|key|big|huge|large)\s+[a-z]+(?:\s+[a-z]+)?(?:\s+(?:this|next|in|on|by|at|before|within)\s|$))",
        lambda found: f"{found[1]} {_article_for(text[found.end() :])} ",
        text,
        count=1,
    )
    return text + "."


def _with_article(subject: str, proper_nouns: frozenset[str]) -> str:
    """ "Impeachment verdict to come Friday": headlinese drops "the" before a thing it names by a common noun."""
    words = subject.split()
    first = words[0]
    # only a capitalised common noun and lower-case words: "WHO's chief", "North Korea's goal", "We know …" name
    # someone or say something else
    plain = re.fullmatch(r"[A-Z][a-z]+(?:\s+[a-z][a-z-]*){1,2}", subject) and not re.search(r"['’]", subject)
    named = first.lower() in KNOWN_ACTORS or first in proper_nouns or first.lower() in ("we", "i", "you", "they")
    if not plain or named or words[-1].endswith("s") or re.match(r"(?i)(?:the|a|an|this|its)$", first):
        return subject
    return f"the {first[:1].lower()}{first[1:]} {' '.join(words[1:])}"


def _article_for(words: str) -> str:
    return "an" if words[:1] in ("a", "e", "i", "o", "u") else "a"


# Four words or more, all capitalised but the short function words ("The High Court of Lagos sat on Monday." is no
# headline: "sat" is lower case)
_HEADLINE_CASE = re.compile(
    r"(?:(?:['‘\"“]?[A-Z0-9][\w’'\".,:-]*|(?:of|the|a|an|to|in|on|at|for|and|or|by|as|vs\.?|with|from))\s+){3,}"
    r"['‘\"“]?[A-Z0-9][\w’'\".,:-]*"
)


def in_headline_case(text: str) -> bool:
    """ "Fed Officials Are Expected to Cut Rates.": every word capitalised but the short function words."""
    return bool(_HEADLINE_CASE.fullmatch(text.strip().rstrip(".!?")))


def without_headline_case(text: str) -> str:
    """The text without its lines in headline case ("Musk Says Tesla's Robotaxi Service to Launch …"), where every
    word is capitalised and so no run of capitals is a name."""
    return "\n".join(line for line in text.split("\n") if not _HEADLINE_CASE.fullmatch(line.strip()))
