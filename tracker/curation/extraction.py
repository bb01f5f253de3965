"""Claim extraction: find the sentences of an article that forecast something, and draft a question for each.

Pure Python (standard library only, nothing downloaded): sentence splitting with character offsets, a scored set
of cues for forecasting language (modal and predictive verbs, expectations, plans, warnings, conditionals), cues
against (normative advice, embedded questions, hedges about the past or present), a title in question form, the
actors named, a deadline from any time expression (or a default horizon), a resolution-criteria skeleton and a
confidence. Rules are about English forecasting language in general, not about any one article.
"""

import math
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_HORIZON_DAYS = 365
THRESHOLD = 1.0

# --- sentences --------------------------------------------------------------------------------------------------

ABBREVIATIONS = {
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
_BOUNDARY = re.compile(r"[.!?]['\"”’)\]]*\s+|\n+")


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
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with their [start, end) offsets in `text`; lines without final punctuation are headings."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(0)[0] == "." and _is_abbreviation(text, match.start()):
            continue
        end = match.start() + (0 if match.group(0)[0] == "\n" else len(match.group(0).rstrip()))
        _add(sentences, text, start, end)
        start = match.end()
    _add(sentences, text, start, len(text))
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start < 3:
        return
    chunk = text[start:end]
    heading = chunk[-1] not in '.!?"”’)' or chunk.startswith("#")
    sentences.append(Sentence(start, end, chunk, heading))


# --- cues -------------------------------------------------------------------------------------------------------

_W = r"(?:\w+[\w’'-]*\s+){0,3}?"
POSITIVE = [
    (2.0, r"\bwill\s+(?!be\s+(?:key|crucial|important|essential|vital)\b)\w+"),
    (
        2.0,
        r"\b(?:is|are|was|were)\s+(?:widely\s+)?(?:expected|likely|set|poised|due|slated|projected|predicted|forecast)\s+to\b",
    ),
    (
        1.8,
        r"\b(?:could|may|might)\s+(?:also\s+|further\s+|significantly\s+|even\s+|well\s+|not\s+only\s+)?(?!be\s+\w+ing\b|have\s+\w+(?:ed|en)\b)\w+",
    ),
    (1.6, r"\bwill\s+likely\b|\bis\s+likely\b|\bare\s+likely\b|\bunlikely\s+to\b"),
    (1.5, r"\b(?:plans?|planned|intends?|aims?|threatens?|vows?|pledges?|promises?)\s+to\b"),
    (1.2, r"\b(?:predict(?:s|ed)?|forecasts?|anticipates?|expects?|warns?|warned)\b"),
    (
        1.0,
        r"\bcan\s+(?:lead|result|generate|trigger|rejuvenate|provoke|cause|escalate|bolster|undermine|shift|reshape)\b",
    ),
    (1.0, r"\bwould\s+\w+"),
    (
        0.8,
        r"\b(?:in the coming (?:days|weeks|months|years)|next (?:week|month|year)|for years to come|in the future|moving forward|by (?:19|20)\d\d)\b",
    ),
    (0.5, r"\b(?:risk of|prospect of|potential(?:ly)?|possibility)\b"),
    (0.5, r"^(?:if|should|unless)\b|\bif\s+(?:this|these|the)\b"),
]
NEGATIVE = [
    # Advice, not a forecast.
    # "Countries should …" advises; "Should X happen, …" and ", should X happen" are conditions, not advice.
    (1.6, r"(?<=[A-Za-z’']\s)(?:should|must|ought to|need to|needs to)\s+\w+"),
    (
        1.0,
        r"\b(?:it is|it's)\s+(?:crucial|essential|important|vital|key|clear)\b|(?<!to\s)\bcalls?\s+for\b|\brequires?\b",
    ),
    # A question inside the sentence: "how X could", "whether Y will".
    (2.2, r"\b(?:how|whether|what)\s+" + _W + r"(?:will|could|may|might|would)\b"),
    # Hedges about the past or the present.
    (1.5, r"\b(?:may|might|could)\s+have\s+\w+(?:ed|en)\b"),
    (1.2, r"\b(?:may|might|could)\s+be\s+\w+ing\b"),
]
_POSITIVE = [(weight, re.compile(pattern, re.I)) for weight, pattern in POSITIVE]
_NEGATIVE = [(weight, re.compile(pattern, re.I)) for weight, pattern in NEGATIVE]


# Statements a question can be built on without forecasting in words: inferences ("signals", "implies"), trends
# ("escalating", "not sustainable"), reported facts ("confirmed", "according to"), advice whose uptake can be
# tracked ("should"). A second, low-confidence tier that curators see apart from the forecasts.
IMPLICIT = [
    (
        1.0,
        r"\b(?:signal(?:s|led|ling)?|impl(?:y|ies|ied)|indicat(?:es|ing)|suggests?|underlines?|underscores?|"
        r"highlights?|raises\s+(?:questions|concerns|fears)|points?\s+to|means?\s+that)\b",
    ),
    (
        0.8,
        r"\b(?:continu(?:es|ing)|escalat\w+|tighten\w*|deepen\w*|deeper|strengthen\w*|growing|mounting|rising|"
        r"intensif\w+|(?:not|un)\s*sustainable|benefits?\s+from|gains?)\b",
    ),
    (0.7, r"\b(?:confirmed|reported(?:ly)?|according\s+to|estimates?|acknowledged|observed)\b"),
    (0.7, r"\b(?:should|must|ought\s+to|needs?\s+to)\b"),
    (0.4, r"\b(?:at\s+least|more\s+than|over|up\s+to)\s+\d[\d,]*\b"),
]
IMPLICIT_THRESHOLD = 0.7
_IMPLICIT = [(weight, re.compile(pattern, re.I)) for weight, pattern in IMPLICIT]


def _cues(patterns, sentence: str) -> tuple[float, list[str]]:
    """The summed weight of the patterns found in the sentence (each counts once), and the words they matched."""
    score, cues = 0.0, []
    for weight, pattern in patterns:
        found = pattern.search(sentence)
        if found:
            score += weight
            cues.append(found.group(0).lower())
    return score, cues


def implicit_score(sentence: str) -> tuple[float, list[str]]:
    """How much a sentence that does not forecast still carries a trackable claim, and the cues found."""
    score, cues = _cues(_IMPLICIT, sentence)
    if sentence.rstrip().endswith("?"):
        score = 0.0
    return score, cues


def forecast_score(sentence: str) -> tuple[float, list[str]]:
    """How strongly a sentence forecasts, and the cues found (each pattern counts once)."""
    score, cues = _cues(_POSITIVE, sentence)
    for weight, pattern in _NEGATIVE:
        if pattern.search(sentence):
            score -= weight
    if sentence.rstrip().endswith("?"):
        score -= 3
    return score, cues


# --- actors -----------------------------------------------------------------------------------------------------

KNOWN_ACTORS = {
    "north korea": "North Korea",
    "pyongyang": "North Korea",
    "kim jong un": "Kim Jong Un",
    "kim jong-un": "Kim Jong Un",
    "south korea": "South Korea",
    "seoul": "South Korea",
    "russia": "Russia",
    "moscow": "Russia",
    "kremlin": "Russia",
    "putin": "Vladimir Putin",
    "ukraine": "Ukraine",
    "kyiv": "Ukraine",
    "zelensky": "Volodymyr Zelensky",
    "china": "China",
    "beijing": "China",
    "japan": "Japan",
    "tokyo": "Japan",
    "united states": "United States",
    "u.s.": "United States",
    "washington": "United States",
    "pentagon": "United States",
    "nato": "NATO",
    "european union": "European Union",
    "eu": "European Union",
    "united nations": "United Nations",
    "un": "United Nations",
    "the west": "Western countries",
    "western": "Western countries",
    "iran": "Iran",
    "israel": "Israel",
}
_ACTOR_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in sorted(KNOWN_ACTORS, key=len, reverse=True)) + r")(?![\w-])",
    re.I,
)
_PROPER_NOUNS = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")


