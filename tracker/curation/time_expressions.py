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
    MONTH_PARTS,
    MONTHS,
    NUMBERS,
    VAGUE_SPANS,
    WEEKDAYS,
    YEAR_PARTS,
    add_span,
    by_the_next_day,
    date_after_its_verb,
    day_month,
    decade,
    holiday,
    long_term,
    midweek,
    month,
    next_day,
    next_unit,
    next_year,
    part_of_month,
    part_of_year,
    possessive_weekday,
    same_day,
    season,
    span_after_date,
    span_taken,
    this_unit,
    this_year,
    vague,
    weekday,
    weekday_day_of_month,
    weekday_range,
    weekend,
    within,
    within_hours,
    year,
    year_to_the_day,
)
from tracker.curation.said_when import dates_a_with_clause, is_earliest, is_firm, no_deadline

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUMBER_WORDS = "|".join(sorted(NUMBERS, key=len, reverse=True))
_NUMBER = r"(?P<count>\d+|" + _NUMBER_WORDS + r")"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_DEADLINE_PREP = r"\b(?P<prep>by|before|until|till|no\s+later\s+than|not\s+later\s+than|ahead\s+of)"
# "From the end of 2026" and "starting in 2027" name when something begins: the day to check that it has.
_ANY_PREP = (
    r"\b(?P<prep>by|before|until|till|no\s+later\s+than|not\s+later\s+than|ahead\s+of|in|on|during|at|from|around|"
    r"towards?|starting(?:\s+(?:in|from|at))?|beginning(?:\s+(?:in|at))?|as\s+of|for|as\s+(?:early|soon)\s+as|"
    r"(?<=\bis\s)targeting|(?<=\bare\s)targeting|"  # ("Tesla is targeting June 12 to launch …")
    r"around\s+the\s+time\s+of(?:\s+the)?|no\s+earlier\s+than|"
    r"(?<=\bconfirmed\s)as|(?<=\bset\s)as|(?<=\bfixed\s)as)"  # ("the date … has been confirmed as 8 December")
    r"(?:\s+(?:around|about|roughly|approximately))?"  # "by around December": December's end all the same
)
# "on Thursday, July 27": the weekday before a date adds nothing to it.
_WEEKDAY = "|".join(WEEKDAYS)  # monday|tuesday|…|sunday, inside a group
_DAY_PART = r"(?:morning|afternoon|evening|night)"
_ON_WEEKDAY = r"(?:(?:" + _WEEKDAY + r"),?\s+)?"
_YEAR_PART = r"(?P<part>" + "|".join(sorted(YEAR_PARTS, key=len, reverse=True)) + r")"
_MONTH_PART = r"(?P<part>" + "|".join(sorted(MONTH_PARTS, key=len, reverse=True)) + r")"


@dataclass(frozen=True)
class Deadline:
    date: date
    start: int  # the expression's span in the sentence, so that a title can say the date its own way
    end: int
    rule: str


