"""Draft a publishable question from a forecasting sentence: "Will <actor> <verb phrase> by <deadline>?".

Pure Python (standard library only). The sentence loses what a question must not keep: a dateline, the
attribution ("…, the official said", "according to …", "Analysts expect …"), the hedge ("could", "is likely to",
"probably": a question asks about the plain future), the time expression (the title states the deadline itself)
and trailing clauses. Who acts is named by tracker/curation/subjects.py. What cannot be made clean is not guessed:
the draft carries a flag saying what a curator must fix.
"""

import re
from datetime import date
from functools import lru_cache

from tracker.curation.actors import mentions
from tracker.curation.attribution import strip_attribution
from tracker.curation.cues import (
    BY_A_DATE,
    CHANCE_OF,
    EXPECTED_WHEN,
    GERUND_INTENT,
    HEADLINE_ON_TRACK,
    LOOKS_SET_TO,
    MAKING_ARRANGEMENTS,
    NOUN_PLANS,
    ON_COURSE_TO,
    ON_SCHEDULE_FOR,
    ON_TRACK,
    ON_TRACK_REPORTED,
    PLAN_UNDER_WAY,
    PUSHING,
    REQUIRED_TO,
    RISKS,
    RUMORED_TO,
    SAID_TO_BE,
    SCHEDULED_DATED,
    SCHEDULED_ON_DATE,
    SEEN_AS,
    SET_FOR,
    TARGETING_TO,
    TOUTED_AS_LIKELY,
    UNTIL_TO,
    WILL_WITH_ASIDE,
)
from tracker.curation.event_titles import (
    Title,
    expected_event,
    expected_visit,
    format_day,
    likely_event,
    possible_event,
    span_until_event,
    title_text,
)
from tracker.curation.main_clause import is_main_clause
from tracker.curation.quoted import pronoun_read_as_the_sayer, speaker_of_we, we_as_a_person
from tracker.curation.subject_words import PLAN_OF, clean_subject, sentence_case, without_its_month
from tracker.curation.subjects import name_subject
from tracker.curation.title_form import flags_on_the_title, title_form_flags
from tracker.curation.verb_phrase import (
    CLAUSE_END,
    DANGLING,
    LEFTOVER_TIME,
    PHRASAL_VERB,
    SPAN_TAKEN,
    act_of_event_noun,
    drop_last_phrase,
    verb_phrase_of,
)

MAX_TITLE_CHARS = 150

# Flags a curator sees on a draft (each also lowers the confidence that it is publishable as drafted).
FLAG_NO_VERB = "No forecasting verb to build the question on: write the question by hand."
FLAG_CUT = "The verb phrase ends mid-clause (“{tail}”): complete it."
# What keeps an over-long title long, named (a bare "too long" sent the curator looking).
FLAG_LONG_SUBJECT = "The subject “{subject}” describes instead of naming ({length} characters): name who acts."
FLAG_LONG = "The question is {length} characters, over {limit}: its verb phrase runs on (“{tail}”); cut it there."
FLAG_CONDITION = "The forecast holds only under a condition (“{condition}”): decide whether the question keeps it."
FLAG_OTHER_CLAUSE = "The deadline (“{phrase}”) belongs to another forecast in the sentence: check it dates this one."
FLAG_LIST_CUT = "Shortening cut a list after “{items}” (“{rest} …” was dropped): keep the whole list or none of it."
FLAG_TIME_LEFT = "A time phrase is left in (“{phrase}”): the title's date says when; rewrite it around that date."
FLAG_TWO_VERBS = "The title runs two clauses together (“{verb}” after its subject): keep the one the question asks."
FLAG_TERM = "“{term}” is the article's term for something: say what it is."
FLAG_ANYONE = "The subject “{subject}” names no one in particular: ask about one actor's act."
FLAG_DUMMY_IT = "“It would take … to {verb}” names no one: say who is to {verb}."
FLAG_CAUSE = "The question asks whether “{cause}” makes {actor} act: ask whether {actor} does."

