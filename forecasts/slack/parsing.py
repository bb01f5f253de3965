"""What people type after /signpost, read without Django: the sub-command, a question reference (a Signpost link,
as Slack wraps it, or a slug), a probability ("30%", "0.3", "30"), an option's label, three numbers or dates."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser  # type: ignore[import-untyped]

SLUG_IN_PATH = re.compile(r"/questions/([A-Za-z0-9_-]+)/?")
SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")
PROBABILITY = re.compile(r"^(\d+(?:\.\d+)?)\s*(%?)$")


class CommandError(ValueError):
    """The command cannot be read; the message says what to type instead."""


@dataclass(frozen=True)
class Command:
    name: str
    rest: str


def split_command(text: str) -> Command:
    words = text.strip().split(None, 1)
    if not words:
        return Command("help", "")
    return Command(words[0].lower(), words[1].strip() if len(words) > 1 else "")


def question_reference(token: str) -> str | None:
    """The slug a token names: a Signpost question link (bare or as Slack wraps it, <url|label>) or a slug."""
    token = token.strip()
    wrapped = SLACK_LINK.match(token)
    if wrapped:
        token = wrapped.group(1)
    in_path = SLUG_IN_PATH.search(token)
    if in_path:
        return in_path.group(1)
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", token):
        return token
    return None


def parse_probability(text: str) -> float:
    """ "30%", "30" and "0.3" are all 30%; what the forecast accepts (0.1%–99.9%) is checked by the forecast."""
    match = PROBABILITY.match(text.strip())
    if not match:
        raise CommandError(f"“{text.strip()}” is not a probability: type it as 30% (or 0.3).")
    value = float(match.group(1))
    if match.group(2) or value >= 1:
        value /= 100
    if not 0 < value < 1:
        raise CommandError("A probability is between 0% and 100%, both excluded.")
    return value


def split_reference(text: str) -> tuple[str | None, str]:
    """(the question's slug or None, what follows it). A link as Slack wraps it, <url|label>, is one token even
    when its label has spaces."""
    text = text.strip()
    if text.startswith("<") and ">" in text:
        token, _, rest = text[1:].partition(">")
        words = [f"<{token}>", rest.strip()] if rest.strip() else [f"<{token}>"]
    else:
        words = text.split(None, 1)
    if not words:
        return None, ""
    slug = question_reference(words[0])
    if slug is None:
        raise CommandError(
            f"“{words[0]}” is not a question: give its link or its slug, or type /signpost forecast to pick one."
        )
    return slug, words[1].strip() if len(words) > 1 else ""


def split_option(text: str) -> tuple[str, float]:
    """ "Option label 40%" → ("Option label", 0.4); quotes around the label are allowed."""
    words = text.strip().rsplit(None, 1)
    if len(words) != 2:
        raise CommandError("Name an option and its chance: /signpost forecast <question> <option> 40%.")
    return words[0].strip().strip("\"'“”"), parse_probability(words[1])


def parse_when(text: str, *, zone: str, now: datetime) -> datetime:
    """A date or time as people type it, in their time zone; a date alone means the end of that day."""
    zone_info = ZoneInfo(zone)
    when = dateparser.parse(
        text.strip(),
        settings={
            "PREFER_DATES_FROM": "future",
            "TIMEZONE": zone,
            "RETURN_AS_TIMEZONE_AWARE": True,
            "RELATIVE_BASE": now.astimezone(zone_info).replace(tzinfo=None),
        },
    )
    if when is None:
        raise CommandError(f"“{text.strip()}” is not a date I can read: try 30 June 2027 or 2027-06-30.")
    if when.timetz().replace(tzinfo=None) == time(0, 0):
        when = when + timedelta(days=1) - timedelta(minutes=1)
    return when


def split_ask(text: str) -> tuple[str, str]:
    """ "Will X happen? by 30 June 2027" → ("Will X happen?", "30 June 2027"), at the last " by "."""
    head, separator, tail = text.rpartition(" by ")
    if not separator or not head.strip() or not tail.strip():
        raise CommandError("Say when it closes: /signpost ask Will X happen? by 30 June 2027")
    return head.strip(), tail.strip()


def split_values(text: str) -> list[str]:
    """Three values, low median high, separated by spaces, commas or dashes between numbers."""
    words = [word for word in re.split(r"[\s,;]+", text.strip()) if word]
    if len(words) != 3:
        raise CommandError("Give three values, low median high: e.g. 2000 3000 4500.")
    return words