Resolver = Callable[[re.Match, date], date | None]
_DAY_MONTH = r"(?:" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r")"
# "June 15-17": a span of days ends on its last ("November 8th and 9th", "November 15 and Thursday, November 16",
# "September 12 or 13" too).
_MONTH_DAY = (
    # ("Sept.10-20": no space after the abbreviation's dot)
    r"(?:" + _MONTH + r"(?:\s+|(?<=\.))(?:[0-3]?\d(?:st|nd|rd|th)?\s*(?:[-–]|\s(?:and|to|or)\s)\s*"
    r"(?:(?:" + _WEEKDAY + r"),?\s+)?(?:(?P=month)\.?\s+)?)?" + _DAY + r"(?![\d:]))"
)
_OPTIONAL_YEAR = r"(?:,?\s+" + _YEAR + r")?\b"
RULES: list[tuple[str, str, Resolver]] = [
    ("day month", _ANY_PREP + r"\s+" + _ON_WEEKDAY + r"(?:the\s+)?" + _DAY_MONTH + _OPTIONAL_YEAR, day_month),
    # ("at its Oct. 29-30 meeting": the span's last day)
    ("month day", _ANY_PREP + r"\s+(?:(?:its|their|a|the)\s+)?" + _ON_WEEKDAY + _MONTH_DAY + _OPTIONAL_YEAR, day_month),
    # "The new date is to be February 23": the date is what the thing will be
    ("date to be", r"(?<=\bbe\s)(?P<prep>)" + _MONTH_DAY + _OPTIONAL_YEAR, day_month),
    ("date after its verb", r"(?P<prep>)\b" + _MONTH_DAY + _OPTIONAL_YEAR, date_after_its_verb),
    # "between March 20 and May 19, 2018": the span's last day
    (
        "date range",
        # ("between June 8th and 10th": the month said once)
        r"\b(?P<prep>between)\s+(?:(?:[A-Z][a-z]{2,8}\.?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+and\s+)?"
        + _MONTH_DAY
        + _OPTIONAL_YEAR,
        day_month,
    ),
    # "on either Tuesday, September 12, or Wednesday, September 13": the later of two dates
    (
        "date or date",
        r"\b(?P<prep>on|by)\s+(?:either\s+)?(?:(?:"
        + _WEEKDAY
        + r"),?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+"
        r"or\s+(?:on\s+)?" + _ON_WEEKDAY + _MONTH_DAY + _OPTIONAL_YEAR,
        day_month,
    ),
    # "between Monday 6th and Wednesday 8th": a weekday with its day of the month, the later of two
    (
        "weekday and day of month",
        r"\b(?:(?:between|from)\s+(?:" + _WEEKDAY + r")\s+[0-3]?\d(?:st|nd|rd|th)?"
        r"\s+(?:and|to)\s+|(?:on|by|before|until)\s+)?"
        r"(?P<weekday>" + _WEEKDAY + r")\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b",
        weekday_day_of_month,
    ),
    # "next Friday, August 15, 2025": the date the weekday names
    (
        "weekday and date",
        r"\b(?P<prep>next|this|coming)\s+(?:" + _WEEKDAY + r"),?\s+" + _MONTH_DAY + _OPTIONAL_YEAR,
        day_month,
    ),
    (
        "part of a month",
        # ("the launch window will be mid-November": what the thing will be)
        # ("decide around the middle of August")
        r"(?:\b(?P<prep>by|in|before|until|through|around)\s+|(?<=\bbe\s))(?:the\s+)?"
        + _MONTH_PART
        + r"[\s-]+(?:of\s+)?"
        + _MONTH
        + r"(?:\s+"
        + _YEAR
        + r")?\b",
        part_of_month,
    ),
    (
        "month",
        _ANY_PREP
        + r"\s+(?:the\s+(?:end|close)\s+of\s+)?"
        + _MONTH
        + r"(?:\s+(?:of\s+)?"
        + _YEAR
        # ("in February next year": the next year's; "in November last year" is past; "Nov. 30" a day)
        + r"|\s+(?P<next_year>next\s+year))?\b(?!\.?\s+\d|\s+(?:of\s+)?last\s+year)",
        month,
    ),
    # "will 'return next February'": the next such month
    ("next month name", r"\b(?P<prep>next)\s+" + _MONTH + r"\b(?!\.?\s+\d)", month),
    (
        # "in June-July", "between May and June": the later month
        "month range",
        # ("somewhere between late August and December of 2025": the first month's part changes nothing)
        r"\b(?P<prep>by|in|from|between|during|until|before|for)\s+(?:(?:early|mid|late)[\s-]+)?"
        r"(?:" + _MONTH.replace("(?P<month>", "(?:") + r")\s*"
        r"(?:[-–]|\s(?:to|and|or)\s)\s*" + _MONTH + r"(?:\s+(?:of\s+)?" + _YEAR + r")?\b",
        month,
    ),
    (
        # "in November or early December": the later month's part
        "month or part of a month",
        r"\b(?P<prep>by|in|between|during|until|before|for)\s+(?:" + _MONTH.replace("(?P<month>", "(?:") + r")\s+"
        r"(?:to|and|or)\s+" + _MONTH_PART + r"[\s-]+(?:of\s+)?" + _MONTH + r"(?:\s+" + _YEAR + r")?\b",
        part_of_month,
    ),
    (
        "part of a year",
        # ("could be seen early next year": the part needs no preposition)
        r"\b(?:(?P<prep>by|in|at|before|until|during|for)\s+(?:the\s+)?|(?=(?:early|mid|late)[\s-]))"
        + _YEAR_PART
        + r"(?:\s+(?:quarter|half))?[\s-]+"
        r"(?:of\s+)?(?:(?P<next>next\s+year)|" + _YEAR + r"|(?:this|the)\s+year)\b",
        part_of_year,
    ),
    ("year", _ANY_PREP + r"\s+(?:the\s+(?:end|close)\s+of\s+)?" + _YEAR + r"\b", year),
    # "to reopen by the same date next year" (said on the day): a year from publication, to the day
    ("same date next year", r"\b(?:by|on|before)\s+the\s+same\s+(?:date|day)\s+next\s+year\b", year_to_the_day),
    ("next year", r"\b(?:(?:by|in|before|during|until)\s+)?(?:the\s+end\s+of\s+)?next\s+year\b", next_year),
    # ("Earlier this year, Kishida said …" is when it was said)
    (
        "this year",
        r"\b(?:(?:the\s+)?end\s+of\s+(?:this|the)\s+year|(?<!earlier\s)this\s+year|year[- ]end)\b",
        this_year,
    ),
    (
        "within N units",
        # ("will be in place for at least the next 10 months": to the span's end)
        r"\b(?:(?:within|in|over|during)\s+(?:the\s+)?(?:next\s+|coming\s+)?|for\s+(?:at\s+least\s+)?the\s+(?:next|coming)\s+)"
        + _NUMBER
        + r"\s+"
        + _UNIT
        + r"\b(?!\s+(?:of|after|from)\s+(?!now\b))",
        within,
    ),
    # "it might take "a couple of weeks" to resume production": what is done by then is the forecast
    (
        "takes N units",
        r"\btak(?:e|es|ing)\s+(?:only\s+|just\s+|about\s+|around\s+|up\s+to\s+)?[\"“]?"
        + _NUMBER
        + r"\s+"
        + _UNIT
        # ("Opening a passageway will take about four weeks, the Army Corps said": the opening is done by then)
        + r"[\"”]?(?=\s+(?:to|before)\s|\s*(?:[,.;]|$))",
        span_taken,
    ),
    # "could be announced within the next 24 hours": the day they end
    (
        "within N hours",
        r"\b(?:within|in)\s+(?:the\s+(?:next|coming)\s+)?" + _NUMBER + r"\s+hours\b",
        within_hours,
    ),
    # "restoration could take 6 to 10 hours", "It could be several hours until power is restored", "a restoration
    # time of 6-10 hours": a span of hours, done by the next day
    (
        "hours taken",
        r"\b(?:tak(?:e|es|ing)|be|of)\s+[\"“]?(?:about\s+|around\s+|up\s+to\s+|between\s+)?[\"“]?"
        r"(?:\d+|a\s+few|several|"
        + _NUMBER_WORDS
        + r")(?:[\"”]?\s*(?:-|–|to|and)\s*[\"“]?(?:\d+|"
        + _NUMBER_WORDS
        + r"))?"
        r"[\"”]?\s+hours\b",
        by_the_next_day,
    ),
    # "could begin within hours", "will come out in the next few hours": by the next day
    (
        "within hours",
        r"\b(?:within\s+(?:a\s+few\s+|several\s+|the\s+next\s+(?:few\s+)?)?|"
        r"in\s+(?:a\s+few|several|the\s+(?:next|coming)(?:\s+few)?)\s+)hours\b",
        by_the_next_day,
    ),
    ("N units from now", r"\b" + _NUMBER + r"\s+" + _UNIT + r"\s+from\s+now\b", within),
    (
        "N units after a date",
        r"\b"
        + _NUMBER
        + r"\s+"
        + _UNIT
        + r"\s+after\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:of\s+)?"
        + _MONTH_DAY
        + _OPTIONAL_YEAR,
        span_after_date,
    ),
    (
        "within the next unit",
        r"\bwithin\s+(?:the\s+next|a|one)\s+(?P<unit>day|week|month|year)\b",
        lambda match, published: add_span(published, 1, match["unit"].lower()),
    ),
    # "is just hours away from witnessing …", "days away from launch": as "within hours", "within days"
    (
        "units away",
        r"\b(?P<unit>hour|day|week|month)s\s+away\s+from\b",
        lambda match, published: (by_the_next_day if match["unit"].lower() == "hour" else vague)(match, published),
    ),
    (
        "vague span",
        # ("significant delays would persist in the following days": as the coming ones)
        r"\b(?:within(?:\s+the\s+(?:coming|next)(?:\s+few)?)?|in\s+(?:the\s+)?(?:coming|next|following)(?:\s+few)?|"
        r"(?:over|for)\s+the\s+(?:coming|next)(?:\s+few)?|"
        r"(?:the\s+)?(?:coming|next)\s+few|(?:with)?in\s+a\s+matter\s+of)\s+(?P<unit>day|week|month|year)s\b",
        vague,
    ),
    # "in the middle of next week", "would resume midweek": that Wednesday; "over the coming weekend": its Sunday
    ("midweek", r"\b(?:(?:in\s+)?(?:the\s+)?middle\s+of\s+(?P<next>next\s+)?week|midweek)\b", midweek),
    # ("from Friday evening through the weekend": the weekend's end, the later day)
    (
        "weekend",
        r"\b(?:from\s+(?:" + _WEEKDAY + r"|tonight|today)(?:\s+" + _DAY_PART + r")?\s+)?"
        r"(?:over|during|at|on|this|by|through|throughout|into)\s+(?:the\s+)?(?:coming\s+|next\s+)?weekend\b",
        weekend,
    ),
    # "early next month": the tenth of it, as "in early January" is
    (
        "next unit",
        r"\b(?:(?:during|in|over|within)\s+the\s+)?(?:(?:in|toward|towards|by|at|before)?\s*(?:the\s+)?"
        r"(?P<part>early|mid|middle|late|end|latter\s+part)(?:\s+of|-)?\s+)?next\s+(?P<unit>week|month)\b",
        next_unit,
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
        r"(?:(?:spring|summer|autumn|fall|winter)\s+or\s+(?:perhaps\s+|possibly\s+|maybe\s+)?(?:in\s+)?(?:the\s+)?)?"
        r"(?:(?P<part>early|late)\s+)?"  # "before early summer"
        # ("in the "Fall of Calendar 2025"": a company's calendar year, as against its fiscal one)
        r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?:calendar\s+)?"
        + _YEAR
        + r"(?![.,]?\d|\s*%|\s+(?:percent|points?)\b))?\b",
        season,
    ),
    (
        "holiday",
        # ("Notre Dame may reopen as Christmas 2024 gift": the year names it without a preposition)
        r"(?:" + _DEADLINE_PREP + r"\s+|\b(?=(?:christmas|easter)\s+(?:19|20)\d\d\b))"
        r"(?P<holiday>christmas|easter|new\s+year(?:'s|’s)?(?:\s+day)?)(?:\s+" + _YEAR + r"\b)?",
        holiday,
    ),
    ("decade", r"\bby\s+the\s+end\s+of\s+the\s+decade\b", decade),
    ("long term", r"\bfor\s+years\s+to\s+come\b|\bin\s+the\s+long[- ]term\b", long_term),
    # "later today", "later in the day": the publication day ("today's talks" is a noun's)
    (
        "same day",
        # ("later today or tonight": the same day either way)
        r"\b(?:(?:later\s+)?(?:today|tonight|this\s+(?:afternoon|evening))(?:\s+or\s+tonight)?|later\s+in\s+the\s+day)\b"
        r"(?!['’]s)",
        same_day,
    ),
    # "the hearing scheduled for tomorrow": the day after publication ("tomorrow's vote" is a noun's)
    ("next day", r"\btomorrow\b(?!['’]s)", next_day),
    (
        "weekday",
        # ("late Wednesday night" leaves no "late" behind; "by late Wednesday" ranks as a bare day, as before)
        r"\b(?:(?P<prep>on|by|before|until|till|from|for|next|this|later|as\s+(?:early|soon)\s+as)\s+|(?:early|late)\s+)?"
        r"(?P<weekday>" + _WEEKDAY + r")(?!['’]s)\b"
        r"(?:\s+" + _DAY_PART + r")?"
        # "Thursday, July 27", "Friday, 27": the date says it ("Friday, 11 a.m." is the day's hour)
        r"(?!,?\s+(?:the\s+)?\d(?!\d?\s*(?:a\.m|p\.m|[ap]m\b|:\d))|,?\s+" + _MONTH + r")",
        weekday,
    ),
    (
        # "Wednesday's meeting … will be the first": the meeting's day
        "weekday's event",
        r"\b(?P<weekday>" + _WEEKDAY + r")['’]s\s+(?=[a-z])",
        possessive_weekday,
    ),
    (
        # "between Tuesday and Wednesday next week", "from Wednesday to Thursday": the span's last day
        "weekday range",
        # ("is scheduled to meet Monday and Tuesday": the meeting's second day too)
        # ("late Wednesday evening or early Thursday": the later day, the parts of the day with them)
        # ("tonight and early Monday", "late Sunday into Monday", "tonight through Monday night": the later day)
        r"\b(?:(?:between|from|either|on)\s+)?(?:both\s+)?(?:(?:early|late)\s+)?(?:" + _WEEKDAY + r"|tonight|today)"
        r"(?:\s+" + _DAY_PART + r")?\s+(?:and|to|through|until|or|into)\s+(?:(?:early|late)\s+)?"
        r"(?P<weekday>" + _WEEKDAY + r")\b(?:\s+" + _DAY_PART + r")?(?P<next>\s+next\s+week)?",
        weekday_range,
    ),
    (
        # "during the January session of parliament": that month
        "month's meeting",
        r"\b(?P<prep>in|at|during|by|before)\s+the\s+" + _MONTH + r"(?:\s+" + _YEAR + r")?\s+"
        r"(?:session|sitting|meeting|summit|round|plenary|talks)\b"
        r"(?:\s+of\s+the\s+(?:[A-Z][\w-]*\s+){0,3}(?:parliament|assembly|congress|diet|council|senate|house)\b)?",
        month,
    ),
    # "The February launch … is on track": the month of an event to come, the noun's own
    (
        "month's event",
        r"\b(?P<prep>)the\s+"
        + _MONTH
        + r"(?:\s+"
        + _YEAR
        + r")?\s+(?:launch|release|rollout|debut|opening|deadline|vote|election|summit|session|budget|event)\b",
        month,
    ),
    # "by the new 2035 deadline": that year
    (
        "year's deadline",
        r"\b(?P<prep>by|before)\s+the\s+(?:new\s+|agreed\s+)?" + _YEAR + r"\s+(?:deadline|target)",
        year,
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
        or (item.rule in ("same day", "day month", "month day") and item.date == published)
        or (
            item.rule in ("weekday", "weekday's event")
            and item.date == published
            and _names_its_day(sentence, item, published)
        )
    ]


