"""Who speaks in a quotation a draft is built on: '"We look forward to closing …," Twitter said' is Twitter's forecast,
'"It will move inland," Kines said' is not about Kines. Pure Python (standard library only); drafting.py asks it of
a title's subject."""

import re

from tracker.curation.actors import looks_like_person
from tracker.curation.subjects import FLAG_READ_FROM_AFAR

FLAG_WE_AS_SAYER = "“We” was read as the one quoted, “{actor}”: check whether the question means them or their side."

# Who is quoted, after the quotation: '"It will move inland," Kines said.'
QUOTE_SAYER = re.compile(
    r"[,!?][\"”]\s+(?P<name>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.’'-]*|he|she)\s+"
    r"(?:said|says|added|told|affirmed|declared|stated|insisted|warned|wrote)\b"
)


# "Take-Two CEO Strauss Zelnick": an organisation's officer, whose "we" is the organisation
_OFFICER_OF = re.compile(
    r"^(?P<organisation>(?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w.’'-]*)\s+(?:CEO|Chief\s+Executive|Chairman|Chairwoman|"
    r"Spokesman|Spokeswoman|Spokesperson)\s+(?:[A-Z][\w.’'-]*\s*){1,3}$"
)


def pronoun_read_as_the_sayer(sentence: str, pronoun: str, actor: str) -> str | None:
    """'"It will move inland …," Kines said': what "it" is, the quotation told before; the sayer is not it."""
    sayer = QUOTE_SAYER.search(sentence)
    if sayer and pronoun.lower() in ("it", "they") and actor == sayer["name"]:
        return FLAG_READ_FROM_AFAR.format(pronoun=pronoun, actor=actor)
    return None


def speaker_of_we(sentence: str, subject: str) -> tuple[str, str]:
    """'"We look forward to closing …," Twitter said': "we" and "I" are the one quoted; a person's "we" may be
    their side, which the curator checks."""
    sayer = QUOTE_SAYER.search(sentence)
    if sayer is None or subject.lower() not in ("we", "i"):
        return subject, ""
    name = sayer["name"]
    if name.lower() in ("he", "she"):  # '"I will not sign …," he said': the pronoun, resolved like any other
        return (name.lower(), "") if subject.lower() == "i" else (subject, "")
    office = _OFFICER_OF.match(name)
    if office and subject.lower() == "we":  # '"We will release …," Take-Two CEO Strauss Zelnick told IGN': Take-Two
        return office["organisation"], ""
    side = subject.lower() == "we" and looks_like_person(name)
    return name, FLAG_WE_AS_SAYER.format(actor=name) if side else ""


def we_as_a_person(pronoun: str, named: str) -> str:
    """The flag when a quoted "we" was named as a person only once the surname was read in full ('"We will strike
    …," Fain said' after "UAW President Shawn Fain"); "" otherwise."""
    if pronoun.lower() == "we" and named.lower() != "we" and looks_like_person(named):
        return FLAG_WE_AS_SAYER.format(actor=named)
    return ""