# "Analysts expect the central bank to cut rates" → subject "the central bank", verb "cut rates".
_EXPECT_TO = re.compile(
    r"\b(?:expects?|expected|(?:are|is|am|['’]re)\s+expecting|anticipates?|anticipated|predicts?|forecasts?|"
    + ON_SCHEDULE_FOR
    + r")\s+"
    r"(?!(?:expects?|predicts?|forecasts?)\b)"
    # the subject holds no verb of its own; an aside "…, with the participation of …" may follow it
    # (nor a relative clause: "expects a deal that allows Ukraine to export grain … would be extended")
    # (nor an infinitive: "they expect to be able to restore navigation" expect to act themselves)
    r"(?!to\s)(?P<subject>(?:(?!\b(?:is|are|was|were|has|have|had|will|that|which|who)\b)[^,;]){2,80}?"
    # ("expects Beryl, which had 65 mph winds on Sunday, to become a hurricane": a relative aside on the object)
    r"(?:,\s*with\s+[^,;]{2,80}?,?|,\s*which\s+[^,;]{2,80},)?)"
    # ("anticipates a return to normal operations": a noun's "to", no verb)
    r"\s+to\s+(?!(?:normal|full|the|a|an|its|their|pre-\w+)\b)(?P<verb>(?-i:[a-z])\w*)",
    re.I,
)
_MODAL = re.compile(
    # ("might be willing to sell": the verb after "willing to"; before the bare modal, which would stop at "might")
    r"\b(?:(?:will|would|could|may|might)\s+be\s+(?:willing|ready|prepared|able)\s+to|"
    r"(?:won|wouldn|couldn|can)['’]t|will|would|could|may(?!\s+\d)|might|can|shall|" + TOUTED_AS_LIKELY + r"|"
    # ('are "most likely" to', "is currently scheduled to")
    r"(?:is|are|am|was|were|(?<=\w)['’](?:s|re|m))\s+[\"“'‘]?(?:(?:widely|now|also|increasingly|very|highly|more|most|not|currently|still|all|"
    r"tentatively|already|reportedly|again|then|later|first)[\"”'’]?\s+)?"
    r"(?:likely|unlikely|expected|set|poised|due|slated|scheduled|projected|predicted|forecast|going|about|bound|certain|assumed|anticipated|"
    r"sure|ready|prepared|favou?red)[\"”]?\s+to|" + LOOKS_SET_TO + r"|" + ON_COURSE_TO + r"|"
    r"(?:" + NOUN_PLANS + r"|planned|intends?|intended|aims?|aimed|threatens?|threatened|vows?|vowed|pledges?|pledged|"
    r"promises?|promised|hopes?|seeks?|wants?|decided|proposed|proposes?|agreed|"
    r"(?:is|are|was|were)\s+(?:(?:now|also|still)\s+)?(?:pledging|planning|intending|vowing|threatening|aiming|preparing|readying|hoping|looking)|"
    + PUSHING
    + r")\s+to"
    r"(?!\s+(?:a|an|the|its|their|his|her|this|these|that)\s)|"  # "agreed to a prisoner exchange": no verb
    r"(?:is|are)\s+to|(?:expects?|expected)\s+to|(?:have|has)\s+to|" + TARGETING_TO + r"|" + WILL_WITH_ASIDE + r"|"
    r"(?:a|the|its|his|her|their)\s+plans?\s+(?:(?-i:[A-Z])\w+\s+)?to|"  # "unveiled a plan Thursday to double …"  # "The president is to visit Seoul", "The EU expects to get"
    # "The congress is expected in the coming weeks", "the decision is due Monday": no verb follows; the title
    # asks whether it takes place, or comes.
     + SET_FOR + r"(?=\s)|(?:is|are)(?=\s+scheduled\s*[.!]?\s*$)|"  # "the drills are scheduled for Feb. 22"
    # "is expected on Wednesday to visit": the verb comes after the day
    r"(?:is|are)\s+expected\s+(?:(?:on|in|by|this|next)\s+\w+|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"today|tomorrow)\s+to|"  # ("Parliament is expected Friday to ratify …")
     + EXPECTED_WHEN + r"|"
    # "Voters are heading to the polls on Friday", "a delegation is arriving in Doha on Tuesday": a plan under way
    r"(?:is|are)(?=\s+" + PLAN_UNDER_WAY + r")|"
    # "McCarthy heads to the White House today to meet Biden": a trip in the present tense, dated, is a plan
    r"(?=\s+" + SCHEDULED_DATED + r")|(?=\s+" + SCHEDULED_ON_DATE + r")|" + SAID_TO_BE + r"|" + RUMORED_TO + r"|"
    # "an election must be held within 60 days, likely in early June": the obligation with its likely date
    r"must(?=\s+be\s+\w+\b[^.;]*,\s+(?:most\s+|very\s+)?likely\s+(?:in|by|on|before|around)\b)|must"
    + BY_A_DATE
    + r"|"
    + UNTIL_TO
    + r"|"
    + GERUND_INTENT
    + r"(?=\s+\w+ing\b)|"  # "look forward to closing": the gerund becomes the verb
    + MAKING_ARRANGEMENTS
    + r"|"
    + ON_TRACK
    + r",?|"  # ("is on track, and shipping … has started": the comma closes it)
    + ON_TRACK_REPORTED
    + r"|"
    + RISKS
    + r"|"
    # "is considering sending": the gerund becomes the title's verb.
    r"(?:is|are|was|were)\s+(?:(?:also|now|still)\s+)?(?:considering|weighing|mulling|contemplating)(?=\s+\w+ing\b)|"
    # "the BOJ is also seen by analysts as scrapping …": the gerund becomes the verb
     + SEEN_AS + r"|" + CHANCE_OF + r"|" + REQUIRED_TO + r"|(?:need|needs)\s+to(?=\s+be\s))\s+",
    re.I,
)