def _names_its_day(sentence: str, item: Deadline, published: date) -> bool:
    """ "on Monday" in Monday's paper names the day itself ("before Tuesday" in Monday's paper does not)."""
    phrase = sentence[item.start : item.end].lower()
    return WEEKDAYS[published.weekday()] in phrase and not phrase.startswith("before")


def firm_deadline(sentence: str, published: date) -> Deadline | None:
    """The sentence's deadline when it is introduced by "by", "before", "until", "within" and the like; None else."""
    found = find_deadline(sentence, published)
    return found if found and is_firm(sentence[found.start : found.end]) else None


_CONDITION = re.compile(r"\b(?:if|unless)\s[^,;]*", re.I)


# "Unless the two sides agree before Thursday", "if progress has not been made by noon Friday": an ultimatum, whose
# date is when the forecast it conditions falls due.
_ULTIMATUM = re.compile(r"unless\b|if\b.*\b(?:not|no|never)\b|if\b.*n['’]t\b", re.I)


# ("before trawlers resume fishing off the coast on …": a clause after "before", whose date is the event's)
_BEFORE_A_DATED_EVENT = re.compile(r"\bbefore\s+(?:[\w’'-]+\s+){1,10}$", re.I)


def _in_condition(sentence: str, verb_at: int, start: int) -> bool:
    """Whether the time phrase at `start` stands in an "if"/"unless" clause the forecast's verb is not in, and the
    clause is no ultimatum."""
    return any(
        found.start() < start < found.end()
        and not found.start() <= verb_at < found.end()
        and not _ULTIMATUM.match(found.group(0))
        for found in _CONDITION.finditer(sentence)
    )


def find_deadline(sentence: str, published: date, verb_at: int = 0) -> Deadline | None:
    """The claim's deadline: the first expression introduced by "by", "before", "until" or "within", else the first
    future date the sentence names; None when it names none. With `verb_at`, where the forecast's verb stands, the
    expressions after it come first ("the list of cases on which the court rules on Thursday will be published on
    Friday": Friday)."""
    found = [item for item in time_expressions(sentence, published) if not no_deadline(sentence, item.start, item.end)]
    found = [item for item in found if not dates_a_with_clause(sentence, verb_at, item.start)] or found
    # "… will be forced to release them if the flight is halted by a ruling today": the date is the condition's
    found = [item for item in found if not _in_condition(sentence, verb_at, item.start)]
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
    chosen = (strong or [item for item in found if item not in earliest] or earliest or [None])[0]
    if (
        chosen is not None
        and chosen.date - timedelta(days=1) > published
        and _BEFORE_A_DATED_EVENT.search(sentence[verb_at : chosen.start])
    ):
        # "aims to highlight the safety before trawlers resume fishing on Sept. 1": by the day before the event
        return Deadline(chosen.date - timedelta(days=1), chosen.start, chosen.end, chosen.rule)
    return chosen
