"""Claim extraction: find the sentences of an article that forecast something, and draft a question for each.

Pure Python (standard library only, nothing downloaded): sentence splitting with character offsets, a scored set
of cues for forecasting language (modal and predictive verbs, expectations, plans, warnings, conditionals), cues
against (normative advice, embedded questions, hedges about the past or present), a title in question form, the
actors named, a deadline from any time expression (or a default horizon), a resolution-criteria skeleton and a
confidence. Rules are about English forecasting language in general, not about any one article.
"""

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date

from tracker.curation.actors import (
    KNOWN_ACTORS,  # noqa: F401 (part of this module's interface)
    actors,
    common_words_of,
    mentions,
    proper_nouns_of,
)
from tracker.curation.asides import (
    Aside,
    expects_clause,
    noun_aside,
    paving_clause,
    relative_forecast,
    scheduled_event,
    second_predicate,
    with_clause,
    without_party_tags,
)
from tracker.curation.attribution import TRAILING_ATTRIBUTION
from tracker.curation.cues import IMPLICIT_THRESHOLD, forecast_score, implicit_score
from tracker.curation.drafting import (
    NEWS_SOURCES,
    Title,
    criteria_skeleton,
    draft_title,
    forecast_verb_at,
    format_day,
)
from tracker.curation.headlines import MOST_WORDS as HEADLINE_MOST_WORDS
from tracker.curation.headlines import SOURCE_AFTER_COLON, headline_as_sentence, in_headline_case
from tracker.curation.quoted import QUOTE_SAYER
from tracker.curation.subject_words import with_its_article
from tracker.curation.time_expressions import find_deadline, firm_deadline


def a_year_after(published: date) -> date:
    """The default deadline: the same day a year on, as a curator writes it (not 365 days: a leap year made it a day
    short); 29 February becomes 28 February."""
    try:
        return published.replace(year=published.year + 1)
    except ValueError:
        return published.replace(year=published.year + 1, day=28)


THRESHOLD = 1.0

# --- sentences --------------------------------------------------------------------------------------------------

ABBREVIATIONS = {
    "a.m",
    "p.m",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "gov",  # ("Gov. Gen. Mary Simon")
    "sen",
    "rep",
    "capt",
    "sgt",
    "adm",
    "col",
    "lt",
    "st",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
# A sentence ends at final punctuation and a space, at a line break, or at a full stop run into the next sentence's
# capital ("the end of .Prior to that", "later Tuesday.A media outlet", text pasted without its spaces).
_BOUNDARY = re.compile(r"[.!?]['\"”’)\]]*\s+|\n+|(?<=[a-z\s])\.(?=[A-Z](?:[a-z]|\s))")
# A line without final punctuation is a heading, unless it is this long (a sentence whose full stop was lost).
HEADING_MOST_WORDS = 12


# Words that open a sentence and never follow an abbreviation inside one ("… Hakeem Jeffries, D-N.Y. The president
# on Monday …"; but "U.S. President", "Mr. Biden").
_OPENER = re.compile(r"(?:The|A|An|He|She|It|They|We|This|That|These|Those|His|Her|Their|Its|But|However|Meanwhile)\s")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    is_heading: bool


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    # ("D.C.", "a.m.": letters with dots between them abbreviate; "Xbox Series X/S." ends on a name, no initial)
    return (
        token in ABBREVIATIONS
        or (len(token) == 1 and token.isalpha() and not text[: word.start()].endswith("/"))
        or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))
    )


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their [start, end) offsets in `text`; lines without final punctuation are headings."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        lower_next = text[match.end() : match.end() + 1].islower() and text[match.start() - 1 : match.start()] != "."
        abbreviation = _is_abbreviation(text, match.start()) and not _OPENER.match(text, match.end())
        # ("… at 5 p.m.", "… of October 31st." ending a paragraph: a line break ends the sentence all the same)
        if match.group(0)[0] == "." and (abbreviation or lower_next) and "\n" not in match.group(0):
            continue  # "Mr. Biden", "at 11 a.m. on April 4": no sentence begins in lower case
        end = match.start() + (0 if match.group(0)[0] == "\n" else len(match.group(0).rstrip()))
        _add(sentences, text, start, end)
        start = match.end()
    _add(sentences, text, start, len(text), last=True)
    return sentences