_PRONOUN_OF = {"his": "he", "her": "she", "its": "it", "their": "they", "our": "we", "my": "I"}
_POSSESSIVE_PLAN = re.compile(
    r"^(?P<owner>"
    + "|".join(_PRONOUN_OF)
    + r")\s+(?:\w+\s+)?(?:plan|aim|goal|intention|objective|priority|task|mission)$",
    re.I,
)


def draft_title(
    sentence: str,
    *,
    deadline: date,
    deadline_span: tuple[int, int] | None = None,
    earlier_mentions: list[list[str]] | None = None,
    proper_nouns: frozenset[str] = frozenset(),
    earlier_text: str = "",
    common_words: frozenset[str] = frozenset(),
) -> Title:
    """A question from a forecasting sentence, with flags for what a curator must still fix."""
    cleaned, found_at, expected, modal, subject_end = _forecast_clause(sentence)
    offset = max(found_at, 0)
    flags: list[str] = []
    # ("Putin's expected visit to …", "It could be several hours until power is restored": the event is the question)
    event_title = expected_visit(sentence, deadline) or span_until_event(cleaned, deadline, proper_nouns, common_words)
    if event_title is not None:
        return event_title
    time_phrase = sentence[deadline_span[0] : deadline_span[1]] if deadline_span else ""
    if expected:
        subject = clean_subject(expected["subject"])
        predicate_start = expected.start("verb")
    elif modal is not None:
        subject = clean_subject(cleaned[:subject_end])
        predicate_start = modal.end()
    else:
        return (
            likely_event(cleaned, deadline, proper_nouns, common_words)
            or possible_event(cleaned, time_phrase, deadline, proper_nouns, common_words)
            or expected_event(sentence, deadline, proper_nouns, common_words)
            or Title(f"Will this happen by {format_day(deadline)}?", [FLAG_NO_VERB])
        )
    subject = without_its_month(subject, time_phrase)
    if modal is not None and re.fullmatch(r"(?:is|are|was|were)\s+to\s*", modal.group(0), re.I):
        owner = PLAN_OF.match(subject)  # "Seoul's immediate plan is to send …": Seoul sends
        mine = _POSSESSIVE_PLAN.match(subject)  # "His aim is to bring about …": he brings about
        subject = (owner["owner"] or owner["of"]) if owner else _PRONOUN_OF[mine["owner"].lower()] if mine else subject
    predicate, condition = verb_phrase_of(
        cleaned[predicate_start:], time_phrase, scheduled=modal is not None and not modal.group(0).strip()
    )
    if (
        modal is not None
        and predicate_start == modal.end()
        and re.search(
            r"(?:expected|anticipated|due|for|track|schedule|(?:confirmed|set|fixed)\s+as),?$", modal.group(0).strip()
        )
    ):
        # "The congress is expected in the coming weeks", "the final decision is due Monday"
        # (results, a ruling or a decision come; a congress takes place)
        comes = re.search(
            r"\b(?:results?|ruling|verdict|decision|outcome|figures|data|report|response)(?:\s+(?:on|of|in|about)\s.*)?$",
            subject,
            re.I,
        )
        happens = "come" if modal.group(0).strip().endswith("due") or comes else "take place"
        where = re.match(r"(?:in|across|along|near|over)\s.+", predicate)  # "is anticipated tonight across parts of …"
        predicate = act_of_event_noun(predicate) or " ".join([happens, where.group(0)] if where else [happens])
    # ("Upon successful landing, X will …", "Once the licence arrives, …": a condition too)
    leading_condition = re.search(
        r"\b(?:if|unless|upon|once|in\s+the\s+event\s+of)\s+[^,]{3,120},", cleaned[:predicate_start], re.I
    )
    if leading_condition and not condition:
        condition = leading_condition.group(0).rstrip(",")  # "If the US agrees, the EU will vote": flagged below
    if condition:
        flags.append(FLAG_CONDITION.format(condition=condition))
    before = sentence[: offset + predicate_start]  # the sentence up to the verb phrase
    pronoun = subject
    subject, we_flag = speaker_of_we(sentence, subject)
    subject, unnamed = name_subject(
        subject,
        predicate,
        # ("during a meeting with Zelenskyy, he announced …": a name after a preposition is not who "he" is)
        named_before=mentions(_PREPOSITIONAL_NAME.sub(" ", before), proper_nouns),
        earlier_mentions=earlier_mentions or [],
        earlier_text=earlier_text,
    )
    unnamed = unnamed or pronoun_read_as_the_sayer(sentence, pronoun, subject)
    unnamed = _dummy_it(pronoun, time_phrase, predicate) or unnamed
    we_flag = we_flag or we_as_a_person(pronoun, subject)
    flags += [flag for flag in (unnamed, we_flag) if flag]
    subject = sentence_case(subject, proper_nouns, common_words)
    subject = _NAMED_THING.sub(r"the \g<0>", subject)  # "Black Sea grain deal" → "the Black Sea grain deal"
    subject = re.sub(r"^(?:U\.S\.|US|U\.K\.|UK|EU|UN|U\.N\.)$", r"the \g<0>", subject)  # headlinese "U.S. Could …"
    person = re.search(r"(?:[A-Z][a-z]+\s+){1,2}[A-Z][a-z]+$", subject)
    if len(subject) > 60 and person and re.match(r"^(?:[A-Z][\w-]*\s*)+(?:of\s+the\s+)", subject):
        subject = person.group(0)  # "Director General of the International Atomic Energy Agency (IAEA) Rafael Grossi"
    flags += _form_flags(subject, predicate)
    # "Kim is expected to stay in Russia until Friday": staying is asked about up to the day, not by it.
    negated = re.search(r"\b(?:not|never|n['’]t)\b", cleaned[: predicate_start + 12])
    until = not negated and bool(
        re.match(r"(?:until|till)\b", time_phrase, re.I)
        and re.match(
            r"(?:stay|remain|continue|keep|last|hold|maintain|extend|persist|be(?!\s+complete\b))\b", predicate
        )
    )
    spans = re.match(r"(?:through|throughout|until|till)\b", time_phrase, re.I)
    goes_on = _GOES_ON.search(predicate)
    if not until and not spans and goes_on:  # ("stay open through the spring" says how long)
        flags.append(FLAG_GOES_ON.format(words=goes_on.group(0)))
    text = title_text(subject, predicate, deadline, until)
    full_predicate = predicate
    while len(text) > MAX_TITLE_CHARS:
        shorter = drop_last_phrase(predicate)
        if shorter == predicate:
            break
        predicate, text = shorter, title_text(subject, shorter, deadline, until)
    if len(text) > MAX_TITLE_CHARS:
        flags.append(_long_title_flag(subject, predicate, len(text)))
    other_clause = _deadline_of_another_clause(sentence, predicate, offset + predicate_start, deadline_span)
    if other_clause:
        flags.append(FLAG_OTHER_CLAUSE.format(phrase=other_clause))
    rest = full_predicate[len(predicate) :].lstrip(" ,")
    if predicate != full_predicate and re.search(r",\s+[^,]+$", predicate) and re.match(r"(?:and|or)\s", rest):
        flags.append(FLAG_LIST_CUT.format(items=predicate.rsplit(",", 1)[1].strip(), rest=" ".join(rest.split()[:3])))
    flags = flags_on_the_title(flags, text) + title_form_flags(subject, predicate, subject_flagged=bool(unnamed))
    return Title(text, flags, actor=subject, event=predicate)


