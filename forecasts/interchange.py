"""The forecast interchange format: validate it, and score it with no database (pure Python and numpy).

    {"questions": [{"id", "type": "binary" | "multiple_choice", "options": [...] (multiple choice only),
                    "opens_at", "scheduled_close_at", "actual_close_at", "resolution": "yes" | "no" | option |
                    "annulled" | null}],
     "forecasts": [{"question", "user", "at", "probability": p | "probabilities": {option: p},
                    "withdrawn_at": time | null}]}

A forecast stands from `at` until the same user's next forecast on that question, its `withdrawn_at`, or the actual
close. Times are ISO-8601 with a time zone. The same format is what `export_forecasts` writes.
"""

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from forecasts.aggregation import DEFAULT_METHOD, METHODS, community_series_all_methods
from forecasts.aggregation import Event as AggregationEvent
from forecasts.scoring import RULES, QuestionWindow, score_with_crowd
from forecasts.validation import ForecastInputError, parse_binary_probability, parse_option_probabilities

BINARY = "binary"
MULTIPLE_CHOICE = "multiple_choice"
ANNULLED = "annulled"
CROWD = "crowd"


class InterchangeError(ValueError):
    """Invalid input: the message names the record and says what is wrong, on one line."""


@dataclass
class QuestionRecord:
    id: str
    type: str
    options: list[str]
    opens_at: float
    scheduled_close_at: float
    actual_close_at: float | None
    resolution: str | None
    # (user, at, vector or None for a withdrawal), in input order; sorted by time before use
    events: list[tuple[str, float, list[float] | None]] = field(default_factory=list)

    @property
    def option_count(self) -> int:
        return 2 if self.type == BINARY else len(self.options)

    @property
    def outcome_index(self) -> int | None:
        if self.resolution in (None, ANNULLED):
            return None
        if self.type == BINARY:
            return 1 if self.resolution == "yes" else 0
        return self.options.index(self.resolution)


def parse_time(value, where: str) -> float:
    if not isinstance(value, str):
        raise InterchangeError(f"{where}: expected an ISO-8601 time, got {value!r}.")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InterchangeError(f"{where}: {value!r} is not an ISO-8601 time.") from None
    if parsed.tzinfo is None:
        raise InterchangeError(f"{where}: {value!r} has no time zone; use UTC, e.g. 2025-01-31T00:00:00Z.")
    return parsed.timestamp()


def format_time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat().replace("+00:00", "Z")


def _parse_question(index: int, raw) -> QuestionRecord:
    where = f"questions[{index}]"
    if not isinstance(raw, dict):
        raise InterchangeError(f"{where}: expected an object.")
    question_id = raw.get("id")
    if not isinstance(question_id, str) or not question_id:
        raise InterchangeError(f"{where}: needs a non-empty string id.")
    where = f"questions[{index}] ({question_id})"
    kind = raw.get("type")
    if kind not in (BINARY, MULTIPLE_CHOICE):
        raise InterchangeError(f"{where}: type must be 'binary' or 'multiple_choice', got {kind!r}.")
    options = raw.get("options") or []
    if kind == MULTIPLE_CHOICE:
        if not isinstance(options, list) or len(options) < 2 or len(set(options)) != len(options):
            raise InterchangeError(f"{where}: a multiple-choice question needs two or more distinct options.")
        if not all(isinstance(option, str) and option for option in options):
            raise InterchangeError(f"{where}: options must be non-empty strings.")
    elif options:
        raise InterchangeError(f"{where}: a binary question has no options.")
    opens_at = parse_time(raw.get("opens_at"), f"{where} opens_at")
    scheduled_close_at = parse_time(raw.get("scheduled_close_at"), f"{where} scheduled_close_at")
    if scheduled_close_at <= opens_at:
        raise InterchangeError(f"{where}: scheduled_close_at must be after opens_at.")
    actual = raw.get("actual_close_at")
    actual_close_at = None if actual is None else parse_time(actual, f"{where} actual_close_at")
    if actual_close_at is not None and actual_close_at <= opens_at:
        raise InterchangeError(f"{where}: actual_close_at must be after opens_at.")
    resolution = raw.get("resolution")
    allowed = ["yes", "no"] if kind == BINARY else list(options)
    if resolution is not None and resolution != ANNULLED and resolution not in allowed:
        raise InterchangeError(
            f"{where}: resolution must be one of {', '.join([*allowed, ANNULLED])} or null, got {resolution!r}."
        )
    if resolution not in (None, ANNULLED) and actual_close_at is None:
        raise InterchangeError(f"{where}: a resolved question needs actual_close_at.")
    return QuestionRecord(question_id, kind, list(options), opens_at, scheduled_close_at, actual_close_at, resolution)


def _forecast_vector(question: QuestionRecord, raw: dict, where: str) -> list[float]:
    try:
        if question.type == BINARY:
            if "probabilities" in raw:
                raise ForecastInputError("probabilities", "a binary forecast takes one probability.")
            p = parse_binary_probability(raw.get("probability"))
            return [1 - p, p]
        if "probability" in raw:
            raise ForecastInputError("probability", "a multiple-choice forecast takes probabilities per option.")
        given = raw.get("probabilities")
        if not isinstance(given, dict) or set(given) != set(question.options):
            raise ForecastInputError("probabilities", f"give one probability for each of {question.options}.")
        return parse_option_probabilities([given[option] for option in question.options], question.option_count)
    except ForecastInputError as error:
        raise InterchangeError(f"{where}: {error.field}: {error.message}") from None