# ("- The auctions will settle on June 1.", "Summary Nintendo delays …", "TL;DR Nintendo is delaying …": a list
# item's or a summary box's sentence)
_BULLET = re.compile(r"[-–•*·]\s+|(?:Summary|TL;\s?DR|TLDR)\s*[:—–-]?\s+(?=[A-Z])")
# The text's last line is a sentence without its full stop when it has this many words.
LAST_LINE_MOST_HEADING_WORDS = 5


def _add(sentences: list[Sentence], text: str, start: int, end: int, *, last: bool = False) -> None:
    while start < end and text[start].isspace():
        start += 1
    bullet = _BULLET.match(text, start, end)
    start = bullet.end() if bullet else start
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 3:
        return
    chunk = text[start:end]
    unterminated = chunk[-1] not in '.!?"”’)'
    most = LAST_LINE_MOST_HEADING_WORDS if last else HEADING_MOST_WORDS
    # (the text's first line, unpunctuated, is its headline: "…: Top Ukrainian diplomat" however long, another up to
    # a headline's length: "Bank of England expected to wait for more evidence that inflation is under control …")
    first_line = (
        start == 0
        and unterminated
        and "\n" in text[end : end + 2]
        and (bool(SOURCE_AFTER_COLON.search(chunk)) or len(chunk.split()) <= HEADLINE_MOST_WORDS)
    )
    # ("Fed Officials Are Expected to Cut Rates. The Question Is How Much.": a headline with its full stops)
    heading = chunk.startswith("#") or (unterminated and len(chunk.split()) <= most) or first_line
    heading = heading or (start == 0 and in_headline_case(chunk))
    sentences.append(Sentence(start, end, chunk, heading))


# --- deadlines --------------------------------------------------------------------------------------------------


def deadline(sentence: str, published: date) -> tuple[date, bool]:
    """(deadline, found in the text): from the sentence's time expression, else the default horizon."""
    found = find_deadline(sentence, published)
    if found is None:
        return a_year_after(published), False
    return found.date, True


def _shorten(text: str, max_words: int) -> str:
    words = text.split()
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def implicit_criteria(statement: str, due: date) -> str:
    return (
        f"Resolves YES if, on or before {due.isoformat()} (UTC), {NEWS_SOURCES} confirms that this still holds or "
        f"has come about: “{statement}” Resolves NO otherwise. Curators: this sentence implies a claim rather than "
        "forecasting one; turn it into a specific, measurable event before opening."
    )


# --- suggestions ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    quote: str
    start: int
    end: int
    title: str
    deadline: date
    deadline_from_text: bool
    actors: list[str]
    criteria: str
    confidence: float
    cues: list[str] = field(default_factory=list)
    # What a curator must fix before the draft is publishable (empty: publishable as drafted).
    flags: list[str] = field(default_factory=list)
    # "forecast": the sentence predicts in words; "implicit": a trend, inference, report or advice to track.
    kind: str = "forecast"

    def as_json(self) -> dict:
        return {
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "title": self.title,
            "deadline": self.deadline.isoformat(),
            "confidence": self.confidence,
            "flags": self.flags,
        }


def extract_claims(
    text: str, *, published: date | None = None, threshold: float = THRESHOLD, include_implicit: bool = False
) -> list[Suggestion]:
    """Every sentence of `text` that forecasts, as a draft question; `quote == text[start:end]`. With
    `include_implicit`, also the sentences that only imply a trackable claim, at a confidence below 0.35."""
    published = published or date.today()
    sentences = split_sentences(text)
    names = proper_nouns_of("\n".join(s.text for s in sentences if not s.is_heading))
    common = common_words_of(text)
    suggestions = []
    earlier: list[list[str]] = []  # the names each earlier sentence mentions, in the order of the text
    for index, sentence in enumerate(sentences):
        if sentence.is_heading:
            context = _Context(text, published, names, earlier[::-1], common_words=common)
            headline = _headline_forecast(sentence, context, threshold)
            if headline is not None:
                suggestions.append(headline)
            # ("Elon Musk" in the headline: "Musk" below is a person; but "Musk Says Tesla's Robotaxi Service" is
            # headline case, whose names are only those the text names)
            earlier.append(mentions(headline_as_sentence(sentence.text, names) or sentence.text, names))
            continue
        headlinese = _HEADLINESE_LINE.match(sentence.text) and forecast_score(sentence.text)[0] < threshold
        if headlinese:  # "Thailand's parliament to vote for new prime minister on July 13.": a summary's line
            context = _Context(text, published, names, earlier[::-1], common_words=common)
            suggestions += [draft for draft in [_headline_forecast(sentence, context, threshold)] if draft]
        elif len(sentence.text.split()) >= 6:
            # Every earlier sentence's names, nearest first (a pronoun looks back at most three of them)
            following = sentences[index + 1].text if index + 1 < len(sentences) else ""
            context = _Context(text, published, names, earlier[::-1], following, common)
            suggestions += _drafts_of(sentence, context, threshold, include_implicit)
        earlier.append(mentions(sentence.text, names))
    return suggestions


