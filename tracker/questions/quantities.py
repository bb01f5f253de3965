"""How a numeric or date question's values read: "12,000 troops", "3.5 billion USD", "14 March 2027".

Pure functions with no Django import. A date question's values are Unix seconds (UTC), shown as the day they fall
on in the reader's time zone where the caller passes one (UTC otherwise: notifications, the API's text)."""

import math
from datetime import UTC, datetime, tzinfo

_LARGE = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_number(value: float) -> str:
    """Three significant figures at most, thousands separated, large amounts in words: 12,300; 4.5 million; 0.25."""
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    for size, word in _LARGE:
        if magnitude >= size:
            return f"{_significant(value / size)} {word}"
    if magnitude >= 1000:
        return f"{round(value, -math.floor(math.log10(magnitude)) + 2):,.0f}"
    return _significant(value)


def _significant(value: float) -> str:
    if value == 0:
        return "0"
    digits = 3 - math.floor(math.log10(abs(value))) - 1
    rounded = round(value, digits)
    if digits <= 0:
        return f"{rounded:,.0f}"
    return f"{rounded:,.{digits}f}".rstrip("0").rstrip(".")


def format_date(seconds: float, zone: tzinfo = UTC) -> str:
    return datetime.fromtimestamp(seconds, tz=zone).strftime("%-d %B %Y")


def format_value(value: float, *, is_date: bool, unit: str = "", zone: tzinfo = UTC) -> str:
    """One value of a numeric question with its unit, or a date question's day."""
    if is_date:
        return format_date(value, zone)
    number = format_number(value)
    return f"{number} {unit}" if unit else number
