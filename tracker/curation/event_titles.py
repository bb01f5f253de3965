"""Questions about an event rather than an actor's act ("Will there be a strike …?", "Will Putin visit North Korea
…?"), and the title's own shape (its text and date). Pure Python (standard library only); drafting.py builds the
rest."""

import re
from dataclasses import dataclass, field
from datetime import date

from tracker.curation.attribution import DATELINE
from tracker.curation.cues import LIKELY_EVENT, PERCENTAGE, POSSIBLE
from tracker.curation.subject_words import sentence_case
from tracker.curation.subjects import name_subject
from tracker.curation.title_form import title_form_flags


@dataclass(frozen=True)
class Title:
    text: str
    flags: list[str] = field(default_factory=list)
    actor: str = ""  # the subject as named in the title
    event: str = ""  # the verb phrase, without the deadline


def format_day(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def title_text(subject: str, predicate: str, deadline: date, until: bool = False) -> str:
    text = f"Will {subject} {predicate} {'until' if until else 'by'} {format_day(deadline)}?"
    if sum(text.count(mark) for mark in '"“”') % 2:
        text = re.sub(r'\s*["“”]\s*', " ", text)  # a quotation cut in two: its marks go, its words stay
    return re.sub(r"\s+", " ", text).replace(" ,", ",")


# A sentence whose subject is a named visitor's visit to come: "Putin's expected visit to North Korea …".
_EXPECTED_VISIT = re.compile(
    r"^(?P<actor>(?:[A-Z][\w.-]*\s+){0,5}[A-Z][\w-]*)['’]s\s+(?:expected|planned|anticipated|upcoming|proposed|"
    r"scheduled|possible|rumou?red|long-awaited)\s+(?:(?:state|official|first)\s+)?(?:visit|trip)\s+to\s+"
    r"(?P<place>(?:the\s+)?(?:[A-Z][\w-]*\s*){1,4})"
)


# "A Boeing strike is looking more likely", "A deal is likely this week": no verb, the noun is the event
# ("As each hour passes, a strike becomes more and more likely", "… and said a strike appears likely")
_EVENT_LIKELY = re.compile(
    r"(?:^|,\s+(?:and\s+|but\s+)?|\b(?:said|says|saying)\s+(?:that\s+)?)(?P<event>(?:an?\s+)?(?:[\w’'/%-]+\s+){0,6}?[\w’'/%-]+)\s+(?:(?:is|are)\s+(?:(?:more|increasingly|very|highly)\s+)?"
    r"(?:likely|certain|inevitable|imminent)\b(?!\s+(?:to|that)\b)|" + LIKELY_EVENT + r")",
    re.I,
)


def _mid_question(event: str, proper_nouns: frozenset[str], common_words: frozenset[str]) -> str:
    """The event's words as they read after "Will there be": an opening article or "Up to" in lower case too."""
    event = sentence_case(event, proper_nouns, common_words)
    return re.sub(r"^(?:A|An|The|Up(?=\s+to\b))\b", lambda opener: opener.group(0).lower(), event)


def likely_event(
    cleaned: str, deadline: date, proper_nouns: frozenset[str], common_words: frozenset[str]
) -> Title | None:
    """ "A Boeing strike is looking more likely": "Will there be a Boeing strike by …?"."""
    found = _EVENT_LIKELY.search(cleaned)
    if found is None or found["event"].lower() in ("it", "this", "that", "such", "which", "what"):
        return None
    event = _mid_question(found["event"], proper_nouns, common_words)
    if re.match(r"the\s", event):  # "the July vote is considered a formality": it takes place, or not
        _, unnamed = name_subject(event, "take place", named_before=[], earlier_mentions=[], earlier_text="")
        flags = [unnamed] if unnamed else []
        flags += title_form_flags(event, "take place", subject_flagged=bool(unnamed))
        return Title(f"Will {event} take place by {format_day(deadline)}?", flags, actor=event, event="take place")
    # ("Strong wind gusts are forecast in the Tampa Bay area during the landfall": where they come, not when)
    where = _WHERE.match(cleaned[found.end() :])
    return _there_will_be(event + (where["where"] if where else ""), deadline)


_WHERE = re.compile(
    r"(?P<where>\s+(?:in|across|along|over|around|near)\s+[^,;.]+?)"
    r"(?=\s+(?:during|for|on|by|before|until|this|next|later|from|as|when|after)\b|\s*[,;.]|\s*$)",
    re.I,
)


def _there_will_be(event: str, deadline: date) -> Title:
    """ "Will there be a strike by …?": the question when the event itself is the forecast."""
    return Title(
        f"Will there be {event} by {format_day(deadline)}?",
        title_form_flags("there", f"be {event}"),
        actor="",
        event=f"be {event}",
    )


# "Wind gusts of more than 74 mph are possible on the east coast": the event possible, where it comes with it
_POSSIBLE_EVENT = re.compile(
    r"^(?P<event>(?!(?:it|this|that|anything|everything|nothing|much|more|all)\s)(?:[\w’'/%-]+\s+){0,8}?[\w’'/%-]+)\s+"
    r"(?:is|are)\s+(?:also\s+|still\s+|now\s+)?" + POSSIBLE + r"(?P<where>\s+(?:on|in|at|from|across|along|over|around|"
    r"near|for)\s+[^,;.]+?)?\s*(?:[.;,]|$)",
    re.I,
)


# "There is an increasing risk of damaging winds along the coast", "The NHC warns of possible tornado activity
# along …", "power outages should be expected": the event itself is forecast
_RISK_OF_EVENT = re.compile(
    # ("there is a 70 percent to 80 percent chance of a magnitude 8 to 9 quake occurring along …")
    r"(?:^|\b(?:said|says|believe|believes|estimate|estimates)\s+(?:that\s+)?)(?:there\s+is|there['’]s)\s+(?:an?\s+)?(?:"
    + PERCENTAGE
    + r")?(?:(?:increasing|growing|rising|high|significant|real)\s+)?"
    r"(?:risk|threat|likelihood|possibility|chance)\s+of\s+(?P<event>[^,;.]+?)\s*(?:[.;,]|$)|"
    r"\bwarns?\s+of\s+(?:possible|potential)\s+(?P<warned>[^,;.]+?)\s*(?:[.;,]|$)|"
    r"(?:^|\bthat\s+)(?P<expected>(?:[\w’'-]+\s+){0,4}?[\w’'-]+)\s+should\s+be\s+expected\s*(?:[.;,]|$)|"
    # ("Clouds are in the forecast for Central and East Texas")
    r"^(?P<forecast>(?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+(?:is|are)\s+in\s+the\s+forecast"
    r"(?:\s+(?:for|in|across|over)\s+(?P<where>[^,;.]+?))?(?:\s+(?:ahead\s+of|before)\b[^,;.]*)?\s*(?:[.;,]|$)",
    re.I,
)


def possible_event(
    cleaned: str, time_phrase: str, deadline: date, proper_nouns: frozenset[str], common_words: frozenset[str]
) -> Title | None:
    """ "Up to 18 inches of rain is possible from Tampa to Orlando": "Will there be up to 18 inches of rain from
    Tampa to Orlando by …?" (its time phrase is the title's date); so too a risk of it, or a warning of it."""
    text = " ".join((cleaned.replace(time_phrase, " ") if time_phrase else cleaned).split())
    risk = _RISK_OF_EVENT.search(text)
    if risk is not None:
        named = risk["expected"] or risk["forecast"]
        event = risk["event"] or risk["warned"] or _mid_question(named, proper_nouns, common_words)
        event = re.sub(r"\s+(?:occurring|happening|taking\s+place)\b", "", event)  # ("a quake occurring along …")
        event += f" in {risk['where']}" if risk["where"] else ""
        return _there_will_be(event, deadline)
    found = _POSSIBLE_EVENT.match(text)
    if found is None:
        return None
    event = _mid_question(found["event"], proper_nouns, common_words) + (found["where"] or "")
    return _there_will_be(re.sub(r"\s+", " ", event), deadline)


# "it expects a "gradual return" of the fleet through early February": the event expected, with no verb
# ("92 of 101 economists expect a 25-basis-point cut when …", "many predict a more cautious approach", "their
# assessment strongly points to a 25-basis-point cut": the event foreseen, by whoever foresees it)
_EXPECTED_EVENT = re.compile(
    r"\b(?:expect(?:s|ed)?|anticipat(?:es?|ed)|predict(?:s|ed)?|forecast(?:s|ed)?|points?\s+to|pricing\s+in)\s+"
    r"(?P<event>(?:an?|another|several|over|more\s+than|at\s+least)\s+[\"“]?[\w’'-]+(?:[\"”]?\s+[\w’'-]+){0,6}?[\"”]?)"
    r"(?=\s+(?:through|by|before|until|next|this|later|soon|within|over|when|after)\b|\s*[.,;]|\s*$|"
    r"\s+on\s+(?:\d|[A-Z][a-z]+\.?\s+\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))",  # ("… cut on March 18")
    re.I,
)


def expected_event(
    sentence: str, deadline: date, proper_nouns: frozenset[str], common_words: frozenset[str]
) -> Title | None:
    """ "Alaska Airlines said it expects a gradual return of the fleet": "Will there be a gradual return …?"."""
    found = _EXPECTED_EVENT.search(sentence)
    if found is None:
        return None
    return _there_will_be(re.sub(r"[\"“”]", "", found["event"]), deadline)


# "It could be several hours until power is fully restored": what is done at the span's end is the question
_SPAN_UNTIL = re.compile(
    r"^it\s+(?:could|may|might|will|would)\s+(?:be|take)\s+[^,]{2,60}?\s+(?:until|before)\s+"
    r"(?P<subject>(?:[\w’'-]+\s+){0,5}?[\w’'-]+)\s+(?:is|are)\s+(?P<rest>[^,;]+?)\s*(?:[,;]|$)",
    re.I,
)


def span_until_event(
    cleaned: str, deadline: date, proper_nouns: frozenset[str], common_words: frozenset[str]
) -> Title | None:
    """ "It could be several hours until power is fully restored": "Will power be fully restored by …?"."""
    found = _SPAN_UNTIL.match(cleaned)
    if found is None:
        return None
    subject = _mid_question(found["subject"], proper_nouns, common_words)
    event = f"be {found['rest']}"
    return Title(title_text(subject, event, deadline), title_form_flags(subject, event), actor=subject, event=event)


def expected_visit(sentence: str, deadline: date) -> Title | None:
    """ "Putin's expected visit to North Korea next week is …": the visit is the forecast. Read before the
    attribution is taken out, which would read "expected" as a frame."""
    visit = _EXPECTED_VISIT.match(DATELINE.sub("", sentence).strip())
    if visit is None:
        return None
    event = f"visit {visit['place'].strip()}"
    return Title(title_text(visit["actor"], event, deadline), [], actor=visit["actor"], event=event)