def _drafts_of(sentence: Sentence, context: "_Context", threshold: float, include_implicit: bool) -> list:
    """A sentence's drafts: its own, and a second forecast it tells in a clause of its own, in an aside on a noun,
    in a "with X set to" phrase or in a second verb phrase of the same subject."""
    # their deadlines are not the main clause's
    aside = (
        noun_aside(sentence.text)
        or with_clause(sentence.text)
        or paving_clause(sentence.text)
        or expects_clause(sentence.text)
        or scheduled_event(sentence.text)
    )
    relative = relative_forecast(sentence.text)
    if aside is None and relative is not None and find_deadline(relative.sentence, context.published):
        aside = relative  # "… systems that will be deployed in the coming weeks": dated, so a forecast of its own
    main = _suggest(replace(sentence, text=aside.main) if aside else sentence, context, threshold, include_implicit)
    main = main and replace(main, quote=sentence.text)
    if main is not None and main.kind != "forecast":
        return [main]
    second = _second_forecast(sentence, context, threshold) if main is not None else None
    if second is not None and main is not None and aside is None:
        # "X will be extended for a year, although the polls will be staged on May 6": the date is the second's
        head = _JOIN_AT_END.sub("", sentence.text[: second.start - sentence.start])
        # ('"…, I will fight for every vote, I will earn …," Costa said': the head keeps who is quoted)
        sayer = QUOTE_SAYER.search(sentence.text, len(head))
        told = head + '," ' + sentence.text[sayer.start("name") :] if sayer else head
        head_draft = _suggest(replace(sentence, text=told), context, threshold, include_implicit)
        main = replace(head_draft or main, quote=sentence.text, end=sentence.end)
    if main is not None and aside is None:
        aside = _dated_as_the_main_clause(second_predicate(sentence.text), sentence.text, context.published)
    if second is None and aside is not None:
        told_in = Sentence(sentence.start + aside.start, sentence.start + aside.end, aside.sentence, False)
        second = _suggest(told_in, context, threshold, include_implicit=False)
        second = second and replace(second, quote=sentence.text[aside.start : aside.end])
    return [draft for draft in (main, second) if draft is not None]


def _dated_as_the_main_clause(aside: Aside | None, sentence: str, published: date) -> Aside | None:
    """ "OPEC+ will meet on Monday … but is unlikely to recommend action": at that meeting, when the second verb
    phrase names no date of its own."""
    main = find_deadline(sentence[: aside.start], published) if aside else None
    if aside is None or main is None or find_deadline(aside.sentence, published) is not None:
        return aside
    said = TRAILING_ATTRIBUTION.sub("", aside.sentence.rstrip(" .")).rstrip(" ,")  # "…, OPEC+ sources said"
    return replace(aside, sentence=f"{said} {sentence[main.start : main.end]}.")


# A body line in headlinese, the future without its auxiliary: a few words naming who, "to", a verb, no verb before
# ("Efforts to reach a deal failed.": a finite verb anywhere makes it a sentence, not headlinese)
_HEADLINESE_LINE = re.compile(
    r"^(?-i:[A-Z])(?!.*\b(?:is|are|was|were|has|have|had|will|would|can|could|may|might|said|says|went|came|fell|rose|"
    r"took|made|broke|wants?|plans?|hopes?|needs?|tried|tries|began|begins|\w+ed)\b)"
    r"(?:[\w’'.-]+\s+){1,5}?to\s+(?-i:[a-z])\w+[^.!?]{0,120}\.$"
)


def _headline_forecast(heading: Sentence, context: "_Context", threshold: float) -> "Suggestion | None":
    """A headline that forecasts, drafted from the sentence it abbreviates; its quote is the headline as printed."""
    if heading.text.startswith("#"):
        return None
    sentence = headline_as_sentence(heading.text, context.proper_nouns)
    if sentence is None:
        return None
    drafted = _suggest(
        Sentence(heading.start, heading.end, sentence, False), context, threshold, include_implicit=False
    )
    return replace(drafted, quote=heading.text) if drafted is not None else None