def _dummy_it(pronoun: str, time_phrase: str, predicate: str) -> str | None:
    """ "it would take 6 to 10 hours to fully restore electricity": "it" stands for no one, whatever name is near."""
    if pronoun.lower() != "it" or not SPAN_TAKEN.match(time_phrase):
        return None
    verb = next((word for word in predicate.split() if not word.endswith("ly")), "act")
    return FLAG_DUMMY_IT.format(verb=verb)


# "Will the grounding continue by 9 January?": going on asks nothing that is settled by a day (on the judged titles,
# 7 sent back, none passed)
_GOES_ON = re.compile(r"\b(?:continue|remain(?:\s+\w+)?|stay(?:\s+\w+)?)$")
FLAG_GOES_ON = "“{words}” by a date settles nothing: ask whether it still holds on that day, or whether it ends."


# A thing named by capitalised words and a common noun wants "the": "Black Sea grain deal will expire".
_NAMED_THING = re.compile(
    r"^(?:[A-Z][\w-]*\s+)+(?:[a-z]+\s+)?(?:deal|agreement|initiative|summit|talks|treaty|pact|corridor|package|"
    r"programme|program|plan|mission|council|conference)$"
)


_PREPOSITIONAL_NAME = re.compile(
    r"\b(?:with|against|between|alongside|from)\s+(?:(?:[A-Z][\w.’'-]*|of|the)\s+){0,5}[A-Z][\w’'-]*"
)


