"""The forecast interchange format: validate it, and score it with no database (pure Python and numpy).

    {"questions": [{"id", "type": "binary" | "multiple_choice", "options": [...] (multiple choice only),
                    "opens_at", "scheduled_close_at", "actual_close_at", "resolution": "yes" | "no" | option |
                    "annulled" | null}],
     "forecasts": [{"question", "user", "at", "probability": p | "probabilities": {option: p},
                    "withdrawn_at": time | null}]}

A forecast stands from `at` until the same user's next forecast on that question, its `withdrawn_at`, or the actual
close. Times are ISO-8601 with a time zone. The same format is what `export_forecasts` writes.
"""

import functools
import gc
import io
import json
import math
import multiprocessing
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from forecasts.engine.aggregation import DEFAULT_METHOD, METHODS, binary_series, community_series_all_methods
from forecasts.engine.aggregation import Event as AggregationEvent
from forecasts.engine.scoring import RULES, QuestionWindow, score_with_crowd
from forecasts.engine.validation import ForecastInputError, parse_binary_probability, parse_option_probabilities

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
    """ISO-8601 in UTC with a Z, as datetime.isoformat writes it (microseconds only when there are some)."""
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat().replace("+00:00", "Z")


@functools.lru_cache(maxsize=4096)
def _day_prefix(day: int) -> str:
    return datetime.fromtimestamp(day * 86400, tz=UTC).strftime("%Y-%m-%dT")