# The joins before a clause of its own: "…, and Xi …", "…, although the polls …", "…, signaling that …", "…; …"
_JOIN = (
    r"(?:,\s*(?:and|but|while|whereas|although|though|as|(?:adding|saying|signall?ing|suggesting|indicating)\s+that)|;)"
)
# "Kim is expected to visit Russia soon, and Xi Jinping is also expected to travel to North Korea": a second
# forecast with a subject of its own, drafted on its own (its quote is its clause, so the two drafts' spans differ).
_SECOND_CLAUSE = re.compile(
    _JOIN + r"\s+"
    r"(?=[A-Z]|the\s|(?:[a-z]+\s){1,3}(?:is|are|has|have|will|would|could|may|might|shall)\b)|"
    # ("… at WWDC and the American technology giant is unlikely to throw …": an adjective's forecast too)
    r"\s+and\s+(?=(?:a|an|the|many|most|some|all|several|both|each)\s+(?:[\w’',-]+\s+){0,12}?"
    r"(?:will|would|could|may|might|(?:is|are)\s+(?:un)?likely\s+to)\b)|"
    # "will vote on Tuesday and that it is likely to be approved", "… later Tuesday and if approved, it could …"
    # (", and that Starliner will return uncrewed": a name opens it too)
    r"\s+and\s+that\s+(?=(?:it|they|he|she|the)\s|(?-i:[A-Z]))|\s+and\s+(?=(?:if|once|when)\s[^,]{2,40},\s)|"
    # "… remains open to celebrate and Brisbane locals will gather …": a named subject's clause after a bare "and"
    r"\s+and\s+(?=(?-i:[A-Z])[\w’'-]+(?:\s+[\w’'-]+){0,3}?\s+(?:will|would|could|may|might)\s)|"
    # '"dredgers will continue their work, tugs will assist …"': two clauses spliced by a comma
    r"(?<=\w),\s+(?!(?:which|who|whom|whose|that|what|where|when|while|as|and|but|or)\s)"
    r"(?=(?:[a-z]+|I)\s+(?:will|would|could|may|might)\s)"  # ('"I will fight for every vote, I will earn …"')
)


# Where the first clause of such a sentence ends (its draft takes none of the second clause's date).
_JOIN_AT_END = re.compile(r"(?:" + _JOIN + r"|\s+and(?:\s+that)?)\s*$")


# "While the official said the date will be notified in advance, speculation is rising that …": the main clause
# after a subordinate one that forecasts too.
_AFTER_SUBORDINATE = re.compile(
    r"^[\"“]?(?:while|although|though|even\s+though|whereas)\b[^,]{10,}?(,)\s+(?=[a-z])", re.I
)


def _second_forecast(sentence: Sentence, context: "_Context", threshold: float) -> "Suggestion | None":
    for join in [*_SECOND_CLAUSE.finditer(sentence.text), *_AFTER_SUBORDINATE.finditer(sentence.text)]:
        head, tail = sentence.text[: join.start(1) if join.lastindex else join.start()], sentence.text[join.end() :]
        scores = [forecast_score(_WILL_CONTRACTED.sub(r"\1 will", part))[0] for part in (head, tail)]  # ("but I'll …")
        if len(tail.split()) >= 5 and min(scores) >= threshold:
            clause = Sentence(sentence.start + join.end(), sentence.end, tail, is_heading=False)
            nearer = [mentions(head, context.proper_nouns), *context.earlier_mentions]
            return _suggest(clause, replace(context, earlier_mentions=nearer), threshold, include_implicit=False)
    return None


@dataclass(frozen=True)
class _Context:
    text: str
    published: date
    proper_nouns: frozenset[str]
    earlier_mentions: list[list[str]]
    following: str = ""  # the next sentence, which may date what this one forecasts
    common_words: frozenset[str] = frozenset()  # the words the text writes in lower case


# A thousands separator is no clause's comma: hidden while the title is drafted, same length so spans hold.
_DIGIT_COMMA, _HIDDEN_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)"), "\ue000"


def hide_digit_commas(sentence: str) -> str:
    return _DIGIT_COMMA.sub(_HIDDEN_COMMA, sentence)


def show_digit_commas(title: Title) -> Title:
    def shown(text: str) -> str:
        return text.replace(_HIDDEN_COMMA, ",")

    return replace(
        title,
        text=shown(title.text),
        flags=[shown(flag) for flag in title.flags],
        actor=shown(title.actor),
        event=shown(title.event),
    )