_ON_TRACK_TO = re.compile(r"on\s+(?:track|course)\s+to\s+", re.I)


def _forecast_verb(cleaned: str) -> tuple[re.Match | None, int]:
    """The main clause's modal and where its subject ends. "Ministers had planned to attend …, but would now meet
    Kerry on Saturday": the plan was dropped, so the later verb is the forecast, of the same subject."""
    candidates = [
        found
        for found in _MODAL.finditer(cleaned)
        if is_main_clause(cleaned[: found.start()])
        # ("This celestial event, expected to draw millions, will see …": a participle's aside, not the verb)
        and not (re.search(r",\s*$", cleaned[: found.start()]) and re.match(r"expected\s", found.group(0), re.I))
    ]
    opening = re.match(HEADLINE_ON_TRACK, cleaned, re.I)
    if not candidates and opening:  # "Crews on track to open …": the headline's verb follows "to"
        return _ON_TRACK_TO.match(cleaned, opening.end()), opening.end()
    if not candidates:
        return None, 0
    modal = candidates[0]
    if re.match(ON_TRACK, modal.group(0), re.I):  # "the game is on schedule and will be released in …": that verb
        later = next(
            (c for c in candidates[1:] if re.fullmatch(r",?\s*and\s+", cleaned[modal.end() : c.start()])), None
        )
        if later is not None:
            return later, modal.start()
    if re.search(r"\bhad\s+$", cleaned[: modal.start()]):
        later = next((c for c in candidates[1:] if re.search(r",\s*but\s", cleaned[modal.end() : c.start()])), None)
        if later is not None:
            return later, cleaned.rfind("had", 0, modal.start())
    return modal, modal.start()


