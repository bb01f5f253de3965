"""A claim asked as a number or a date (issue #32). "Will North Korea send 10,000 more troops to Russia by 30 June
2027?" also reads "How many more troops will North Korea send to Russia by 30 June 2027?", a numeric question whose
answer is a count the news reports, and "When will North Korea send 10,000 more troops to Russia?", a date question
whose range runs from the article's day to the claim's deadline, open after it (it may not happen by then). Pure
functions, no Django.

Only counts of things the story counts (troops, casualties, missiles, ...) and sums of money are read: a number in
a title is otherwise as likely a year, a rank or a resolution number. The range runs from 0 to a round number four
times the claimed amount, open above (the outcome may exceed it)."""

import math
import re
from dataclasses import dataclass
from datetime import date

# The nouns a count is of (plural), and how a question names the count.
COUNTED = (
    "troops|soldiers|personnel|workers|labou?rers|engineers|deminers|builders|casualties|deaths|dead|people|"
    "refugees|civilians|prisoners|missiles|shells|rounds|drones|rockets|tanks|vehicles|howitzers|launchers|sanctions"
)
_QUALIFIER = (
    r"(?:as\s+many\s+as|up\s+to|more\s+than|over|at\s+least|about|around|some|nearly|roughly|almost|an\s+estimated)"
)
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_SCALE = r"thousand|million|billion|bn|m"
_COUNT = re.compile(
    rf"(?:{_QUALIFIER}\s+)?(?P<number>{_NUMBER})(?:\s+(?P<scale>thousand|million|billion))?\s+"
    rf"(?P<extra>(?:more|additional|extra|new|further)\s+)?(?P<kind>(?:[A-Z][\w-]+\s+){{0,2}})?"
    rf"(?P<unit>{COUNTED})\b",
)
_MONEY = re.compile(
    rf"(?:{_QUALIFIER}\s+)?(?:US\s?\$|\$|USD\s?)(?P<number>{_NUMBER})(?:\s*(?P<scale>{_SCALE})\b)?"
    r"(?:\s+worth\s+of\s+(?P<goods>[\w-]+))?",
    re.I,
)
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}


@dataclass(frozen=True)
class NumericDraft:
    title: str
    unit: str
    value: float  # the amount the claim names
    range_min: float
    range_max: float

    def as_dict(self) -> dict[str, object]:
        return {
            "type": "numeric",
            "title": self.title,
            "unit": self.unit,
            "value": self.value,
            "range_min": self.range_min,
            "range_max": self.range_max,
        }


_BY_DEADLINE = re.compile(r"^Will (?P<event>.+?) by (?P<day>\d{1,2} [A-Z][a-z]+ \d{4})\?$")


def date_alternative(title: str, *, published: date, deadline: date) -> dict[str, object] | None:
    """The claim asked as a date: "When will <event>?", from the article's day to the deadline, open after it. Only
    for a drafted "Will <event> by <day>?" title whose deadline comes after the article."""
    match = _BY_DEADLINE.match(title)
    if match is None or deadline <= published:
        return None
    return {
        "type": "date",
        "title": f"When will {match['event']}?",
        "unit": "",
        "range_min": published.isoformat(),
        "range_max": deadline.isoformat(),
    }


def alternatives(title: str, *, published: date, deadline: date) -> list[dict[str, object]]:
    """Every other way to ask the claim: as a number when it names a count or a sum, as a date when it has a
    deadline."""
    found: list[dict[str, object]] = []
    if (numeric := numeric_alternative(title)) is not None:
        found.append(numeric.as_dict())
    if (dated := date_alternative(title, published=published, deadline=deadline)) is not None:
        found.append(dated)
    return found


def _amount(number: str, scale: str | None) -> float:
    return float(number.replace(",", "")) * _SCALES.get((scale or "").lower(), 1.0)


def round_up(value: float) -> float:
    """The next round number at or above `value`: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _question(title: str, start: int, end: int, asked: str) -> str | None:
    """`asked` ("How many more troops") before the title's question with the amount taken out."""
    rest = (title[:start] + title[end:]).strip()
    rest = re.sub(r"\s{2,}", " ", rest).replace(" ?", "?")
    if not rest.startswith("Will "):
        return None
    return f"{asked} will {rest[len('Will ') :]}"


def numeric_alternative(title: str) -> NumericDraft | None:
    """The same claim asked as a number, when the title's event is a count or a sum of money; None otherwise."""
    count = _COUNT.search(title)
    if count is not None:
        value = _amount(count["number"], count["scale"])
        kind = (count["kind"] or "").strip()
        extra = (count["extra"] or "").strip()
        unit = count["unit"].lower()
        noun = " ".join(part for part in (extra, kind, unit) if part)
        asked = _question(title, count.start(), count.end(), f"How many {noun}")
        if asked is None or value < 2:
            return None
        return NumericDraft(asked, unit, value, 0.0, round_up(value * 4))
    money = _MONEY.search(title)
    if money is not None:
        value = _amount(money["number"], money["scale"])
        goods = money["goods"]
        asked = _question(
            title,
            money.start(),
            money.end(),
            f"How many US dollars' worth of {goods}" if goods else "How many US dollars",
        )
        if asked is None or value < 1:
            return None
        return NumericDraft(asked, "USD", value, 0.0, round_up(value * 4))
    return None