def format_time_fast(seconds: float) -> str:
    """format_time for the millions of series points: the date part cached per day, the rest by arithmetic.

    Rounds to the microsecond exactly as datetime.fromtimestamp does: the fractional part alone, half to even.
    """
    fraction, whole = math.modf(seconds)
    micros = round(fraction * 1e6)
    if micros >= 1_000_000:
        whole, micros = whole + 1, micros - 1_000_000
    elif micros < 0:
        whole, micros = whole - 1, micros + 1_000_000
    day, second_of_day = divmod(int(whole), 86400)
    hours, rest = divmod(second_of_day, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return _day_prefix(day) + (f"{clock}.{micros:06d}Z" if micros else f"{clock}Z")


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


def _parse_questions(document) -> dict[str, QuestionRecord]:
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
    return questions


def _group_forecasts(raw_forecasts: list, questions: dict) -> tuple[dict[str, list[int]], tuple[int, str] | None]:
    """Forecast indices per question, and the first record that names no known question (index, message)."""
    groups: dict[str, list[int]] = {question_id: [] for question_id in questions}
    for index, raw in enumerate(raw_forecasts):
        if not isinstance(raw, dict):
            return groups, (index, f"forecasts[{index}]: expected an object.")
        indices = groups.get(raw.get("question"))
        if indices is None:
            return groups, (index, f"forecasts[{index}]: unknown question {raw.get('question')!r}.")
        indices.append(index)
    return groups, None


def _parse_forecast(question: QuestionRecord, index: int, raw: dict) -> tuple:
    where = f"forecasts[{index}]"
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
    return user, at, vector, withdrawn_at


def _load_events(question: QuestionRecord, indices: list[int], raw_forecasts: list) -> tuple[int, str] | None:
    """Fill question.events from its forecast records; on a bad record, (its index, the message) instead."""
    parsed = []
    for index in indices:
        try:
            parsed.append(_parse_forecast(question, index, raw_forecasts[index]))
        except InterchangeError as error:
            return index, str(error)
    question.events = _with_withdrawals(parsed)
    return None


def parse(document) -> list[QuestionRecord]:
    """Validate a whole document; the first problem in file order raises InterchangeError naming its record."""
    questions = _parse_questions(document)
    raw_forecasts = document.get("forecasts", [])
    groups, first_error = _group_forecasts(raw_forecasts, questions)
    errors = [first_error] if first_error else []
    for question_id, question in questions.items():
        error = _load_events(question, groups[question_id], raw_forecasts)
        if error:
            errors.append(error)
    if errors:
        raise InterchangeError(min(errors)[1])
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


def community_rows(question: QuestionRecord, series, methods) -> list[dict]:
    """The output's community points: P(yes) for binary questions, {option: p} for multiple choice.

    `series` is what score_question_record returns: for binary questions (time, P(yes) per method in `methods`
    order, or None), for multiple choice (time, {method: vector or None}).
    """
    rows = []
    for at, values in series:
        row = {"question": question.id, "at": format_time(at)}
        if question.type == BINARY:
            row.update(zip(methods, values if values is not None else [None] * len(methods), strict=True))
        else:
            for method in methods:
                vector = values[method]
                row[method] = None if vector is None else dict(zip(question.options, map(float, vector), strict=True))
        rows.append(row)
    return rows


def community_json(question: QuestionRecord, series, methods) -> str:
    """community_rows as comma-joined JSON objects, written directly (the bulk of a large output).

    Binary series come from binary_series: (time, P(yes) per method in `methods` order).
    """
    if question.type != BINARY:
        return json.dumps(community_rows(question, series, methods))[1:-1]
    prefix = '{"question": ' + json.dumps(question.id) + ', "at": "'
    keys = [', "' + method + '": ' for method in methods]
    nulls = "".join(key + "null" for key in keys) + "}"
    parts = []
    for at, values in series:
        if values is None:
            parts.append(prefix + format_time_fast(at) + '"' + nulls)
            continue
        fields = [prefix, format_time_fast(at), '"']
        for key, value in zip(keys, values, strict=True):
            fields.append(key)
            fields.append(repr(value))
        fields.append("}")
        parts.append("".join(fields))
    return ",".join(parts)


def score_question_record(question: QuestionRecord, methods=METHODS) -> tuple[list[dict], list[dict], list]:
    """(user score rows, crowd rows, community series) of one question; see community_rows for the series."""
    end = question.actual_close_at if question.actual_close_at is not None else question.scheduled_close_at
    # The crowd is always scored on the recency-weighted median, whichever methods the output lists.
    needed = tuple(dict.fromkeys((DEFAULT_METHOD, *methods)))
    if question.type == BINARY:
        steps = binary_series(question.events, opens_at=question.opens_at, closes_at=end, methods=needed)
        offset = needed.index(DEFAULT_METHOD)
        columns = [needed.index(method) for method in methods]
        community = [(at, None if values is None else tuple(values[c] for c in columns)) for at, values in steps]
        crowd_points = [(at, None if values is None else (1 - values[offset], values[offset])) for at, values in steps]
    else:
        events = [AggregationEvent(at, user, vector) for user, at, vector in question.events]
        community = community_series_all_methods(events, opens_at=question.opens_at, closes_at=end, methods=needed)
        crowd_points = [(at, values[DEFAULT_METHOD]) for at, values in community]
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
    by_user, crowd = score_with_crowd(question.events, crowd_points, window)
    rows = [{"question": question.id, "user": user, **by_user[user]} for user in users]
    return rows, [{"question": question.id, "user": CROWD, **crowd}], community


def score_document(
    document, *, methods=METHODS, progress: Callable[[int, int], None] | None = None
) -> dict[str, list[dict]]:
    """Scores, crowd rows and community points of a whole document, in one process."""
    questions = parse(document)
    scores, crowd, community = [], [], []
    for done, question in enumerate(questions, start=1):
        rows, crowd_rows, series = score_question_record(question, methods)
        scores += rows
        crowd += crowd_rows
        community += community_rows(question, series, methods)
        if progress is not None:
            progress(done, len(questions))
    return {"scores": scores, "crowd": crowd, "community": community}


# Filled in the parent right before the worker processes fork, so the workers read the document without copying it.
_SHARED: dict = {}


def _score_chunk(question_ids: list[str]) -> tuple[str, object]:
    """Validate, then score, one share of the questions; JSON fragments back, or the share's first error."""
    document, questions, groups, methods = (_SHARED[key] for key in ("document", "questions", "groups", "methods"))
    raw_forecasts = document.get("forecasts", [])
    errors = [
        error
        for question_id in question_ids
        if (error := _load_events(questions[question_id], groups[question_id], raw_forecasts))
    ]
    if errors:
        return "error", min(errors)
    fragments: dict[str, list[str]] = {"scores": [], "crowd": [], "community": []}
    for question_id in question_ids:
        question = questions[question_id]
        rows, crowd_rows, series = score_question_record(question, methods)
        for key, items in (("scores", rows), ("crowd", crowd_rows)):
            if items:
                fragments[key].append(json.dumps(items)[1:-1])
        if series:
            fragments["community"].append(community_json(question, series, methods))
    return "ok", {key: ",".join(parts) for key, parts in fragments.items()}


def score_document_json(
    document, *, methods=METHODS, progress: Callable[[int, int], None] | None = None, jobs: int = 1
) -> str:
    """The same result as score_document, as JSON text (see write_scores_json)."""
    buffer = io.StringIO()
    write_scores_json(document, buffer, methods=methods, progress=progress, jobs=jobs)
    return buffer.getvalue()


def write_scores_json(
    document, out, *, methods=METHODS, progress: Callable[[int, int], None] | None = None, jobs: int = 1
) -> None:
    """Score a document and write the result to the text stream `out`, the questions shared among `jobs` processes.

    Every share is validated before it is scored and the error reported is the first in file order, so the output
    and the error messages do not depend on `jobs`. The community series (the bulk of the output) is written as
    shares finish; on an error InterchangeError is raised after part of it may have been written, so callers write
    to a temporary file and keep it only on success.
    """
    questions = _parse_questions(document)
    groups, first_error = _group_forecasts(document.get("forecasts", []), questions)
    ids = list(questions)
    _SHARED.update(document=document, questions=questions, groups=groups, methods=methods)
    chunk_size = max(1, min(500, len(ids) // (jobs * 16) or 1))
    chunks = [ids[start : start + chunk_size] for start in range(0, len(ids), chunk_size)]
    errors = [first_error] if first_error else []
    held: dict[str, list[str]] = {"scores": [], "crowd": []}
    wrote_point = False
    out.write('{"community": [')

    def take(done: int, result) -> None:
        nonlocal wrote_point
        status, payload = result
        if status == "error":
            errors.append(payload)
        elif not errors:
            if payload["community"]:
                out.write(("," if wrote_point else "") + payload["community"])
                wrote_point = True
            for key in held:
                if payload[key]:
                    held[key].append(payload[key])
        if progress is not None:
            progress(min(done * chunk_size, len(ids)), len(ids))

    try:
        if jobs > 1 and len(chunks) > 1:
            # Workers read the parent's document through fork; frozen objects are not touched by their collector.
            gc.freeze()
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for done, result in enumerate(pool.imap(_score_chunk, chunks), start=1):
                    take(done, result)
        else:
            for done, chunk in enumerate(chunks, start=1):
                take(done, _score_chunk(chunk))
    finally:
        _SHARED.clear()
        gc.unfreeze()
    if errors:
        raise InterchangeError(min(errors)[1])
    out.write('], "scores": [' + ",".join(held["scores"]) + '], "crowd": [' + ",".join(held["crowd"]) + "]}")


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
