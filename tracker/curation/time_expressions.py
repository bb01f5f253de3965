"""Deadlines from the time expressions of a sentence, resolved against the article's publication date.

Pure Python (standard library only). Each rule is a row of `RULES`: a pattern and the function that turns its
match into the last day on which the claim can come true. A date on or before the publication day is context
("from 16% in 2020"), never a deadline, except the publication day itself said of what is to come ("OPEC+ will meet
on Monday" in Monday's paper, "heads to the White House today to meet …").

Why not dateparser: it turns a date string into a datetime well, but a deadline needs what it does not know:
"before 31 March" is the day before, "by March" the month's last day, "by mid-2027" and "in the first quarter" are
spans, "within weeks" needs a stated default, and its `search_dates` takes "may" and "march" for months and
"second" for a time in ordinary sentences. The rules below are the whole of the semantics, in one table with a test
per row.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.curation.calendar_rules import (
    WEEKDAYS,
    add_months,
    add_span,
    before_or_by,
    end_of_month,
    holiday,
    midweek,
    possessive_weekday,
    same_day,
    season,
    this_unit,
    weekday,
    weekday_range,
    weekend,
)
from tracker.curation.said_when import dates_a_with_clause, is_earliest, is_firm, no_deadline

_MONTH_NAMES = [
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
]
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
    "a few": 3,
    "a couple of": 2,
    "several": 3,
}
# "Within weeks", "in the coming months": a span with no number gets a stated default.
VAGUE_SPANS = {"day": 7, "week": 6, "month": 6, "year": 2}  # counts of the unit itself
# Parts of a year or a month: the month (of a year) or the day (of a month) they end on.
YEAR_PARTS = {
    "start": 0,
    "beginning": 0,
    "early": 4,
    "first quarter": 3,
    "q1": 3,
    "second quarter": 6,
    "q2": 6,
    "first half": 6,
    "h1": 6,
    "mid": 6,
    "middle": 6,
    "third quarter": 9,
    "q3": 9,
    "late": 12,
    "end": 12,
    "second half": 12,
    "h2": 12,
    "fourth quarter": 12,
    "q4": 12,
}
MONTH_PARTS = {
    "early": 10,
    "start": 1,
    "beginning": 1,
    "mid": 15,
    "middle": 15,
    "late": 31,
    "end": 31,
    # "in the first week of April": the week's last day
    "first week": 7,
    "second week": 14,
    "third week": 21,
    "fourth week": 28,
    "last week": 31,
}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUMBER = r"(?P<count>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_DEADLINE_PREP = r"\b(?P<prep>by|before|until|till|no\s+later\s+than|not\s+later\s+than|ahead\s+of)"
# "From the end of 2026" and "starting in 2027" name when something begins: the day to check that it has.
_ANY_PREP = (
    r"\b(?P<prep>by|before|until|till|no\s+later\s+than|not\s+later\s+than|ahead\s+of|in|on|during|at|from|"
    r"starting(?:\s+(?:in|from|at))?|beginning(?:\s+(?:in|at))?|as\s+of|for|as\s+(?:early|soon)\s+as|"
    r"around\s+the\s+time\s+of(?:\s+the)?)"
    r"(?:\s+(?:around|about|roughly|approximately))?"  # "by around December": December's end all the same
)
# "on Thursday, July 27": the weekday before a date adds nothing to it.
_ON_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_YEAR_PART = r"(?P<part>" + "|".join(sorted(YEAR_PARTS, key=len, reverse=True)) + r")"
_MONTH_PART = r"(?P<part>" + "|".join(sorted(MONTH_PARTS, key=len, reverse=True)) + r")"


@dataclass(frozen=True)
class Deadline:
    date: date
    start: int  # the expression's span in the sentence, so that a title can say the date its own way
    end: int
    rule: str


def _count(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBERS[text]


def _day_month(match: re.Match, published: date) -> date | None:
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    year = int(match["year"]) if match["year"] else None
    prep = match["prep"].lower()
    try:
        if year is None:
            # The next such day after publication; on a plain "on 3 November", a day of the last three months is
            # the recent past the article reports, not a deadline.
            candidate = date(published.year, month, day)
            if candidate <= published:
                if prep in ("on", "in", "at") and (published - candidate).days <= 92:
                    return None
                candidate = date(published.year + 1, month, day)
        else:
            candidate = date(year, month, day)
    except ValueError:
        return None  # 31 February
    return before_or_by(prep, candidate, candidate)


def _month(match: re.Match, published: date) -> date | None:
    month = MONTHS[match["month"].lower()]
    prep = match["prep"].lower()
    if match["year"]:
        year = int(match["year"])
    else:
        # The next such month that has not ended ("by March" in November is next March).
        year = published.year if end_of_month(published.year, month) > published else published.year + 1
        if prep in ("before", "ahead of") and date(year, month, 1) <= published:
            year += 1
    if re.search(r"\b(?:end|close)\s+of\b", match.group(0), re.I):
        return end_of_month(year, month)  # "before the end of June": June's end all the same
    return before_or_by(prep, end_of_month(year, month), date(year, month, 1))


def _part_of_month(match: re.Match, published: date) -> date | None:
    month = MONTHS[match["month"].lower()]
    year = int(match["year"]) if match["year"] else published.year
    day = min(MONTH_PARTS[match["part"].lower()], end_of_month(year, month).day)
    if not match["year"] and date(year, month, day) <= published:
        year += 1
        day = min(MONTH_PARTS[match["part"].lower()], end_of_month(year, month).day)
    return date(year, month, day)


def _year(match: re.Match, published: date) -> date | None:
    year = int(match["year"])
    return before_or_by(match["prep"], date(year, 12, 31), date(year, 1, 1))


def _part_of_year(match: re.Match, published: date) -> date | None:
    part = match["part"].lower()
    year = int(match["year"]) if match["year"] else published.year + (match["next"] is not None)
    month = YEAR_PARTS[part]
    return date(year - 1, 12, 31) if month == 0 else end_of_month(year, month)


def _this_year(match: re.Match, published: date) -> date:
    return date(published.year, 12, 31)


def _next_year(match: re.Match, published: date) -> date:
    return date(published.year + 1, 12, 31)


# "His first visit in 24 years", "the highest level in a decade": a span counted back, not ahead.
_SUPERLATIVE_BEFORE = re.compile(
    r"\b(?:first|last|highest|lowest|biggest|largest|worst|best|longest|most|least|only)\b[^,.;]{0,40}$", re.I
)


def _within(match: re.Match, published: date) -> date | None:
    if match.group(0).lower().startswith("in ") and _SUPERLATIVE_BEFORE.search(match.string[: match.start()]):
        return None
    return add_span(published, _count(match["count"]), match["unit"].lower())


def _vague(match: re.Match, published: date) -> date:
    unit = match["unit"].lower()
    return add_span(published, VAGUE_SPANS[unit], unit)


def _next_unit(match: re.Match, published: date) -> date:
    unit = match["unit"].lower()
    if unit == "week":  # the following calendar week, to its Sunday
        return published + timedelta(days=(6 - published.weekday()) + 7)
    following = add_months(date(published.year, published.month, 1), 1)
    last = end_of_month(following.year, following.month)
    part = " ".join(match["part"].lower().split()) if match["part"] else ""
    return last.replace(day=min(MONTH_PARTS.get(part, 31), last.day)) if part else last


def _decade(match: re.Match, published: date) -> date:
    return date(published.year // 10 * 10 + 9, 12, 31)


def _long_term(match: re.Match, published: date) -> date:
    return add_span(published, 3, "year")


Resolver = Callable[[re.Match, date], date | None]
_DAY_MONTH = r"(?:" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r")"
# "June 15-17": a span of days ends on its last.
_MONTH_DAY = r"(?:" + _MONTH + r"\s+(?:[0-3]?\d\s*(?:[-–]|\s(?:and|to)\s)\s*)?" + _DAY + r"(?![\d:]))"
_OPTIONAL_YEAR = r"(?:,?\s+" + _YEAR + r")?\b"
RULES: list[tuple[str, str, Resolver]] = [
    ("day month", _ANY_PREP + r"\s+" + _ON_WEEKDAY + r"(?:the\s+)?" + _DAY_MONTH + _OPTIONAL_YEAR, _day_month),
    # ("at its Oct. 29-30 meeting": the span's last day)
    ("month day", _ANY_PREP + r"\s+(?:(?:its|their)\s+)?" + _ON_WEEKDAY + _MONTH_DAY + _OPTIONAL_YEAR, _day_month),
    # "between March 20 and May 19, 2018": the span's last day
    (
        "date range",
        r"\b(?P<prep>between)\s+(?:[A-Z][a-z]{2,8}\.?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+and\s+"
        + _MONTH_DAY
        + _OPTIONAL_YEAR,
        _day_month,
    ),
    # "next Friday, August 15, 2025": the date the weekday names
    (
        "weekday and date",
        r"\b(?P<prep>next|this|coming)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
        + _MONTH_DAY
        + _OPTIONAL_YEAR,
        _day_month,
    ),
    (
        "part of a month",
        r"\b(?P<prep>by|in|before|until)\s+(?:the\s+)?"
        + _MONTH_PART
        + r"[\s-]+(?:of\s+)?"
        + _MONTH
        + r"(?:\s+"
        + _YEAR
        + r")?\b",
        _part_of_month,
    ),
    (
        "month",
        _ANY_PREP
        + r"\s+(?:the\s+(?:end|close)\s+of\s+)?"
        + _MONTH
        + r"(?:\s+(?:of\s+)?"
        + _YEAR
        + r")?\b(?!\.?\s+\d|\s+(?:of\s+)?last\s+year)",  # "in November last year" is past; "Nov. 30" a day
        _month,
    ),
    (
        # "in June-July", "between May and June": the later month
        "month range",
        r"\b(?P<prep>by|in|from|between|during|until|before)\s+(?:" + _MONTH.replace("(?P<month>", "(?:") + r")\s*"
        r"(?:[-–]|\s(?:to|and|or)\s)\s*" + _MONTH + r"(?:\s+(?:of\s+)?" + _YEAR + r")?\b",
        _month,
    ),
    (
        "part of a year",
        # ("could be seen early next year": the part needs no preposition)
        r"\b(?:(?P<prep>by|in|before|until|during|for)\s+(?:the\s+)?|(?=(?:early|mid|late)[\s-]))"
        + _YEAR_PART
        + r"(?:\s+(?:quarter|half))?[\s-]+"
        r"(?:of\s+)?(?:(?P<next>next\s+year)|" + _YEAR + r"|(?:this|the)\s+year)\b",
        _part_of_year,
    ),
    ("year", _ANY_PREP + r"\s+(?:the\s+(?:end|close)\s+of\s+)?" + _YEAR + r"\b", _year),
    ("next year", r"\b(?:(?:by|in|before|during|until)\s+)?(?:the\s+end\s+of\s+)?next\s+year\b", _next_year),
    # ("Earlier this year, Kishida said …" is when it was said)
    (
        "this year",
        r"\b(?:(?:the\s+)?end\s+of\s+(?:this|the)\s+year|(?<!earlier\s)this\s+year|year[- ]end)\b",
        _this_year,
    ),
    (
        "within N units",
        r"\b(?:within|in|over|during)\s+(?:the\s+)?(?:next\s+|coming\s+)?"
        + _NUMBER
        + r"\s+"
        + _UNIT
        + r"\b(?!\s+(?:of|after|from)\s+(?!now\b))",
        _within,
    ),
    # "could begin within hours": by the next day
    (
        "within hours",
        r"\bwithin\s+(?:a\s+few\s+|several\s+|the\s+next\s+(?:few\s+)?)?hours\b",
        lambda match, published: published + timedelta(days=1),
    ),
    ("N units from now", r"\b" + _NUMBER + r"\s+" + _UNIT + r"\s+from\s+now\b", _within),
    (
        "within the next unit",
        r"\bwithin\s+(?:the\s+next|a|one)\s+(?P<unit>day|week|month|year)\b",
        lambda match, published: add_span(published, 1, match["unit"].lower()),
    ),
    (
        "vague span",
        r"\b(?:within(?:\s+the\s+(?:coming|next)(?:\s+few)?)?|in\s+(?:the\s+)?(?:coming|next)(?:\s+few)?|"
        r"over\s+the\s+(?:coming|next)(?:\s+few)?|"
        r"(?:the\s+)?(?:coming|next)\s+few|(?:with)?in\s+a\s+matter\s+of)\s+(?P<unit>day|week|month|year)s\b",
        _vague,
    ),
    # "in the middle of next week", "would resume midweek": that Wednesday; "over the coming weekend": its Sunday
    ("midweek", r"\b(?:(?:in\s+)?(?:the\s+)?middle\s+of\s+(?P<next>next\s+)?week|midweek)\b", midweek),
    ("weekend", r"\b(?:over|during|at|on|this|by)\s+(?:the\s+)?(?:coming\s+|next\s+)?weekend\b", weekend),
    # "early next month": the tenth of it, as "in early January" is
    (
        "next unit",
        r"\b(?:(?:during|in|over|within)\s+the\s+)?(?:(?:in|toward|towards|by|at|before)?\s*(?:the\s+)?"
        r"(?P<part>early|mid|middle|late|end|latter\s+part)(?:\s+of|-)?\s+)?next\s+(?P<unit>week|month)\b",
        _next_unit,
    ),
    # "later this month" leaves no "later" behind; "earlier this month" is past
    (
        "this unit",
        r"\b(?:later\s+)?(?<!earlier\s)(?:this|the\s+end\s+of\s+th(?:e|is)|(?:throughout|later\s+in)\s+the)\s+"
        r"(?P<unit>week|month)\b",
        this_unit,
    ),
    (
        "season",
        r"\b(?:(?P<prep>by|before|in|during|over|until|through|throughout|ahead\s+of)\s+)?(?:the\s+)?"
        r"(?P<which>this|next|coming)?\s*"
        # "by the coming fall or winter": the later of the two
        r"(?:(?:spring|summer|autumn|fall|winter)\s+or\s+)?(?:(?P<part>early|late)\s+)?"  # "before early summer"
        r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?" + _YEAR + r")?\b",
        season,
    ),
    (
        "holiday",
        r"\b" + _DEADLINE_PREP + r"\s+(?P<holiday>christmas|easter|new\s+year(?:'s|’s)?(?:\s+day)?)",
        holiday,
    ),
    ("decade", r"\bby\s+the\s+end\s+of\s+the\s+decade\b", _decade),
    ("long term", r"\bfor\s+years\s+to\s+come\b|\bin\s+the\s+long[- ]term\b", _long_term),
    # "later today", "later in the day": the publication day ("today's talks" is a noun's)
    (
        "same day",
        r"\b(?:(?:later\s+)?(?:today|tonight|this\s+(?:afternoon|evening))|later\s+in\s+the\s+day)\b(?!['’]s)",
        same_day,
    ),
    (
        "weekday",
        r"\b(?:(?P<prep>on|by|before|until|till|from|for|next|this|later|as\s+(?:early|soon)\s+as)\s+)?"
        r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?!['’]s)\b"
        r"(?:\s+(?:morning|afternoon|evening|night))?"
        # "Thursday, July 27", "Friday, 27": the date says it ("Friday, 11 a.m." is the day's hour)
        r"(?!,?\s+(?:the\s+)?\d(?!\d?\s*(?:a\.m|p\.m|[ap]m\b|:\d))|,?\s+" + _MONTH + r")",
        weekday,
    ),
    (
        # "Wednesday's meeting … will be the first": the meeting's day
        "weekday's event",
        r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)['’]s\s+(?=[a-z])",
        possessive_weekday,
    ),
    (
        # "between Tuesday and Wednesday next week", "from Wednesday to Thursday": the span's last day
        "weekday range",
        r"\b(?:between|from|either)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+"
        r"(?:and|to|through|until|or)\s+"
        r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b(?P<next>\s+next\s+week)?",
        weekday_range,
    ),
    (
        # "during the January session of parliament": that month
        "month's meeting",
        r"\b(?P<prep>in|at|during|by|before)\s+the\s+" + _MONTH + r"(?:\s+" + _YEAR + r")?\s+"
        r"(?:session|sitting|meeting|summit|round|plenary|talks)\b"
        r"(?:\s+of\s+the\s+(?:[A-Z][\w-]*\s+){0,3}(?:parliament|assembly|congress|diet|council|senate|house)\b)?",
        _month,
    ),
    # "by the new 2035 deadline": that year
    (
        "year's deadline",
        r"\b(?P<prep>by|before)\s+the\s+(?:new\s+|agreed\s+)?" + _YEAR + r"\s+(?:deadline|target)",
        _year,
    ),
    (
        "ongoing meeting",
        r"\b(?:at|during|on\s+the\s+sidelines\s+of)\s+(?:the|this)\s+(?:ongoing|current|week's|weekend's|two-day|"
        r"three-day)\s+(?:summit|meeting|talks|conference|session|visit|gathering)\b",
        lambda match, published: published + timedelta(days=VAGUE_SPANS["day"]),
    ),
]
_RULES = [(name, re.compile(pattern, re.I), resolve) for name, pattern, resolve in RULES]


def time_expressions(sentence: str, published: date) -> list[Deadline]:
    """Every time expression that names a day after publication, in the order of the text (where two overlap,
    the one that starts first, then the longer, stands)."""
    found: list[Deadline] = []
    for name, pattern, resolve in _RULES:
        for match in pattern.finditer(sentence):
            if not match.group(0).strip():
                continue
            day = resolve(match, published)
            if day is not None:
                found.append(Deadline(day, match.start(), match.end(), name))
    found.sort(key=lambda item: (item.start, -(item.end - item.start)))
    kept: list[Deadline] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    # A date on or before publication is context, but for an event the article says happens that very day.
    return [
        item
        for item in kept
        if item.date > published
        or (item.rule == "same day" and item.date == published)
        or (item.rule == "weekday" and item.date == published and _names_its_day(sentence, item, published))
    ]


def _names_its_day(sentence: str, item: Deadline, published: date) -> bool:
    """ "on Monday" in Monday's paper names the day itself ("before Tuesday" in Monday's paper does not)."""
    phrase = sentence[item.start : item.end].lower()
    return WEEKDAYS[published.weekday()] in phrase and not phrase.startswith("before")


def firm_deadline(sentence: str, published: date) -> Deadline | None:
    """The sentence's deadline when it is introduced by "by", "before", "until", "within" and the like; None else."""
    found = find_deadline(sentence, published)
    return found if found and is_firm(sentence[found.start : found.end]) else None


