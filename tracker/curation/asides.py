"""Forecasts a sentence holds besides its main one and tells without a subject of their own: an aside on a noun
("… set the agenda for the party congress, likely to be held in January or February") and a second verb phrase of
the main clause's subject ("OPEC+ will meet on Monday … but is unlikely to recommend immediate action"). Each comes
back as the sentence a curator would have read it as, with the span of the words it was told in, so that it is
drafted on its own. Pure Python (standard library only)."""

import re
from dataclasses import dataclass

from tracker.curation.calendar_rules import WEEKDAYS
from tracker.curation.cues import MONTH_DAY_AHEAD

_WEEKDAY = "|".join(WEEKDAYS)


@dataclass(frozen=True)
class Aside:
    sentence: str  # the forecast as a sentence of its own
    start: int  # where, in the original sentence, the words it was told in begin and end
    end: int
    main: str  # the original sentence without the aside (its deadline is not the main clause's)


# ("…, likely to be held …", "…, scheduled for Monday")
_FORECAST_PARTICIPLE = (
    r"(?:(?:most|very|highly)\s+)?(?:likely|expected|set|due|scheduled|slated|poised)\s+to\s+(?-i:[a-z])|"
    r"(?:scheduled|set|slated|planned|due)\s+(?:for|on)\s+"
)
_WORDS = r"(?:(?!(?:the|a|an|of|for|in|on|at|to|with|by|from)\s)[\w’'-]+\s+){0,4}?[\w’'-]+"
_NOUN = r"(?:the|a|an)\s+" + _WORDS
# "the party congress, likely to be held in January or February", "the ruling on the governor's appeal, scheduled
# for Monday": the aside closes the sentence or a comma does.
_ASIDE = re.compile(r",\s+(?P<aside>(?:" + _FORECAST_PARTICIPLE + r")[^,;]*?)\s*(?=[.!]?\s*$|,)", re.I)
# The noun the aside is on: the nearest ("the party congress", not "the agenda for the party congress"), else one
# with its complement ("the ruling on Prime Minister Han Duck-soo's impeachment").
_NEAREST_NOUN = re.compile(r"\b" + _NOUN + r"$", re.I)
# ("the launch of the Vision Pro in the U.S., set for tomorrow": and the place it happens in)
_NOUN_WITH_COMPLEMENT = re.compile(
    r"\b"
    + _NOUN
    + r"\s+(?:on|of|for)\s+(?:(?:the|a|an)\s+)?"
    + _WORDS
    + r"(?:\s+in\s+(?:the\s+)?(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,2})?$",
    re.I,
)
# "… but is unlikely to recommend …", "… and could also disclose …": a verb phrase with no subject of its own.
_SECOND_PREDICATE = re.compile(
    r"\s+(?:but|and)\s+(?P<verb>(?:is|are)\s+(?:also\s+)?(?:(?:un)?likely|expected|set|due|forecast|projected)\s+to|"
    r"(?:could|may|might|will|would)\s+also|"
    r"will(?!\s+be\b))"  # ("… on Thursday - like the Fed last week - and will await more evidence")
    r"\s+(?=(?-i:[a-z]))",
    re.I,
)
# Where the main clause's verb begins: the words before it are its subject (with whatever frames it, which the
# drafter removes as it does for any sentence).
_MAIN_VERB = re.compile(
    r"\b(?:will|would|could|may|might|can|(?:is|are|was|were)\s+(?:\w+\s+)?(?:likely|expected|set|due|scheduled|"
    r"poised|going)\s+to)\b",
    re.I,
)


def noun_aside(sentence: str) -> Aside | None:
    """ "…, likely to be held in January or February" after a noun: "The party congress is likely to be held …"."""
    found = _ASIDE.search(sentence)
    if found is None:
        return None
    before = sentence[: found.start()]
    noun = _NEAREST_NOUN.search(before) or _NOUN_WITH_COMPLEMENT.search(before)
    if noun is None or noun.start() == 0:
        return None
    said = noun.group(0)
    main = (before + sentence[found.end("aside") :]).strip()
    return Aside(f"{said[0].upper()}{said[1:]} is {found['aside']}.", noun.start(), found.end("aside"), main)


# "… is stepping down with Shigeru Ishiba set to take over as the new leader": a forecast with its own subject
# ("…, with the Iowa Republican caucus scheduled for Monday": an event with its day)
_WITH_SET_TO = re.compile(
    # ("…, with the next parliamentary elections set to be held …": a common noun's phrase too)
    r"\bwith\s+(?P<subject>(?:the\s+)?(?-i:[A-Z])[\w’'.-]*(?:\s+(?-i:[A-Z])[\w’'.-]*){0,3}(?:\s+(?-i:[a-z])[a-z]+)?|"
    r"the\s+(?:(?-i:[a-z])[\w-]*\s+){0,3}(?-i:[a-z])[\w-]*)\s+"
    r"(?P<verb>(?:set|expected|due|likely|poised|rumou?red|tipped|reported)\s+to|(?:scheduled|set|slated|planned|due)\s+(?:for|on))\s+"
    r"(?P<rest>[^,;]+?(?:,\s*(?:19|20)\d\d)?)\s*(?=[,;.]|$)",  # ("… and May 19, 2018": the date's year too)
    re.I,
)


