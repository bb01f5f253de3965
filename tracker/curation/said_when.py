"""Whether a date a sentence names is the forecast's deadline: not when it was said or done ("the minister said
Thursday that …", "the treaty signed in June"), not the period a quantity is set for ("its planned increase for
December"); firm when introduced by "by", "before", "until" and the like; only an earliest day when "as early as"
introduces it. Pure Python (standard library only); time_expressions.py asks it of every date it reads."""

import re

# Words that make an expression a deadline rather than a date mentioned in passing.
FIRM = re.compile(
    r"^(?:by|before|until|till|within|tak(?:e|es|ing)|no\s+later|not\s+later|ahead\s+of|from|starting|beginning|as\s+of|"
    r"as\s+(?:early|soon)\s+as)\b",
    re.I,
)
# A date said of something done ("the treaty signed in June", "talks held on 3 March") is context, however far
# ahead it looks; "will be signed in June" and "due to be held in March" are not done.
_DONE_BEFORE = re.compile(
    # ("will be finalized and announced Tuesday": the auxiliary governs both participles)
    # ("will be formally crowned on May 6": an adverb between)
    r"(?P<aux>\b(?:will|would|could|may|might|shall|should|to|be|been|being|is|are)\s+(?:[a-z]+ly\s+)?"
    r"(?:[a-z]{2,}\s+and\s+)?)?"
    # ("submit a revised outlook Wednesday": after an article the participle describes a thing, nothing done)
    r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)\b(?!(?:scheduled|planned|slated|expected|postponed|delayed|rescheduled|proposed|intended|"
    r"targeted)\b)"
    # ("the Lebanese armed group Hezbollah on Tuesday": an adjective that looks like a participle)
    r"(?!(?:armed|united|limited|advanced|detailed|related|experienced|skilled|balanced|sophisticated|dedicated|alleged|"
    r"embattled|beleaguered|troubled|indebted|heated|coordinated|uncrewed|crewed|unmanned|manned|unopposed|"
    r"unchanged|unscathed)\b)"
    r"(?:[a-z]{3,}ed|held|met|began|made|sent|took|won|lost|signed|said|agreed|struck|built|sold|came|went|"
    r"told|kept|left|brought|fought|paid|laid|led|spent|put)\s+(?:[\w,.%$-]+\s+){0,2}$",  # ("jumped 1% in September")
    re.I,
)


# Where something is said: before a date, the date it was said; as the object of a verb to come, what is to come.
_SAID_IN = r"(?:report|statement|interview|briefing|press\s+conference)"
# "…, according to a newspaper report on Wednesday", "the minister said Thursday that …": when it was said.
_ATTRIBUTION_BEFORE = re.compile(
    # ("would be announced in 2025" looks ahead: a passive's "be" is not an attribution)
    r"(?:\baccording\s+to\b[^,;]*|(?<!\bbe\s)(?<!\bbeen\s)(?<!ed\sand\s)\b(?:said|says|told(?:\s+[\w’'.-]+){1,4}|reported|announced|"
    + _SAID_IN
    + r"|"
    # ("said in a social media post Wednesday"; but "will leave his post in March" looks ahead)
    r"said\s+in\s+(?:a|an|the|his|her|its|their)\s+(?:[\w.:-]+\s+){0,3}(?:post|advisory|bulletin|update|letter|speech)))\s*$",
    re.I,
)


# A report or a statement that is the object of a verb to come is dated as what is to come, not as what was said.
_NOUN_TO_COME = re.compile(
    # (a verb after "will" or "to": not "according to a newspaper report on Wednesday")
    r"\b(?:will|shall|to)\s+(?!(?:a|an|the|this|that|his|her|its|their)\b)(?:[a-z]+\s+){1,4}" + _SAID_IN + r"\s*$",
    re.I,
)


# A clause that tells what already happened, up to the date: a perfect participle ("having been slashed … in
# August") or "since" an event ("since the Brexit vote in June"); the clause ends at a comma or a dash.
_PAST_CLAUSE_BEFORE = re.compile(
    r"(?:\bhaving\s+(?!to\b)(?:been\s+)?[a-z]+|\bsince\s+(?:the|a|an|its|their|his|her)\s|"
    # ("…, after a survey showed that companies offered to raise wages … this spring")
    r"\bafter\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}(?:showed|found|said|revealed|indicated|suggested)\s+that\s)"
    # ("the first trip since the pandemic is expected in June": a verb to come ends the clause)
    r"(?:(?!\b(?:will|would|could|may|might|is|are|expected|set|due)\b)[^,;—–])*$",
    re.I,
)


# "… will be staged on May 6, 2018, said the daily.": who said it closes the sentence; the date is the clause's
_INVERTED_ATTRIBUTION = re.compile(
    r",?\s*(?:,\s*(?:19|20)\d\d)?,\s*(?:said|says|added|reported)\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,6}[\w’'.-]+\s*[.!]?\s*$"
)
# A verb in the past ("hailed", "met"; not "went to", which may lead to a plan)
_PAST_VERB = r"(?:[a-z]+ed|said|told|wrote|met|made|gave|took|held|sent|went|came|spoke|left|began|flew)\b(?!\s+to\b)"
# ("will activate on Sept. 6, followed by the merge": a participle that orders what comes, no past act)
# ("release the second trailer in October based on a hint": a participle that gives a reason, no act)
_PAST_VERB_AFTER = re.compile(r"^\s*,?\s*(?!(?:followed|preceded|accompanied|joined)\s+by\b|based\s+on\b)" + _PAST_VERB)

# "In a speech to parliament on Wednesday, Scholz outlined …": the opening phrase dates a named subject's past act
# ("At a news conference Saturday, Lt. Gen. Osama Rabie, chairman of the Suez Canal Authority, said …": an appositive)
_OPENING_THEN_PAST = re.compile(
    r"^[^,]*,\s*(?:(?:[A-Z][\w’'.-]*\s+){1,4}?(?:(?<=['’]s\s)[a-z]+\s+)?|"  # ("Musk's attorneys filed")
    r"(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'.-]*,\s*(?:[\w’'.-]+\s+){1,8}?[\w’'.-]+,\s+)"
    r"(?:(?:was|were|had\s+been)\s+)?" + _PAST_VERB  # ("In February, Brisbane was named …")
)


def _said_of_the_past(sentence: str, start: int, end: int) -> bool:
    later = sentence[start:].startswith("later ") or re.search(r"\blater\s+$", sentence[:start])
    if FIRM.match(sentence[start:end].strip()) or later:
        return False  # "postponed until March", "publish the report later this week", "… unchanged later Thursday"
    if re.search(
        r"\b(?:be|been|being)\s+(?:[a-z]+ly\s+)?(?:announced|reported|said|told|unveiled)\s+$", sentence[:start]
    ) or re.search(r"\b(?:said|reported|rumou?red|tipped)\s+to\s+be\s+$", sentence[:start]):
        return False  # "are expected to be officially announced on Saturday", "was said to be in early 2024"
    if re.match(r"['’]s\b", sentence[end : end + 2]) or re.match(r"the\s", sentence[start:end], re.I):
        # "said this week's test …", "timed ahead of next year's congress", "said the October budget is …": a noun's,
        # not a verb's
        return False
    if _NOUN_TO_COME.search(sentence[max(0, start - 100) : start]):
        return False  # "will publish its report in June", "is to hold a press conference on Friday"
    if _ATTRIBUTION_BEFORE.search(sentence[max(0, start - 100) : start]):
        return True
    if _PAST_CLAUSE_BEFORE.search(sentence[max(0, start - 120) : start]):
        return True  # "- having been slashed to a record low in August", "since the Brexit vote in June"
    # ("This week, Musk said …": the time phrase opens the sentence itself)
    opening = re.match(r"(?:(?:in|at|during|on)\s[^,]*)?$", sentence[:start].strip(), re.I)
    if opening and _OPENING_THEN_PAST.match(sentence[end:]):
        return True
    if _PAST_VERB_AFTER.match(sentence[end : end + 30]) and not _INVERTED_ATTRIBUTION.match(sentence[end:]):
        return True  # "Kim on Wednesday hailed …": the day it happened ("… on May 6, said the daily" is not)
    done = _DONE_BEFORE.search(sentence[max(0, start - 60) : start])
    return done is not None and done["aux"] is None


# "its planned increase for December", "the output quota for 2025": the period a quantity is set for, not a date
# by which anything happens (the date is the phrase's own: it stays in the title).
_PERIOD_OF_A_QUANTITY = re.compile(
    r"\b(?:increase|rise|hike|cut|cuts|output|production|quota|quotas|target|budget|levels?)\s+$", re.I
)
_EARLIEST = re.compile(r"^(?:as\s+(?:early|soon)\s+as|no\s+earlier\s+than)\b", re.I)


def is_firm(phrase: str) -> bool:
    return bool(FIRM.match(phrase.strip()))


def is_earliest(phrase: str) -> bool:
    return bool(_EARLIEST.match(phrase.strip()))


# "… will auction $119 billion in bills, with sales resolving on June 1": a trailing absolute clause has its own time.
_WITH_CLAUSE = re.compile(r",\s*with\s+(?:[\w$%.’'-]+\s+){1,6}?[a-z]{2,}ing\b", re.I)


def dates_a_with_clause(sentence: str, verb_at: int, start: int) -> bool:
    """Whether the date at sentence[start:] stands in a "with X doing" clause after the forecast's verb."""
    return start > verb_at and bool(_WITH_CLAUSE.search(sentence[verb_at:start]))


def no_deadline(sentence: str, start: int, end: int) -> bool:
    """Whether the date named at sentence[start:end] is no deadline: said of the past or a quantity's period."""
    phrase = sentence[start:end]
    # ("resume production in two weeks": a span from now is a deadline even after a quantity's noun)
    span = re.search(r"\b(?:days?|weeks?|months?|years?)$", phrase, re.I)
    quantity = re.match(r"(?:for|in)\s", phrase, re.I) and not span and _PERIOD_OF_A_QUANTITY.search(sentence[:start])
    # ("rise to 61.9% from 60.1% in 2020": the year of the figure risen from)
    baseline = re.search(r"\bfrom\s+[$€£]?\d[\d.,]*\s*(?:%|percent|[mb]illion|trillion)?\s*$", sentence[:start])
    # ("whose launch was delayed one day earlier from Aug. 18 to …": the date moved away from)
    moved_from = re.match(r"from\s", phrase, re.I) and re.search(
        r"\b(?:delayed|postponed|pushed\s+back|moved|rescheduled)\b[^,;]{0,30}$", sentence[:start]
    )
    # ("a reusable vehicle that can … launch another mission within hours": what the thing can do, not when)
    # (its list may run on with commas; a clause with a verb of its own ends it)
    capability = re.search(
        r"\b(?:that|which)\s+(?:can|could)\s+(?:(?!\b(?:will|would|should|must|is|are|was|were)\b)[^;])*$",
        sentence[:start],
    )
    # ("offer insight into the Fed's outlook for 2027": the year the outlook is of)
    outlook = re.fullmatch(r"for\s+\d{4}", phrase, re.I) and re.search(
        r"\b(?:outlook|forecasts?|projections?|estimates?|guidance|budget|targets?)\s+$", sentence[:start], re.I
    )
    return (
        _said_of_the_past(sentence, start, end)
        or bool(quantity)
        or bool(baseline or moved_from or capability or outlook)
    )
