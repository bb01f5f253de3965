"""The calendar under the deadline rules: the names of months and numbers, month ends and spans, and the resolver of
each rule, which turns a match into the last day on which a claim can come true: days and months ("by February
24"), parts of them ("by mid-2027"), spans ("within six months"), weekdays ("on Monday", "between Tuesday and
Wednesday next week"), seasons and holidays, each against the publication date. Pure Python (standard library
only); the table of rules that uses them, with its patterns, is tracker/curation/time_expressions.py."""

import re
from datetime import date, timedelta

from tracker.curation.verb_forms import SCHEDULED_PRESENT, STARTS_OR_ENDS

# Seasons of the northern hemisphere (meteorological): the month each ends in; winter ends in the next year.
SEASON_END_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}


def end_of_month(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, end_of_month(year, month).day))


def add_span(day: date, count: int, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    return add_months(day, count * {"year": 12, "decade": 120}.get(unit, 1))  # ("within the next three decades")


def before_or_by(prep: str | None, last_day: date, first_day: date) -> date:
    """ "Before X" ends the day before X begins; "by X", "in X", "until X" at X's last day."""
    return first_day - timedelta(days=1) if prep and prep.lower() in ("before", "ahead of") else last_day


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def next_weekday(published: date, name: str) -> date:
    """The next such day strictly after publication ("Wednesday" said on a Wednesday is a week on)."""
    return published + timedelta(days=(WEEKDAYS.index(name) - published.weekday() - 1) % 7 + 1)


# The first verb after a sentence-opening "On Tuesday,": a report of what was said, or the event to come.
_MAIN_CLAUSE_VERB = re.compile(
    r"\b(?:(?P<reported>said|told|reported|announced|added|warned|stated|confirmed|claimed|noted|wrote|insisted|"
    r"argued|predicted|explained|indicated|signall?ed|suggested|revealed|declared)|will|would|could|may|might|shall|"
    r"(?:is|are)\s+(?:[a-z]+ly\s+)?(?:expected|scheduled|set|due|slated|likely|planning|going|poised|to))\b",
    re.I,
)


def _looks_ahead(before: str, after: str) -> bool:
    """Whether a sentence speaks of what is to come around a time phrase ("is arriving in Doha on Tuesday evening":
    the present progressive of a plan looks ahead too; "the deal on Sunday could …")."""
    return bool(
        re.search(
            # ("When the Fed closes its meeting Wednesday afternoon, …": a present-tense schedule looks ahead too)
            r"\b(?:will|would|could|may|might|expected|due|set|plans?|scheduled|slated|to)\b|\b(?:is|are)\s+(?:(?:meanwhile|also|now|still)\s+)?[a-z]+ing\b|"
            r"\b" + SCHEDULED_PRESENT + r"\b",
            before,
            re.I,
        )
        # ("This evening I will bring …", "Tomorrow morning we expect to be back …": the subject between the time and
        # the modal)
        or re.match(
            r"\s*,?\s*(?:[\w’'-]+\s+){0,3}?(?:will|would|could|may|might|is\s+(?:expected|set|due|likely)|"
            r"(?:expect|plan|aim|hope|intend)s?\s+to)\b",
            after,
            re.I,
        )
    )


def same_day(match: re.Match, published: date) -> date | None:
    """ "heads to the White House today to meet …", "will hold talks later in the day": the publication day, when
    the sentence looks ahead (what happened today is no deadline)."""
    before = match.string[: match.start()]
    if re.search(r"\b(?:said|told|added|announced|wrote|reported)\s+$", before):
        return None  # "…, an official said later in the day": when it was said
    return published if _looks_ahead(before, match.string[match.end() :]) else None


def next_day(match: re.Match, published: date) -> date | None:
    """ "the hearing scheduled for tomorrow": the day after publication, when the sentence looks ahead."""
    return (
        published + timedelta(days=1)
        if _looks_ahead(match.string[: match.start()], match.string[match.end() :])
        else None
    )


def weekday(match: re.Match, published: date) -> date | None:
    """The next such day after publication ("on Monday" in a Saturday paper is two days on; "next Monday" is the
    Monday of the next calendar week); "On Tuesday, officials said …" opening a sentence says when it was said, "On
    Friday, leaders are scheduled to visit …" when the main clause's event comes."""
    before, after = match.string[: match.start()], match.string[match.end() :]
    opening = not before.strip() and after.startswith(",")
    if opening:
        main = _MAIN_CLAUSE_VERB.search(after)
        if main is None or main["reported"]:
            return None
    said = r"(?:said|told|reported|announced|added)"
    looks_ahead = opening or _looks_ahead(before, after)
    said_before = re.search(r"\b" + said + r"\s+(?:[\w’'.-]+\s+){0,3}$", before)
    if said_before and re.search(
        r"\b(?:be|been|being)\s+(?:[a-z]+ly\s+)?(?:[a-z]{3,}ed\s+and\s+)?$", before[: said_before.start()]
    ):
        said_before = None  # "will be finalized and announced Tuesday": what is to be said, and when
    if (re.match(r",?\s+(?:[\w’'.-]+\s+){0,3}" + said + r"\b", after) and not looks_ahead) or said_before:
        return None  # "Overseeing a test on Tuesday, Kim said …", "told RIA Novosti of Friday": when it was said
    prep = (match["prep"] or "").lower()
    part_of_day = re.search(r"(?:morning|afternoon|evening|night)$", match.group(0), re.I)
    # ("appoint Ishiba by Tuesday afternoon" in Tuesday's paper: that afternoon)
    if match["weekday"].lower() == WEEKDAYS[published.weekday()] and (
        prep in ("", "on", "this", "later", "for") or part_of_day  # ("slated for Thursday" in Thursday's paper)
    ):
        # "OPEC+ will meet on Monday" in Monday's paper, "when it meets later Thursday": that day, not a week on
        # (news says "next Monday" for the week after); without a look ahead, what happened that day
        return published if looks_ahead else None
    day = next_weekday(published, match["weekday"].lower())
    if prep == "next" and day <= published + timedelta(days=6 - published.weekday()):
        # "next Friday" said on a Monday is the week after; "next Monday" said on a Thursday is four days on, the
        # Monday of next week (the calendar week, as "between Tuesday and Wednesday next week" reads)
        day += timedelta(days=7)
    return day - timedelta(days=1) if prep == "before" else day


def possessive_weekday(match: re.Match, published: date) -> date | None:
    """ "Wednesday's meeting … will be …": the day of an event to come; "Tuesday's launch was …" is past. In a
    paper of that weekday, the day itself ("the turnout for Sunday's runoff is expected …" on a Sunday)."""
    after = match.string[match.end() :]
    future = r"\b(?:will|could|may|might|would|(?:is|are)\s+(?:set|expected|due|scheduled))\b"
    # ("Clouds are in the forecast … ahead of Monday's eclipse": an event still ahead)
    ahead = re.search(r"\b(?:ahead\s+of|before)\s+$", match.string[: match.start()])
    if re.match(r"(?:[\w-]+\s+){1,4}(?:was|were|had)\b", after) or not (ahead or re.search(future, match.string)):
        return None
    if WEEKDAYS.index(match["weekday"].lower()) == published.weekday():
        return published
    return next_weekday(published, match["weekday"].lower())


def weekday_range(match: re.Match, published: date) -> date:
    day = next_weekday(published, match["weekday"].lower())
    if match["next"] and day <= published + timedelta(days=6 - published.weekday()):
        day += timedelta(days=7)  # "… next week" said early in a week: not this week's day
    return day


def season(match: re.Match, published: date) -> date | None:
    if not match["prep"] and not match["which"] and not match["year"]:
        # "last summer", "the summer offensive": not a span to come ("a Fall 2025 release" names its own)
        return None
    season = match["season"].lower()
    end_month = SEASON_END_MONTH[season]
    if match["year"]:
        # "winter 2027" is the winter that begins in December 2027.
        year = int(match["year"]) + (season == "winter")
    else:
        year = published.year + (season == "winter" and published.month >= 3)
        if end_of_month(year, end_month) <= published:
            year += 1
    last_day = end_of_month(year, end_month)
    first_day = add_months(date(last_day.year, last_day.month, 1), -2)
    if not match["year"] and (match["which"] or "").lower() == "next" and first_day <= published:
        # "Next spring" said in spring is the one after; said in November it is the coming one.
        last_day, first_day = add_months(last_day, 12), add_months(first_day, 12)
        last_day = end_of_month(last_day.year, last_day.month)
    if (match["part"] or "").lower() == "early":
        last_day = end_of_month(first_day.year, first_day.month)  # "by early summer": June's end
    return before_or_by(match["prep"], last_day, first_day)


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own names)
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def year_to_the_day(match: re.Match, published: date) -> date:
    """ "by the same date next year": the publication day a year on (28 February for a 29th)."""
    try:
        return published.replace(year=published.year + 1)
    except ValueError:
        return published.replace(year=published.year + 1, day=28)