# "… will be available starting February 2, with pre-orders starting January 19": a dated start of its own
# ("…, with the official launch following on Friday, September 22", "with in-store sales kicking off one week later on
# September 22": what follows, dated)
_WITH_STARTING = re.compile(
    r"\bwith\s+(?P<subject>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)\s+(?:likely\s+)?"
    # ("with the present parliament dissolving next week": an end is dated as a start is)
    r"(?P<verb>start|begin|open|resum|follow|kick|reopen|clos|end|expir|dissolv|conclud|launch)(?:ing|ning)(?:\s+off)?\s+"
    r"(?P<rest>(?:(?:one|a|two)\s+weeks?\s+later\s+)?(?:on\s+)?(?:(?:" + _WEEKDAY + r"),?\s+)?"
    r"(?:"
    + MONTH_DAY_AHEAD
    + r"|(?:"
    + _WEEKDAY
    + r"|tomorrow|(?:next|this)\s+(?:week|month))\b)[^,;]*?)\s*(?=[,;.]|$)",
    re.I,
)


def with_clause(sentence: str) -> Aside | None:
    """ "…, with X set to take over": "X is set to take over"; "…, with pre-orders starting January 19": "Pre-orders
    will start January 19"."""
    found = _WITH_SET_TO.search(sentence)
    if found is None:
        return _with_starting(sentence)
    subject = found["subject"]
    told = f"{subject[0].upper()}{subject[1:]} is {found['verb']} {found['rest']}."
    return Aside(told, found.start(), found.end("rest"), sentence[: found.start()].rstrip() + ".")


def _with_starting(sentence: str) -> Aside | None:
    starting = _WITH_STARTING.search(sentence)
    if starting is None:
        return None
    # ("following on Friday": it comes then)
    verbs = {"resum": "resume", "follow": "come", "kick": "begin", "clos": "close", "expir": "expire"}
    verbs |= {"dissolv": "dissolve", "conclud": "conclude"}
    subject, verb = starting["subject"], verbs.get(starting["verb"].lower(), starting["verb"].lower())
    told = f"{subject[0].upper()}{subject[1:]} will {verb} {starting['rest']}."
    return Aside(told, starting.start(), starting.end("rest"), sentence[: starting.start()].rstrip() + ".")


# "…, paving the way for a new parliamentary election as early as February", "…, clearing the way for the company to
# resume production": what the act makes possible is a forecast of its own
_PAVING = re.compile(
    r",\s*(?:paving|clearing|setting)\s+(?:the\s+)?(?:way|stage|ground)\s+for\s+(?P<object>[^,;]+?)\s*(?=[,;.!]?\s*$|[,;])",
    re.I,
)
# ("an end to nearly 14 months of fighting": "to" before a noun phrase is no infinitive)
_TO_VERB = re.compile(
    r"^(?P<actor>.+?)\s+to\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those|nearly|almost|some|more|about|over)\b|\d)"
    r"(?P<verb>(?-i:[a-z])[\w-]*\b.*)$",
    re.I,
)
# ("… in the Gaza Strip" is a place; "in February", "on March 3", "by the end of June" are times)
_WHEN_AFTER_EVENT = re.compile(
    r"\s+(?=(?:as\s+(?:early|soon)\s+as|next|this|later)\s|(?:on|in|by|before)\s+(?:the\s+)?(?:early|late|mid|coming|next|"
    r"end|first|second|spring|summer|autumn|fall|winter|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d))",
    re.I,
)


def paving_clause(sentence: str) -> Aside | None:
    """ "…, paving the way for an election in February": "An election will take place in February"; "…, clearing the
    way for the company to resume production": "The company will resume production"."""
    found = _PAVING.search(sentence)
    if found is None or found.start() == 0:
        return None
    thing = found["object"]
    acts = _TO_VERB.match(thing)
    if acts:
        told = f"{acts['actor']} will {acts['verb']}"
    else:
        event, *when = _WHEN_AFTER_EVENT.split(thing, maxsplit=1)
        told = " ".join([event, "will take place", *when])
    return _told_apart(sentence, found, told, found.start() + 1, found.end("object"))


# "Johnson is confident the policy will survive and expects the first flight to leave on Tuesday": what he expects
# is a forecast of its own, with its own subject
_AND_EXPECTS = re.compile(
    r"\s+and\s+(?:expects?|predicts?|anticipates?)\s+(?P<object>(?:the|a|an)\s+[^,;]{2,60}?|"
    r"(?-i:[A-Z])[\w’'.-]*(?:\s+(?-i:[A-Z])[\w’'.-]*){0,3})\s+to\s+(?P<rest>(?-i:[a-z])[^,;]*?)\s*(?=[,;.!]?\s*$|[,;])",
    re.I,
)