_WILL_CONTRACTED = re.compile(r"\b(I|you|he|she|it|we|they|that|there|who)['’]ll\b", re.I)
# "It would, however, shut down production": the modal's verb after an aside between commas
_MODAL_ASIDE = re.compile(
    r"\b(will|would|could|may|might|can|won['’]t|wouldn['’]t)\s*,\s*(?:however|though|therefore|in\s+turn|of\s+course|"
    r"in\s+fact|then|moreover|nonetheless|nevertheless|too)\s*,\s*",
    re.I,
)
# "(see video above)", "(pictured)": the page's pointers, no part of the sentence
_PAGE_POINTER = re.compile(r"\s*\((?:see|watch|read|pictured|photo|video|listen)\b[^)]{0,40}\)", re.I)
FLAG_DATED_NEXT = "The next sentence dates it (“{phrase}”): check the deadline, which the year's default set."
FLAG_CUT_OFF = "The article's sentence breaks off (“…”): read the full sentence and complete the question from it."
# "These troops may arrive by November", "The deployment is due before …": the next sentence goes on about the same.
_GOES_ON = re.compile(r"^(?:these|this|those|the|they|it|such)\b", re.I)


def _dated_by_the_next_sentence(found, context: _Context) -> str:
    """The time phrase of the next sentence when this one names no date and that one goes on about the same thing
    with a firm one ("North Korea will send up to 30,000 soldiers." "These troops may arrive by November.")."""
    if found is not None or not _GOES_ON.match(context.following):
        return ""
    firm = firm_deadline(context.following, context.published)
    return " ".join(context.following[firm.start : firm.end].split()) if firm else ""


def _suggest(sentence: Sentence, context: _Context, threshold: float, include_implicit: bool) -> Suggestion | None:
    # what is read ("he'll" as "he will"); the quote stays as printed
    text = _WILL_CONTRACTED.sub(r"\1 will", without_party_tags(sentence.text))
    text = _PAGE_POINTER.sub("", _MODAL_ASIDE.sub(r"\1 ", text))
    score, cues = forecast_score(text)
    found = find_deadline(text, context.published, forecast_verb_at(text))
    due = found.date if found else a_year_after(context.published)
    if score >= threshold:
        title = draft_title(
            hide_digit_commas(text),  # "the union's 33,000 members": no clause ends inside a number
            deadline=due,
            deadline_span=(found.start, found.end) if found else None,
            earlier_mentions=context.earlier_mentions,
            proper_nouns=context.proper_nouns,
            earlier_text=context.text[: sentence.start],
            common_words=context.common_words,
        )
        title = show_digit_commas(title)
        confidence = 1 / (1 + math.exp(-(score - threshold) * 1.2))
        dated_next = _dated_by_the_next_sentence(found, context)
        if dated_next:
            title = replace(title, flags=[*title.flags, FLAG_DATED_NEXT.format(phrase=dated_next)])
        if re.search(r"(?:\.\.\.|…)[\"”’]?$", text.rstrip()):  # an excerpt that stops mid-sentence
            title = replace(title, flags=[*title.flags, FLAG_CUT_OFF])
        if title.flags:
            # Confidence means "publishable as drafted": a title a curator must rewrite is not.
            confidence = min(0.45, confidence / 2)
        kind, title_text, flags = "forecast", with_its_article(title.text, title.actor, context.text), title.flags
        criteria = criteria_skeleton(title, due, NEWS_SOURCES)
    elif include_implicit and len(sentence.text.split()) >= 8:
        score, cues = implicit_score(sentence.text)
        if score < IMPLICIT_THRESHOLD:
            return None
        # A placeholder the curator rewrites (the flag says so), dated as forecast titles are.
        title_text = _shorten(f"Will this hold by {format_day(due)}: {sentence.text.rstrip('.!')}", 24) + "?"
        flags = ["An implied claim, not a forecast: write the question by hand."]
        confidence = min(0.35, 0.1 + 0.08 * score)
        kind = "implicit"
        criteria = implicit_criteria(sentence.text, due)
    else:
        return None
    return Suggestion(
        quote=sentence.text,
        start=sentence.start,
        end=sentence.end,
        title=title_text,
        deadline=due,
        deadline_from_text=found is not None,
        actors=actors(sentence.text),
        criteria=criteria,
        confidence=round(confidence, 3),
        cues=cues,
        kind=kind,
        flags=flags,
    )