def actors(sentence: str) -> list[str]:
    found: list[str] = []
    for match in _ACTOR_PATTERN.finditer(sentence):
        name = KNOWN_ACTORS[match.group(1).lower()]
        # "EU" and "UN" only in capitals ("un" is a word in names and other languages).
        short = match.group(1).lower() in ("eu", "un")
        if (not short or match.group(1).isupper()) and name not in found:
            found.append(name)
    for match in _PROPER_NOUNS.finditer(sentence):
        name = match.group(1)
        if name not in found and not any(part in name for part in found) and name.lower() not in KNOWN_ACTORS:
            found.append(name)
    return found


# --- deadlines --------------------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _end_of_month(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def deadline(sentence: str, published: date) -> tuple[date, bool]:
    """(deadline, found in the text): from a time expression, else the default horizon after publication."""
    text = sentence.lower()
    month_names = "|".join(sorted(MONTHS, key=len, reverse=True))
    match = re.search(
        r"\b(?:by|before|until|in|during)\s+(?:the\s+end\s+of\s+)?(" + month_names + r")\s+(\d{4})\b", text
    )
    if match:
        return _end_of_month(int(match.group(2)), MONTHS[match.group(1)]), True
    match = re.search(r"\b(?:by|before|until|in|during)\s+(?:the\s+end\s+of\s+)?((?:19|20)\d\d)\b", text)
    if match:
        return date(int(match.group(1)), 12, 31), True
    match = re.search(
        r"\bwithin\s+(?:the\s+next\s+)?(\d+|a|one|two|three|six|twelve)\s+(day|week|month|year)s?\b", text
    )
    if match:
        words = {"a": 1, "one": 1, "two": 2, "three": 3, "six": 6, "twelve": 12}
        count = int(match.group(1)) if match.group(1).isdigit() else words[match.group(1)]
        return published + timedelta(days=count * _UNITS[match.group(2)]), True
    match = re.search(r"\b(?:in\s+the\s+)?(?:coming|next)\s+(?:few\s+)?(day|week|month|year)s?\b", text)
    if match:
        span = {"day": 7, "week": 30, "month": 180, "year": 730}[match.group(1)]
        return published + timedelta(days=span), True
    if re.search(r"\b(?:this|the)\s+year\b|\bend\s+of\s+(?:the\s+)?year\b", text):
        return date(published.year, 12, 31), True
    if re.search(r"\bfor\s+years\s+to\s+come\b|\blong[- ]term\b", text):
        return published + timedelta(days=3 * 365), True
    return published + timedelta(days=DEFAULT_HORIZON_DAYS), False