# "In what could be a process taking around 30 years, TEPCO plans to …": the opening describes, the clause forecasts
_WHAT_COULD_BE = re.compile(r"^in\s+what\s+(?:could|would|may|might|will)\s+be\s+[^,]{3,100},\s+", re.I)


@lru_cache(maxsize=512)
def _forecast_clause(sentence: str) -> tuple[str, int, re.Match | None, re.Match | None, int]:
    """The sentence's forecasting clause without its attribution and where it stands in the sentence (-1 when its
    words moved), the "expect X to" match when it comes before the modal, the modal and where the modal's subject
    ends. Read once a sentence: the deadline's search (`forecast_verb_at`) and the title both need it."""
    cleaned = _own_clause(strip_attribution(sentence, _MODAL))
    cleaned = _WHAT_COULD_BE.sub("", cleaned)
    expected = _EXPECT_TO.search(cleaned)
    modal, subject_end = _forecast_verb(cleaned)
    if expected and modal is not None and expected.start() >= modal.start():
        expected = None
    return cleaned, sentence.find(cleaned), expected, modal, subject_end


def forecast_verb_at(sentence: str) -> int:
    """Where, in `sentence`, the verb of the forecast stands (0 when the rules find none): the time phrase that
    dates the forecast follows it, others before it date something else."""
    cleaned, found_at, expected, modal, _ = _forecast_clause(sentence)
    # ("We expect the Fed to cut … on September 18": the verb after "expect X to")
    at = expected.start("verb") if expected else modal.start() if modal is not None else None
    if at is None:
        return 0
    if found_at < 0:  # the cleaning moved words ("(NEW YORK) -" lost its brackets): find the verb's own words
        return max(sentence.find(cleaned[at : at + 30]), 0)
    return found_at + at


def _form_flags(subject: str, predicate: str) -> list[str]:
    """What is wrong with the title's form: a subject naming anyone, two clauses run together, a cut verb phrase."""
    flags = []
    if re.match(r"(?:any|every|each|no)\s+[a-z]", subject):  # "any effort to limit fossil fuel use will …"
        flags.append(FLAG_ANYONE.format(subject=subject))
    second_verb = _FINITE_VERB.search(subject)
    if second_verb:
        flags.append(FLAG_TWO_VERBS.format(verb=second_verb.group(0)))
    # "a bearish outlook could prompt OPEC+ to delay …": what resolves is whether OPEC+ delays
    cause = re.match(
        r"^(?:prompt|force|push|lead|drive|compel|spur|persuade|convince)\s+(?!(?:to|up|down|out|off)\b)(?P<actor>.{2,60}?)\s+to\s",
        predicate,
    )
    if cause and not _names_actor(subject):
        flags.append(FLAG_CAUSE.format(cause=subject, actor=cause["actor"]))
    leftover = LEFTOVER_TIME.search(subject) or LEFTOVER_TIME.search(predicate)  # "the deal on Sunday will …"
    # ("his first trip since taking office last year": the year measures "first", it dates nothing)
    if leftover and not re.search(r"\bsince\s+(?:[\w’'-]+\s+){0,3}$", predicate[: leftover.start()]):
        flags.append(FLAG_TIME_LEFT.format(phrase=leftover.group(0).strip()))
    # "the so-called X-date", but not "the so-called fragmentation of the bond market", which says what it is
    term = re.search(
        r"\bso-called\s+[\"“]?[\w’'-]+\b(?![\"”]?\s+(?:of|in|between|among|on)\s)", f"{subject} {predicate}"
    )
    if term:
        flags.append(FLAG_TERM.format(term=term.group(0)))
    last_word = predicate.split()[-1].lower().strip(",.") if predicate.split() else ""
    if not predicate or (last_word in DANGLING and not PHRASAL_VERB.search(predicate)):
        flags.append(FLAG_CUT.format(tail=" ".join(predicate.split()[-3:])))
    return flags