def expects_clause(sentence: str) -> Aside | None:
    """ "… and expects the first flight to leave on Tuesday": "The first flight will leave on Tuesday"."""
    found = _AND_EXPECTS.search(sentence)
    if found is None or found.start() == 0:
        return None
    return _told_apart(sentence, found, f"{found['object']} will {found['rest']}", found.start() + 1, found.end("rest"))


# "the tribunal has scheduled a case management conference for July 17, 2023": the event is to take place then
_HAS_SCHEDULED = re.compile(
    r"\b(?:has|have|had)\s+(?:scheduled|set|slated|planned)\s+(?P<event>(?:a|an|the|its|their)\s+[^,;]{3,80}?)\s+"
    r"(?P<when>for\s+[^;]+?)\s*(?=[.!]?\s*$|;)",
    re.I,
)


def scheduled_event(sentence: str) -> Aside | None:
    """ "… has scheduled a conference for July 17": "A conference is scheduled for July 17"."""
    found = _HAS_SCHEDULED.search(sentence)
    if found is None:
        return None
    return _told_apart(
        sentence, found, f"{found['event']} is scheduled {found['when']}", found.start(), found.end("when")
    )


def _told_apart(sentence: str, found: re.Match, told: str, start: int, end: int) -> Aside:
    """The forecast told in sentence[start:end] as a sentence of its own, and the sentence without the words from
    where `found` begins."""
    main = (sentence[: found.start()].rstrip() + sentence[end:]).strip()
    return Aside(f"{told[0].upper()}{told[1:]}.", start, end, main)


# "… the two Patriot systems — one American and one German — that will be deployed to Ukraine in the coming weeks"
_RELATIVE_FORECAST = re.compile(
    r"(?P<noun>\bthe\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+)\s*(?:(?:—|--)[^—]{1,80}?(?:—|--)\s*)?(?:that|which)\s+"
    r"(?P<verb>will|would|could|(?:is|are)\s+(?:set|expected|due)\s+to)\s+(?P<rest>[^,;]+?)\s*(?=[,;.]?\s*$|[,;])",
    re.I,
)


def relative_forecast(sentence: str) -> Aside | None:
    """ "… on the two systems that will be deployed to Ukraine in the coming weeks": "The two systems will be
    deployed …", a forecast of its own; the main clause keeps the noun."""
    found = _RELATIVE_FORECAST.search(sentence)
    if found is None or found.start() == 0:
        return None
    noun = found["noun"].strip()
    told = f"{noun[0].upper()}{noun[1:]} {found['verb']} {found['rest']}."
    main = (sentence[: found.end("noun")] + sentence[found.end("rest") :]).strip()
    return Aside(told, found.start("noun"), found.end("rest"), main)


# "It could turn toward the north-northwest tonight, and then turn toward the north on Monday": the same modal
_AND_THEN = re.compile(r",\s+and\s+then\s+(?=(?-i:[a-z])\w+\s)")


def second_predicate(sentence: str) -> Aside | None:
    """ "X will meet … but is unlikely to recommend …": "X is unlikely to recommend …", spanning from the join."""
    join = _SECOND_PREDICATE.search(sentence) or _AND_THEN.search(sentence)
    if join is None:
        return None
    verbs = list(_MAIN_VERB.finditer(sentence, 0, join.start()))
    if not verbs or not sentence[: verbs[-1].start()].strip():
        return None
    subject = sentence[: verbs[-1].start()].rstrip()
    verb = join["verb"] if join.re is _SECOND_PREDICATE else verbs[-1].group(0)
    return Aside(f"{subject} {verb} {sentence[join.end() :]}", join.start() + 1, len(sentence), sentence)


# A legislator's party and state after the name ("Kevin McCarthy, R-Calif.,", "Hakeem Jeffries (D-NY)"): an aside
# the question does not need, whose commas would otherwise cut the subject short ("Will R-Calif. attend …").
_PARTY_TAG = r"[RDI]-(?:[A-Z]\.(?:[A-Z]\.)?|[A-Z][a-z]{1,5}\.|[A-Z]{2}\b)"
_TAG_BEFORE_VERB = re.compile(
    r",\s*" + _PARTY_TAG + r",(?=\s+(?:and|or|who|will|would|could|may|might|is|are|was|were|has|have|had|said|says|"
    r"told|plans?|wants?|to)\b)"
)
_TAG_IN_LIST = re.compile(r"\s*\(" + _PARTY_TAG + r"\)|,\s*" + _PARTY_TAG + r"(?=[,;]|\.?\s*$)")


# "Olaf Scholz (SPD) will call …": a name's party or body in brackets before the verb
_AFFILIATION_BEFORE_VERB = re.compile(
    r"(?<=[a-z])\s+\([A-Z][A-Za-z/]{1,5}\)(?=\s+(?:will|would|could|may|might|is|are|was|were|has|have|had|said|says|"
    r"told|plans?|wants?)\b)"
)


def without_party_tags(sentence: str) -> str:
    return _AFFILIATION_BEFORE_VERB.sub("", _TAG_IN_LIST.sub("", _TAG_BEFORE_VERB.sub("", sentence)))