# --- titles -----------------------------------------------------------------------------------------------------

_LEADING = re.compile(
    r"^(?:(?:moreover|however|furthermore|additionally|meanwhile|thus|therefore|for example|in conclusion|"
    r"in light of [^,]+|as [^,]+|if [^,]+|should [^,]+|in reaction to [^,]+|from [^,]+ perspective|"
    r"historically|comparatively|reports indicate that|it is (?:predicted|expected|likely) that)\s*,?\s*)+",
    re.I,
)
_MODAL = re.compile(
    r"\b(?:will\s+likely|is\s+likely\s+to|are\s+likely\s+to|(?:is|are)\s+expected\s+to|(?:is|are)\s+set\s+to|"
    r"could|may|might|will|would|can|plans?\s+to|intends?\s+to)\s+(?:also\s+|further\s+|significantly\s+|"
    r"well\s+|even\s+)?",
    re.I,
)
_EMBEDDED = re.compile(r"\b(?:suggests?|warns?|indicates?|predicts?|says?|notes?|that)\s+that\s+|\bthat\s+", re.I)


def question_title(sentence: str, max_words: int = 22) -> str:
    """A yes/no question from a forecasting sentence: "X could lead to Y" → "Will X lead to Y?"."""
    text = sentence.strip().rstrip(".!")
    modal = _MODAL.search(text)
    if modal is None:
        return _shorten(f"Will this happen: {text}", max_words) + "?"
    subject = text[: modal.start()].strip()
    # The clause the forecast sits in: after a reporting verb's "that", if any.
    clauses = list(_EMBEDDED.finditer(subject))
    if clauses:
        subject = subject[clauses[-1].end() :]
    subject = _LEADING.sub("", subject).strip(" ,")
    if not subject or subject.lower() in ("it", "this", "that", "they"):
        subject = {"it": "it", "they": "they"}.get(subject.lower(), subject or "this")
    predicate = text[modal.end() :]
    predicate = re.split(r",\s+(?:which|while|where|especially|particularly|as|reflecting|with)\b|;|—", predicate)[0]
    if subject and subject[0].isupper() and not _is_proper(subject):
        subject = subject[0].lower() + subject[1:]
    return _shorten(f"Will {subject} {predicate}".strip(), max_words).rstrip(",;: ") + "?"


