"""The optional language-model drafter: what it is sent, the JSON it must answer in, and the checks its answer must
pass before it replaces the rules' draft of a claim.

Pure Python (standard library only); the call itself is made by the curation services. A model writes better
titles than rules where the article must be read to name who acts or what "this stance" is, but it can invent a
name, misread a date or keep an attribution; so nothing it writes is taken unchecked: the rules that draft claims
check its title's form and length, that every name in it is in the article, that its deadline is the one its time
phrase names and falls after publication, and that no hedge or attribution is left. An answer that fails keeps the
rules' draft, with a flag saying why.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from string import Template

from tracker.curation.actors import actors
from tracker.curation.drafting import MAX_TITLE_CHARS
from tracker.curation.time_expressions import MONTHS, find_deadline

PROMPT_VERSION = 1
PROMPT_FILE = Path(__file__).resolve().parent / "prompts" / f"draft_question.v{PROMPT_VERSION}.txt"
# The article is cut to this many characters around the claim: it bounds each call's cost (about 2,500 tokens in
# all with the prompt) and a small model's attention.
ARTICLE_CHARS = 8000
# A deadline the rules cannot read from the time phrase must still fall within this of publication.
LONGEST_HORIZON = timedelta(days=3 * 366)

ANSWER_SCHEMA: dict[str, object] = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": MAX_TITLE_CHARS},
        "resolution_criteria": {"type": "string"},
        "actor": {"type": "string"},
        "close_date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "time_phrase": {"type": "string"},
    },
    "required": ["title", "resolution_criteria", "actor", "close_date", "time_phrase"],
    "additionalProperties": False,
}

_QUESTION_START = re.compile(r"^Will\s+\S")
_HEDGE = re.compile(r"\b(?:likely|unlikely|probably|possibly|perhaps|could|might|may|expected\s+to)\b", re.I)
_ATTRIBUTION = re.compile(
    r"\b(?:according\s+to|analysts?|experts?|observers?|officials?\s+(?:say|said|believe)|"
    r"(?:said|says|say|believes?|warned|warns|reported|told)\s+(?:that|on|in)\b)",
    re.I,
)
_UNBALANCED = (("(", ")"), ("“", "”"), ("[", "]"))
_DATE_TOLERANCE = timedelta(days=1)  # "before 1 July" is 30 June to the rules and often 1 July to a model


class Refused(Exception):
    """The model's answer cannot stand: the message says why, for the draft's flag."""


@dataclass(frozen=True)
class ModelDraft:
    title: str
    criteria: str
    actor: str
    close_date: date
    time_phrase: str


def drafter_name(model: str) -> str:
    return f"model {model} (prompt v{PROMPT_VERSION})"[:160]


def _excerpt(text: str, claim: str) -> str:
    """The article, or the part of it around the claim when it is long."""
    if len(text) <= ARTICLE_CHARS:
        return text
    at = max(text.find(claim), 0)
    start = max(0, min(at - ARTICLE_CHARS // 2, len(text) - ARTICLE_CHARS))
    return text[start : start + ARTICLE_CHARS]


def messages(*, article_title: str, article_text: str, published: date, claim: str, rules_title: str) -> list[dict]:
    """The chat messages for one claim, from the versioned prompt file."""
    lines = [line for line in PROMPT_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("=== "):
            current = line[4:].strip()
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    values = {
        "article_title": article_title,
        "published": published.isoformat(),
        "article": _excerpt(article_text, claim),
        "claim": claim,
        "rules_title": rules_title,
    }
    return [
        {"role": role, "content": Template("\n".join(sections[role]).strip()).safe_substitute(values)}
        for role in ("system", "user")
    ]


def request_body(*, model: str, chat: list[dict]) -> bytes:
    """A chat-completions request asking for JSON under the answer's schema (llama.cpp's server, Ollama's
    OpenAI-compatible endpoint, vLLM and hosted services all take `response_format` with a JSON schema)."""
    return json.dumps(
        {
            "model": model,
            "messages": chat,
            "temperature": 0,
            "max_tokens": 600,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "question_draft", "strict": True, "schema": ANSWER_SCHEMA},
            },
        }
    ).encode()


def read_answer(body: str) -> dict[str, str]:
    """The answer's fields from a chat-completions response; Refused when it is not the JSON asked for."""
    try:
        content = json.loads(body)["choices"][0]["message"]["content"]
        answer = json.loads(content)
    except (ValueError, KeyError, IndexError, TypeError):
        raise Refused("its answer was not the JSON asked for") from None
    if not isinstance(answer, dict):
        raise Refused("its answer was not a JSON object")
    required = ANSWER_SCHEMA["required"]
    assert isinstance(required, list)
    missing = [name for name in required if not isinstance(answer.get(name), str)]
    if missing:
        raise Refused(f"its answer lacked {', '.join(missing)}")
    return {name: answer[name].strip() for name in required}