def holiday(match: re.Match, published: date) -> date | None:
    name = match["holiday"].lower()
    named_year = match.groupdict().get("year")
    if named_year:  # "as Christmas 2024 gift": that year's
        day = {"christmas": date(int(named_year), 12, 25), "easter": _easter(int(named_year))}.get(name)
        return before_or_by(match["prep"], day, day) if day is not None and day > published else None
    for year in (published.year, published.year + 1):
        day = {"christmas": date(year, 12, 25), "easter": _easter(year)}.get(name) or date(year + 1, 1, 1)
        if day > published:
            return before_or_by(match["prep"], day, day)
    raise AssertionError("unreachable: a holiday falls in every year")


def midweek(match: re.Match, published: date) -> date:
    if match["next"]:  # the Wednesday of the following calendar week
        return published + timedelta(days=7 - published.weekday() + 2)
    return next_weekday(published, "wednesday")


def weekend(match: re.Match, published: date) -> date:
    sunday = next_weekday(published, "sunday")
    return sunday + timedelta(days=7) if "next" in match.group(0).lower() else sunday


def this_unit(match: re.Match, published: date) -> date:
    unit = match["unit"].lower()
    if unit == "week":
        # (a Sunday paper's "this week" is the week that begins the next day)
        return published + timedelta(days=6 - published.weekday() or 7)
    return end_of_month(published.year, published.month)


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
    "couple of": 2,  # ("in the next couple of days")
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