def _is_proper(subject: str) -> bool:
    first = subject.split()[0]
    return first not in ("The", "This", "These", "That", "Those", "Its", "Their", "Such", "Countries", "Domestic")


def _shorten(text: str, max_words: int) -> str:
    words = text.split()
    return " ".join(words[:max_words]) + ("…" if len(words) > max_words else "")


def criteria_skeleton(title: str, due: date) -> str:
    claim = title.removeprefix("Will ").rstrip("?…")
    return (
        f"YES if, between the question's opening and {due.isoformat()} (UTC, inclusive), credible reporting (at "
        f"least two of Reuters, AP, AFP and Yonhap, or an official statement) confirms that {claim}. "
        "NO otherwise. Curators: make the event specific and measurable before opening."
    )


def implicit_criteria(statement: str, due: date) -> str:
    return (
        f"YES if, by {due.isoformat()} (UTC, inclusive), credible reporting (at least two of Reuters, AP, AFP and "
        f"Yonhap, or an official statement) confirms that this still holds or has come about: “{statement}” "
        "NO otherwise. Curators: this sentence implies a claim rather than forecasting one; turn it into a "
        "specific, measurable event before opening."
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
        }


def extract_claims(
    text: str, *, published: date | None = None, threshold: float = THRESHOLD, include_implicit: bool = False
) -> list[Suggestion]:
    """Every sentence of `text` that forecasts, as a draft question; `quote == text[start:end]`. With
    `include_implicit`, also the sentences that only imply a trackable claim, at a confidence below 0.35."""
    published = published or date.today()
    suggestions = []
    for sentence in split_sentences(text):
        if sentence.is_heading or len(sentence.text.split()) < 6:
            continue
        score, cues = forecast_score(sentence.text)
        due, from_text = deadline(sentence.text, published)
        if score >= threshold:
            title = question_title(sentence.text)
            confidence = round(1 / (1 + math.exp(-(score - threshold) * 1.2)), 3)
            kind = "forecast"
        elif include_implicit and len(sentence.text.split()) >= 8:
            score, cues = implicit_score(sentence.text)
            if score < IMPLICIT_THRESHOLD:
                continue
            title = _shorten(f"Will this hold by {due.isoformat()}: {sentence.text.rstrip('.!')}", 24) + "?"
            confidence = round(min(0.35, 0.1 + 0.08 * score), 3)
            kind = "implicit"
        else:
            continue
        suggestions.append(
            Suggestion(
                quote=sentence.text,
                start=sentence.start,
                end=sentence.end,
                title=title,
                deadline=due,
                deadline_from_text=from_text,
                actors=actors(sentence.text),
                criteria=criteria_skeleton(title, due) if kind == "forecast" else implicit_criteria(sentence.text, due),
                confidence=confidence,
                cues=cues,
                kind=kind,
            )
        )
    return suggestions


def evaluate(labelled: dict[str, list[str]], texts: dict[str, str]) -> dict:
    """Precision and recall against hand-labelled claims (a phrase from each claim sentence): a suggestion is
    right when its sentence contains a labelled phrase; a claim is found when some suggestion contains it."""
    per_article, totals = {}, {"suggestions": 0, "correct": 0, "claims": 0, "found": 0}
    for name, phrases in sorted(labelled.items()):
        suggestions = extract_claims(texts[name])
        correct = [s for s in suggestions if any(phrase in s.quote for phrase in phrases)]
        found = [phrase for phrase in phrases if any(phrase in s.quote for s in suggestions)]
        per_article[name] = {
            "suggestions": len(suggestions),
            "correct": len(correct),
            "claims": len(phrases),
            "found": len(found),
            "missed": [phrase for phrase in phrases if phrase not in found],
            "extra": [s.quote for s in suggestions if s not in correct],
        }
        for key in totals:
            totals[key] += per_article[name][key]
    totals["precision"] = round(totals["correct"] / totals["suggestions"], 3) if totals["suggestions"] else 0.0
    totals["recall"] = round(totals["found"] / totals["claims"], 3) if totals["claims"] else 0.0
    return {"overall": totals, "articles": per_article}