_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*")
_CALENDAR = {*MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _names(title: str) -> list[str]:
    """The names a title uses: every run of capitalised words after its first word, months and days aside."""
    runs = [match.group(0).rstrip(".") for match in _NAME.finditer(title, len(title.split(" ", 1)[0]))]
    return [run for run in runs if run.lower() not in _CALENDAR]


def _in_article(name: str, article: str, article_actors: set[str]) -> bool:
    """Said in the article, or an actor the article names another way ("Ukraine" for "Kyiv", "EU")."""
    known = set(actors(name))
    return name.lower() in article.lower() or name in article_actors or (bool(known) and known <= article_actors)


def check_draft(answer: dict[str, str], *, article_text: str, published: date) -> ModelDraft:
    """The model's draft when it passes every check the rules make; Refused naming the first it fails."""
    title = " ".join(answer["title"].split())
    if not _QUESTION_START.match(title) or not title.endswith("?") or title.count("?") != 1:
        raise Refused(f"its title is not one yes/no question starting with “Will”: “{title}”")
    if len(title) > MAX_TITLE_CHARS:
        raise Refused(f"its title is longer than {MAX_TITLE_CHARS} characters")
    if any(title.count(opening) != title.count(closing) for opening, closing in _UNBALANCED):
        raise Refused("its title has an unclosed bracket or quote")
    hedge = _HEDGE.search(title)
    if hedge:
        raise Refused(f"its title keeps a hedge (“{hedge.group(0)}”)")
    attribution = _ATTRIBUTION.search(title)
    if attribution:
        raise Refused(f"its title keeps an attribution (“{attribution.group(0)}”)")
    article_actors = set(actors(article_text))
    invented = [name for name in _names(title) if not _in_article(name, article_text, article_actors)]
    if invented:
        raise Refused(f"its title names {', '.join(repr(name) for name in invented)}, which the article does not")
    actor = answer["actor"]
    if not actor or not _in_article(actor, article_text, article_actors):
        raise Refused(f"its actor “{actor}” is not named in the article")
    try:
        close = date.fromisoformat(answer["close_date"])
    except ValueError:
        raise Refused(f"its close date “{answer['close_date']}” is not a date") from None
    phrase = answer["time_phrase"]
    read = find_deadline(phrase, published) if phrase else None
    # The publication day itself only when the phrase, read by the rules, says so ("will meet on Monday" in
    # Monday's paper).
    if close < published or (close == published and (read is None or read.date != published)):
        raise Refused(f"its close date {close.isoformat()} is not after publication ({published.isoformat()})")
    if phrase and " ".join(phrase.split()).lower() not in " ".join(article_text.split()).lower():
        raise Refused(f"its time phrase “{phrase}” is not in the article")
    if read is not None and abs(read.date - close) > _DATE_TOLERANCE:
        raise Refused(f"its close date {close.isoformat()} is not what “{phrase}” says ({read.date.isoformat()})")
    if read is None and close > published + LONGEST_HORIZON:
        raise Refused(f"its close date {close.isoformat()} is more than three years after publication")
    criteria = answer["resolution_criteria"].strip()
    if len(criteria) < 40:
        raise Refused("its resolution criteria are missing or too short to resolve by")
    return ModelDraft(title=title, criteria=criteria, actor=actor, close_date=close, time_phrase=phrase)