def find_deadline(sentence: str, published: date, verb_at: int = 0) -> Deadline | None:
    """The claim's deadline: the first expression introduced by "by", "before", "until" or "within", else the first
    future date the sentence names; None when it names none. With `verb_at`, where the forecast's verb stands, the
    expressions after it come first ("the list of cases on which the court rules on Thursday will be published on
    Friday": Friday)."""
    found = [item for item in time_expressions(sentence, published) if not no_deadline(sentence, item.start, item.end)]
    found = [item for item in found if not dates_a_with_clause(sentence, verb_at, item.start)] or found
    # ("approve the budget along with next year's draft law": the time of a thing, not of the forecast)
    found = [item for item in found if sentence[item.end : item.end + 2] not in ("'s", "’s")] or found
    found = [item for item in found if item.start >= verb_at] or found
    # "must be held within 60 days, likely in early June": the date said to be likely is the forecast's
    likely = [item for item in found if re.search(r"\blikely\s*$", sentence[: item.start])]
    if likely:
        return likely[0]
    # "this week, possibly as early as Monday": the earliest day is no deadline while another phrase gives one
    earliest = [item for item in found if is_earliest(sentence[item.start : item.end])]
    strong = [item for item in found if is_firm(sentence[item.start : item.end]) and item not in earliest]
    return (strong or [item for item in found if item not in earliest] or earliest or [None])[0]