def parse(document) -> list[QuestionRecord]:
    """Validate a whole document; the first problem raises InterchangeError naming its record."""
    if not isinstance(document, dict):
        raise InterchangeError("The document must be an object with 'questions' and 'forecasts'.")
    raw_questions = document.get("questions")
    raw_forecasts = document.get("forecasts", [])
    if not isinstance(raw_questions, list) or not isinstance(raw_forecasts, list):
        raise InterchangeError("The document needs a 'questions' list and a 'forecasts' list.")
    questions: dict[str, QuestionRecord] = {}
    for index, raw in enumerate(raw_questions):
        question = _parse_question(index, raw)
        if question.id in questions:
            raise InterchangeError(f"questions[{index}] ({question.id}): the id is used twice.")
        questions[question.id] = question
    for index, raw in enumerate(raw_forecasts):
        where = f"forecasts[{index}]"
        if not isinstance(raw, dict):
            raise InterchangeError(f"{where}: expected an object.")
        question = questions.get(raw.get("question"))
        if question is None:
            raise InterchangeError(f"{where}: unknown question {raw.get('question')!r}.")
        user = raw.get("user")
        if not isinstance(user, str) or not user:
            raise InterchangeError(f"{where}: needs a non-empty string user.")
        if user == CROWD:
            raise InterchangeError(f"{where}: 'crowd' is reserved for the community forecast's rows.")
        where = f"forecasts[{index}] (question {question.id}, user {user})"
        at = parse_time(raw.get("at"), f"{where} at")
        vector = _forecast_vector(question, raw, where)
        withdrawn = raw.get("withdrawn_at")
        withdrawn_at = None if withdrawn is None else parse_time(withdrawn, f"{where} withdrawn_at")
        if withdrawn_at is not None and withdrawn_at < at:
            raise InterchangeError(f"{where}: withdrawn_at is before at.")
        question.events.append((user, at, vector, withdrawn_at))
    for question in questions.values():
        question.events = _with_withdrawals(question.events)
    return list(questions.values())


def _with_withdrawals(forecasts: list) -> list[tuple[str, float, list[float] | None]]:
    """Forecast rows as events; a withdrawal counts only if it comes before the user's next forecast."""
    ordered = sorted(enumerate(forecasts), key=lambda item: (item[1][1], item[0]))
    next_at: dict[int, float] = {}
    last_seen: dict[str, int] = {}
    for position, (_, (user, at, _, _)) in enumerate(ordered):
        if user in last_seen:
            next_at[last_seen[user]] = at
        last_seen[user] = position
    events = []
    for position, (_, (user, at, vector, withdrawn_at)) in enumerate(ordered):
        events.append((user, at, vector))
        if withdrawn_at is not None and withdrawn_at < next_at.get(position, math.inf):
            events.append((user, withdrawn_at, None))
    events.sort(key=lambda event: event[1])  # stable: simultaneous events keep their order
    return events


def _clean(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _community_value(question: QuestionRecord, values: np.ndarray | None):
    if values is None:
        return None
    if question.type == BINARY:
        return float(values[1])
    return {option: float(p) for option, p in zip(question.options, values, strict=True)}


def score_question_record(question: QuestionRecord, methods=METHODS) -> tuple[list[dict], list[dict], list[dict]]:
    """(user score rows, crowd rows, community points) of one question."""
    end = question.actual_close_at if question.actual_close_at is not None else question.scheduled_close_at
    events = [
        AggregationEvent(at, user, None if vector is None else np.asarray(vector))
        for user, at, vector in question.events
    ]
    # The crowd is always scored on the recency-weighted median, whichever methods the output lists.
    needed = tuple(dict.fromkeys((DEFAULT_METHOD, *methods)))
    series = community_series_all_methods(events, opens_at=question.opens_at, closes_at=end, methods=needed)
    community = [
        {"question": question.id, "at": format_time(at), **{m: _community_value(question, values[m]) for m in methods}}
        for at, values in series
    ]
    if question.resolution is None:
        return [], [], community
    users = sorted({user for user, _, _ in question.events})
    if question.resolution == ANNULLED:
        empty = dict.fromkeys((*RULES, "coverage"))
        rows = [{"question": question.id, "user": user, **empty} for user in users]
        return rows, [{"question": question.id, "user": CROWD, **empty}], community
    window = QuestionWindow(
        opens_at=question.opens_at,
        scheduled_close_at=question.scheduled_close_at,
        actual_close_at=question.actual_close_at,
        outcome=question.outcome_index,
        option_count=question.option_count,
    )
    crowd_points = [(at, values[DEFAULT_METHOD]) for at, values in series]
    by_user, crowd = score_with_crowd(question.events, crowd_points, window)
    rows = [
        {"question": question.id, "user": user, **{k: _clean(v) for k, v in by_user[user].items()}} for user in users
    ]
    return rows, [{"question": question.id, "user": CROWD, **{k: _clean(v) for k, v in crowd.items()}}], community


def score_document(
    document, *, methods=METHODS, progress: Callable[[int, int], None] | None = None
) -> dict[str, list[dict]]:
    questions = parse(document)
    scores, crowd, community = [], [], []
    for done, question in enumerate(questions, start=1):
        rows, crowd_rows, points = score_question_record(question, methods)
        scores += rows
        crowd += crowd_rows
        community += points
        if progress is not None:
            progress(done, len(questions))
    return {"scores": scores, "crowd": crowd, "community": community}


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most every percent."""

    def __init__(self, label: str, stream=None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // max(total, 1)
        if percent == self._shown and done != total:
            return
        self._shown = percent
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r{self.label} [{bar}] {done:,}/{total:,} ({percent}%){end}")
        self.stream.flush()