def count(text: str) -> int:
    text = " ".join(text.lower().split())
    return int(text) if text.isdigit() else NUMBERS[text]


def day_month(match: re.Match, published: date) -> date | None:
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    year = int(match["year"]) if match["year"] else None
    prep = match["prep"].lower()
    try:
        if year is None:
            # The next such day after publication; on a plain "on 3 November", a day of the last three months is
            # the recent past the article reports, not a deadline.
            candidate = date(published.year, month, day)
            if candidate == published and _looks_ahead(match.string[: match.start()], match.string[match.end() :]):
                return candidate  # "could identify more locations on Friday, Oct. 6" in that day's paper: today
            if candidate <= published:
                if prep in ("on", "in", "at") and (published - candidate).days <= 92:
                    return None
                candidate = date(published.year + 1, month, day)
        else:
            candidate = date(year, month, day)
    except ValueError:
        return None  # 31 February
    return before_or_by(prep, candidate, candidate)


def date_after_its_verb(match: re.Match, published: date) -> date | None:
    """ "Pre-orders begin Jan. 19", "the talks were set to begin March 3": a date straight after a verb of starting or
    ending dates it (a bare date elsewhere may be anything's)."""
    # ("will go on sale September 22", "ships Oct. 6": a sale or a delivery starts too; "starts Tuesday, September
    # 17", "will take place Wednesday, September 18": its weekday between)
    verb = (
        r"(?:" + STARTS_OR_ENDS + r"|go(?:es)?\s+on\s+(?:general\s+)?sale|launch(?:es)?|arrives?|ships?|debuts?|lands?|"
        r"takes?\s+place|happens?)"
    )
    weekday = r"(?:(?:" + "|".join(WEEKDAYS) + r"),?\s+)?"
    if not re.search(r"\b" + verb + r"\s+" + weekday + r"$", match.string[: match.start()], re.I):
        return None
    return day_month(match, published)


def month(match: re.Match, published: date) -> date | None:
    month = MONTHS[match["month"].lower()]
    prep = match["prep"].lower()
    groups = match.groupdict()
    if groups.get("year"):
        year = int(groups["year"])
    elif groups.get("next_year"):
        year = published.year + 1  # "in February next year"
    else:
        # The next such month that has not ended ("by March" in November is next March).
        year = published.year if end_of_month(published.year, month) > published else published.year + 1
        # ("next February" said in February is the year after's; "before March" in March too)
        if (prep in ("before", "ahead of") or prep == "next") and date(year, month, 1) <= published:
            year += 1
    if re.search(r"\b(?:end|close)\s+of\b", match.group(0), re.I):
        return end_of_month(year, month)  # "before the end of June": June's end all the same
    return before_or_by(prep, end_of_month(year, month), date(year, month, 1))