def _names_actor(subject: str) -> bool:
    """ "Sanctions could push Moscow to …" has no actor of its own as subject; "Beijing could push Moscow" has (a
    title's subject keeps its capital only when it names someone)."""
    return subject[:1].isupper()


def _long_title_flag(subject: str, predicate: str, length: int) -> str:
    """Why a title stays over MAX_TITLE_CHARS once its trailing adjuncts and any second clause are gone: a subject
    that describes rather than names, or a verb phrase that runs on (its last words quoted, where to cut)."""
    if len(subject) > 60:
        return FLAG_LONG_SUBJECT.format(subject=subject, length=len(subject))
    return FLAG_LONG.format(length=length, limit=MAX_TITLE_CHARS, tail=" ".join(predicate.split()[-6:]))


_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|does|do|did)\b", re.I)
# "…, and Seoul will send …": a clause of its own after a comma and a conjunction (or a semicolon).
_CLAUSE_JOIN = re.compile(
    r"(?:,\s*(?:and|but|while|whereas)|;)\s+(?=[A-Z]|the\b|(?:these|this|those|we|they|he|she)\s)"
)
# "… there was an agreement and the final decision is due Monday": a bare "and" joins clauses only after a verb.
# ("A wonderful trailer … broke the internet and more news will come from Rockstar": after a verb in the past too)
_BARE_AND = re.compile(
    r"\b(?:is|are|was|were|has|have|had|(?<!\bthe\s)(?<!\ba\s)(?<!\bbe\s)(?:[a-z]{3,}ed|broke|took|made|came|went|gave))"
    r"\b.*?\s(and)\s+(?=(?:the|more|further)\s)"
)


def _own_clause(text: str) -> str:
    """The clause that forecasts, when a sentence joins a statement and a forecast ("Around 8,000 troops are now
    stationed near Kursk, and Seoul will send observers …"): drafted alone, the forecast keeps its own subject."""
    joins = [(join.start(), join.end()) for join in _CLAUSE_JOIN.finditer(text)]
    joins += [(bare.start(1), bare.end()) for bare in _BARE_AND.finditer(text)]
    for start, end in sorted(joins):
        head, tail = text[:start], text[end:]
        if _MODAL.search(tail) and not _MODAL.search(head) and not _EXPECT_TO.search(head):
            return tail
    return text


def _deadline_of_another_clause(
    sentence: str, predicate: str, predicate_start: int, deadline_span: tuple[int, int] | None
) -> str:
    """The time phrase when it sits in a later clause with a forecast of its own ("…, with Seoul warning that more
    troops could come as early as July"): it dates that forecast, perhaps not this one. "" otherwise."""
    if deadline_span is None or not predicate:
        return ""
    tail = " ".join(predicate.split()[-2:])
    end = sentence.find(tail, predicate_start)
    if end < 0 or deadline_span[0] <= end + len(tail):
        return ""
    between = sentence[end + len(tail) : deadline_span[0]]
    if CLAUSE_END.search(between) and _MODAL.search(between):
        return " ".join(sentence[deadline_span[0] : deadline_span[1]].split())
    return ""


def criteria_skeleton(title: Title, due: date, sources: str) -> str:
    """Resolution criteria that name the actor, the event and the date of the title, and what counts as proof."""
    day = due.isoformat()
    if title.actor and title.event:
        claim = f"{title.actor} {title.event}"
        claim = claim[0].upper() + claim[1:]
        event = f"{claim}, on or before {day} (UTC)"
    else:
        event = f"the event of the title happens, on or before {day} (UTC)"
    return (
        f"Resolves YES if {event}, as confirmed by {sources}. Resolves NO if this has not happened by the end of "
        f"{day} (UTC). Curators: make the event specific and measurable before opening."
    )


NEWS_SOURCES = "credible reporting (at least two of Reuters, AP, AFP and Yonhap) or an official statement"