def part_of_month(match: re.Match, published: date) -> date | None:
    month = MONTHS[match["month"].lower()]
    year = int(match["year"]) if match["year"] else published.year
    day = min(MONTH_PARTS[match["part"].lower()], end_of_month(year, month).day)
    if not match["year"] and date(year, month, day) <= published:
        year += 1
        day = min(MONTH_PARTS[match["part"].lower()], end_of_month(year, month).day)
    return date(year, month, day)


def year(match: re.Match, published: date) -> date | None:
    year = int(match["year"])
    return before_or_by(match["prep"], date(year, 12, 31), date(year, 1, 1))


def weekday_day_of_month(match: re.Match, published: date) -> date | None:
    """ "on Monday 6th": the next day after publication with that day of the month, when it falls on that weekday."""
    day, named = int(match["day"]), WEEKDAYS.index(match["weekday"].lower())
    first = date(published.year, published.month, 1)
    for months_on in range(3):
        start = add_months(first, months_on)
        try:
            candidate = start.replace(day=day)
        except ValueError:
            continue
        if candidate > published and candidate.weekday() == named:
            return candidate
    return None


def part_of_year(match: re.Match, published: date) -> date | None:
    part = match["part"].lower()
    year = int(match["year"]) if match["year"] else published.year + (match["next"] is not None)
    month = YEAR_PARTS[part]
    if month == 0 and (match["prep"] or "").lower() in ("at", "in"):
        month = YEAR_PARTS["early"]  # "at the beginning of next year" is early in it; "by the beginning of" is before
    return date(year - 1, 12, 31) if month == 0 else end_of_month(year, month)


def this_year(match: re.Match, published: date) -> date:
    return date(published.year, 12, 31)


def next_year(match: re.Match, published: date) -> date:
    return date(published.year + 1, 12, 31)


# "His first visit in 24 years", "the highest level in a decade": a span counted back, not ahead.
_SUPERLATIVE_BEFORE = re.compile(
    r"\b(?:first|last|highest|lowest|biggest|largest|worst|best|longest|most|least|only)\b[^,.;]{0,40}$", re.I
)


def within(match: re.Match, published: date) -> date | None:
    if match.group(0).lower().startswith("in ") and _SUPERLATIVE_BEFORE.search(match.string[: match.start()]):
        return None
    return add_span(published, count(match["count"]), match["unit"].lower())


def span_taken(match: re.Match, published: date) -> date | None:
    """ "it will take 55 days to prepare it": counted from publication; "After Webb arrives at the spaceport, it will
    take 55 days" counts from an event that has no date yet."""
    if re.match(r"\s*(?:after|once|when|as\s+soon\s+as)\b[^,]*,", match.string[: match.start()], re.I):
        return None
    if match.group(0).lower().startswith("taking") and not re.match(r"\s+(?:to|before)\s", match.string[match.end() :]):
        return None  # ("In what could be a process taking around 20 years, …" describes; "will take four weeks," dates)
    return within(match, published)


def span_after_date(match: re.Match, published: date) -> date | None:
    """ "a few weeks after the planned date of October 31st": the span counted from that date, not from publication."""
    month, day = MONTHS[match["month"].lower()], int(match["day"])
    try:
        start = date(int(match["year"]), month, day) if match["year"] else date(published.year, month, day)
        if not match["year"] and start <= published:
            start = date(published.year + 1, month, day)
    except ValueError:
        return None
    return add_span(start, count(match["count"]), match["unit"].lower())


def by_the_next_day(match: re.Match, published: date) -> date:
    """ "could begin within hours", "could take 6 to 10 hours": a span of hours, done by the next day."""
    return published + timedelta(days=1)


def within_hours(match: re.Match, published: date) -> date:
    """ "within the next 24 hours": the day those hours end (at least the next day)."""
    return published + timedelta(days=max(1, -(-count(match["count"]) // 24)))


def vague(match: re.Match, published: date) -> date:
    unit = match["unit"].lower()
    return add_span(published, VAGUE_SPANS[unit], unit)


def next_unit(match: re.Match, published: date) -> date:
    unit = match["unit"].lower()
    if unit == "week":  # the following calendar week, to its Sunday
        return published + timedelta(days=(6 - published.weekday()) + 7)
    following = add_months(date(published.year, published.month, 1), 1)
    last = end_of_month(following.year, following.month)
    part = " ".join(match["part"].lower().split()) if match["part"] else ""
    return last.replace(day=min(MONTH_PARTS.get(part, 31), last.day)) if part else last


def decade(match: re.Match, published: date) -> date:
    return date(published.year // 10 * 10 + 9, 12, 31)


def long_term(match: re.Match, published: date) -> date:
    return add_span(published, 3, "year")
