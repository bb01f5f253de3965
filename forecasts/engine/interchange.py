"""The forecast interchange format: read and validate it into compact columns (pure Python and numpy).

    {"questions": [{"id", "type": "binary" | "multiple_choice" | "numeric" | "date",
                    "options": [...] (multiple choice only),
                    "range": {"min", "max", "open_lower_bound", "open_upper_bound", "zero_point"} (numeric and
                             date only; a date question's min, max and zero point are times),
                    "opens_at", "scheduled_close_at", "actual_close_at", "resolution": "yes" | "no" | option |
                    a number (numeric) | a time (date) | "annulled" | null}],
     "forecasts": [{"question", "user", "at", "probability": p | "probabilities": {option: p} | "cdf": [201],
                    "withdrawn_at": time | null}]}

A forecast stands from `at` until the same user's next forecast on that question, its `withdrawn_at`, or the actual
close. Times are ISO-8601 with a time zone. The same format is what `export_forecasts` writes; batch_scoring.py
scores it.

Forecasts are read into an EventTable: one row per forecast or counted withdrawal, grouped by question and in the
order the series and the scores take them (by time; simultaneous events in file order, a withdrawal right after its
own forecast). A million forecasts take tens of megabytes there instead of the gigabyte their dictionaries take.
"""

import functools
import math
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np

from forecasts.engine.continuous import Scale, outcome_location
from forecasts.engine.validation import (
    PROBABILITY_MAX,
    PROBABILITY_MIN,
    ForecastInputError,
    parse_binary_probability,
    parse_cdf,
    parse_option_probabilities,
)

BINARY = "binary"
MULTIPLE_CHOICE = "multiple_choice"
NUMERIC = "numeric"
DATE = "date"
DISTRIBUTIONS = (NUMERIC, DATE)
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
    resolution: str | float | None
    # (user, at, vector or None for a withdrawal), in input order; sorted by time before use
    events: list[tuple[str, float, list[float] | None]] = field(default_factory=list)
    # Numeric and date questions: the scale and which bounds are open (a date's values in seconds).
    scale: Scale | None = None
    open_lower: bool = False
    open_upper: bool = False

    @property
    def is_distribution(self) -> bool:
        return self.type in DISTRIBUTIONS

    @property
    def outcome_location(self) -> float | None:
        """A resolved numeric or date question's outcome on its scale (beyond an open bound: below 0 or above 1)."""
        if self.scale is None or not isinstance(self.resolution, float):
            return None
        return outcome_location(self.scale, self.resolution)

    @property
    def option_count(self) -> int:
        return 2 if self.type == BINARY else len(self.options)

    @property
    def outcome_index(self) -> int | None:
        if self.resolution in (None, ANNULLED):
            return None
        if self.type == BINARY:
            return 1 if self.resolution == "yes" else 0
        if self.is_distribution:
            return None
        return self.options.index(str(self.resolution))


def parse_time(value: object, where: str) -> float:
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


_CLOCKS = [
    f"{hours:02d}:{minutes:02d}:{seconds:02d}" for hours in range(24) for minutes in range(60) for seconds in range(60)
]


def format_times(seconds: list[float]) -> list[str]:
    """format_time of each time, vectorised: the same rounding to the microsecond (the fraction alone, half to even)."""
    values = np.asarray(seconds, dtype=float)
    fraction, whole = np.modf(values)
    micros = np.rint(fraction * 1e6).astype(np.int64)
    whole = whole.astype(np.int64)
    over = micros >= 1_000_000
    whole[over] += 1
    micros[over] -= 1_000_000
    under = micros < 0
    whole[under] -= 1
    micros[under] += 1_000_000
    day, second = np.divmod(whole, 86400)
    return [
        f"{_day_prefix(d)}{_CLOCKS[s]}.{m:06d}Z" if m else f"{_day_prefix(d)}{_CLOCKS[s]}Z"
        for d, s, m in zip(day.tolist(), second.tolist(), micros.tolist(), strict=True)
    ]


def _parse_question(index: int, raw: object) -> QuestionRecord:
    where = f"questions[{index}]"
    if not isinstance(raw, dict):
        raise InterchangeError(f"{where}: expected an object.")
    question_id = raw.get("id")
    if not isinstance(question_id, str) or not question_id:
        raise InterchangeError(f"{where}: needs a non-empty string id.")
    where = f"questions[{index}] ({question_id})"
    kind = raw.get("type")
    if kind not in (BINARY, MULTIPLE_CHOICE, *DISTRIBUTIONS):
        raise InterchangeError(f"{where}: type must be 'binary', 'multiple_choice', 'numeric' or 'date', got {kind!r}.")
    if kind in DISTRIBUTIONS:
        return _parse_distribution_question(where, question_id, kind, raw)
    options = raw.get("options") or []
    if kind == MULTIPLE_CHOICE:
        if not isinstance(options, list) or len(options) < 2 or len(set(options)) != len(options):
            raise InterchangeError(f"{where}: a multiple-choice question needs two or more distinct options.")
        if not all(isinstance(option, str) and option for option in options):
            raise InterchangeError(f"{where}: options must be non-empty strings.")
    elif options:
        raise InterchangeError(f"{where}: a binary question has no options.")
    opens_at, scheduled_close_at, actual_close_at = _window(where, raw)
    resolution = raw.get("resolution")
    allowed = ["yes", "no"] if kind == BINARY else list(options)
    if resolution is not None and resolution != ANNULLED and resolution not in allowed:
        raise InterchangeError(
            f"{where}: resolution must be one of {', '.join([*allowed, ANNULLED])} or null, got {resolution!r}."
        )
    if resolution not in (None, ANNULLED) and actual_close_at is None:
        raise InterchangeError(f"{where}: a resolved question needs actual_close_at.")
    return QuestionRecord(question_id, kind, list(options), opens_at, scheduled_close_at, actual_close_at, resolution)


def _window(where: str, raw: dict[str, Any]) -> tuple[float, float, float | None]:
    opens_at = parse_time(raw.get("opens_at"), f"{where} opens_at")
    scheduled_close_at = parse_time(raw.get("scheduled_close_at"), f"{where} scheduled_close_at")
    if scheduled_close_at <= opens_at:
        raise InterchangeError(f"{where}: scheduled_close_at must be after opens_at.")
    actual = raw.get("actual_close_at")
    actual_close_at = None if actual is None else parse_time(actual, f"{where} actual_close_at")
    if actual_close_at is not None and actual_close_at <= opens_at:
        raise InterchangeError(f"{where}: actual_close_at must be after opens_at.")
    return opens_at, scheduled_close_at, actual_close_at


def _value(value: object, kind: str, where: str) -> float:
    """A numeric question's number, or a date question's time, as the scale's seconds."""
    if kind == DATE:
        return parse_time(value, where)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InterchangeError(f"{where}: expected a number, got {value!r}.")
    return float(value)


def _parse_distribution_question(where: str, question_id: str, kind: str, raw: dict[str, Any]) -> QuestionRecord:
    if raw.get("options"):
        raise InterchangeError(f"{where}: a {kind} question has no options.")
    span = raw.get("range")
    if not isinstance(span, dict):
        raise InterchangeError(f"{where}: a {kind} question needs a range object.")
    lower = _value(span.get("min"), kind, f"{where} range.min")
    upper = _value(span.get("max"), kind, f"{where} range.max")
    zero = span.get("zero_point")
    zero_point = None if zero is None else _value(zero, kind, f"{where} range.zero_point")
    if lower >= upper:
        raise InterchangeError(f"{where}: range.max must be above range.min.")
    if zero_point is not None and lower <= zero_point <= upper:
        raise InterchangeError(f"{where}: range.zero_point must lie outside the range.")
    flags = [span.get(name, False) for name in ("open_lower_bound", "open_upper_bound")]
    if not all(isinstance(flag, bool) for flag in flags):
        raise InterchangeError(f"{where}: open_lower_bound and open_upper_bound are true or false.")
    opens_at, scheduled_close_at, actual_close_at = _window(where, raw)
    resolution: str | float | None = raw.get("resolution")
    if resolution not in (None, ANNULLED):
        resolution = _value(resolution, kind, f"{where} resolution")
        if (resolution < lower and not flags[0]) or (resolution > upper and not flags[1]):
            raise InterchangeError(f"{where}: the resolution lies beyond a closed bound of the range.")
        if actual_close_at is None:
            raise InterchangeError(f"{where}: a resolved question needs actual_close_at.")
    return QuestionRecord(
        question_id,
        kind,
        [],
        opens_at,
        scheduled_close_at,
        actual_close_at,
        resolution,
        scale=Scale(lower, upper, zero_point),
        open_lower=flags[0],
        open_upper=flags[1],
    )


def _forecast_vector(question: QuestionRecord, raw: dict[str, Any], where: str) -> list[float]:
    try:
        if question.is_distribution:
            if "probability" in raw or "probabilities" in raw:
                raise ForecastInputError("cdf", "a numeric or date forecast is a cdf.")
            return parse_cdf(raw.get("cdf"), open_lower=question.open_lower, open_upper=question.open_upper)
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


def _parse_questions(document: object) -> dict[str, QuestionRecord]:
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


def _parse_forecast(
    question: QuestionRecord, index: int, raw: dict[str, Any]
) -> tuple[str, float, list[float], float | None]:
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


class ForecastReader:
    """Reads the forecast records in file order into columns; the first bad record raises InterchangeError.

    The common record (a binary forecast with a float probability and no withdrawal) is checked inline; any other
    goes through _parse_forecast, which accepts it or names the problem, so both paths accept the same records.
    """

    def __init__(self, questions: list[QuestionRecord]) -> None:
        self.questions = questions
        self.question_index = {question.id: index for index, question in enumerate(questions)}
        self.question = array("l")
        self.user = array("l")
        self.at = array("d")
        self.yes = array("d")  # P(yes) of a binary forecast; NaN for multiple choice
        self.withdrawn_at = array("d")  # NaN when there is none
        self.vectors: dict[int, list[float]] = {}  # multiple-choice vectors by record number
        self.user_ids: dict[str, int] = {}

    def read(self, raw_forecasts: list[Any]) -> "ForecastReader":
        question_index, questions, user_ids = self.question_index, self.questions, self.user_ids
        append_question, append_user, append_at = self.question.append, self.user.append, self.at.append
        append_yes, append_withdrawn = self.yes.append, self.withdrawn_at.append
        nan = float("nan")
        for index, raw in enumerate(raw_forecasts):
            if not isinstance(raw, dict):
                raise InterchangeError(f"forecasts[{index}]: expected an object.")
            key = raw.get("question")
            number = question_index.get(key) if isinstance(key, str) else None
            if number is None:
                raise InterchangeError(f"forecasts[{index}]: unknown question {raw.get('question')!r}.")
            question = questions[number]
            user, at, p = raw.get("user"), raw.get("at"), raw.get("probability")
            moment = None
            if (
                question.type == BINARY
                and type(p) is float
                and PROBABILITY_MIN <= p <= PROBABILITY_MAX
                and type(user) is str
                and user
                and user != CROWD
                and type(at) is str
                and raw.get("withdrawn_at") is None
                and "probabilities" not in raw
            ):
                try:
                    moment = datetime.fromisoformat(at)
                except ValueError:
                    moment = None
            if moment is not None and moment.tzinfo is not None:
                seconds, withdrawn_at, vector = moment.timestamp(), nan, None
            else:
                user, seconds, vector, withdrawn = _parse_forecast(question, index, raw)
                withdrawn_at = nan if withdrawn is None else withdrawn
                p = vector[1] if question.type == BINARY else nan
                if question.type != BINARY:
                    self.vectors[len(self.at)] = vector
            name = cast(str, user)  # checked above, or by _parse_forecast
            user_id = user_ids.get(name)
            if user_id is None:
                user_id = user_ids[name] = len(user_ids)
            append_question(number)
            append_user(user_id)
            append_at(seconds)
            append_yes(cast(float, p))
            append_withdrawn(withdrawn_at)
        return self


@dataclass
class EventTable:
    """Every question's events as parallel arrays, grouped by question in question order, each group in event order.

    A forecast row has its value (`yes`, or `vector_of[row]` for multiple choice); a withdrawal row has withdrawal
    set and NaN. `users` are the user names in sorted order and `user` indexes them, so codes sort like names.
    """

    questions: list[QuestionRecord]
    users: list[str]
    question: np.ndarray
    user: np.ndarray
    at: np.ndarray
    yes: np.ndarray
    withdrawal: np.ndarray
    record: np.ndarray  # the forecast record each row comes from (for multiple-choice vectors)
    vectors: dict[int, list[float]] = field(default_factory=dict)
    starts: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.starts = np.searchsorted(self.question, np.arange(len(self.questions) + 1))

    def rows(self, number: int) -> slice:
        return slice(int(self.starts[number]), int(self.starts[number + 1]))

    def vector(self, row: int) -> list[float] | None:
        """The forecast vector of a row as the format gives it ([P(no), P(yes)] for binary); None for a withdrawal."""
        if self.withdrawal[row]:
            return None
        record = int(self.record[row])
        if record in self.vectors:
            return self.vectors[record]
        p = float(self.yes[row])
        return [1 - p, p]

    def events(self, number: int) -> list[tuple[str, float, list[float] | None]]:
        """One question's events as (user, at, vector or None for a withdrawal) tuples, in event order."""
        span = self.rows(number)
        return [
            (self.users[user], at, self.vector(row))
            for row, user, at in zip(
                range(span.start, span.stop), self.user[span].tolist(), self.at[span].tolist(), strict=True
            )
        ]


def event_table(questions: list[QuestionRecord], reader: ForecastReader) -> EventTable:
    """Order the records into events: per question by time; simultaneous events in the order of their forecasts by
    (time, file order), a withdrawal right after its own forecast. A withdrawal counts only if it comes before the
    same user's next forecast on the question."""
    question = np.array(reader.question, dtype=np.int64)
    names = sorted(reader.user_ids)
    rename = np.empty(len(names), dtype=np.int64)
    rename[[reader.user_ids[name] for name in names]] = np.arange(len(names))
    user = rename[np.array(reader.user, dtype=np.int64)]
    at = np.array(reader.at, dtype=float)
    yes = np.array(reader.yes, dtype=float)
    withdrawn_at = np.array(reader.withdrawn_at, dtype=float)
    count = len(at)
    record = np.arange(count)
    by_time = np.lexsort((record, at, question))  # each question's forecasts by (time, file order)
    if np.isnan(withdrawn_at).all():
        return EventTable(
            questions=questions,
            users=names,
            question=question[by_time],
            user=user[by_time],
            at=at[by_time],
            yes=yes[by_time],
            withdrawal=np.zeros(count, dtype=bool),
            record=by_time,
            vectors=reader.vectors,
        )
    position = np.empty(count, dtype=np.int64)
    position[by_time] = np.arange(count)
    # The same user's next forecast on the question, by that order: a withdrawal must come before it.
    by_user = np.lexsort((position, user, question))
    next_at = np.full(count, np.inf)
    same = (question[by_user][1:] == question[by_user][:-1]) & (user[by_user][1:] == user[by_user][:-1])
    next_at[by_user[:-1][same]] = at[by_user[1:][same]]
    counted = withdrawn_at < next_at  # NaN (no withdrawal) compares false
    withdrawn = np.flatnonzero(counted)
    rows_question = np.concatenate([question, question[withdrawn]])
    rows_at = np.concatenate([at, withdrawn_at[withdrawn]])
    rows_key = np.concatenate([2 * position, 2 * position[withdrawn] + 1])
    order = np.lexsort((rows_key, rows_at, rows_question))
    return EventTable(
        questions=questions,
        users=names,
        question=rows_question[order],
        user=np.concatenate([user, user[withdrawn]])[order],
        at=rows_at[order],
        yes=np.concatenate([yes, np.full(len(withdrawn), np.nan)])[order],
        withdrawal=np.concatenate([np.zeros(count, dtype=bool), np.ones(len(withdrawn), dtype=bool)])[order],
        record=np.concatenate([record, withdrawn])[order],
        vectors=reader.vectors,
    )


def read_document(document: dict[str, Any]) -> EventTable:
    """Validate a whole document into its EventTable; the first problem in file order raises InterchangeError."""
    questions = list(_parse_questions(document).values())
    reader = ForecastReader(questions).read(document.get("forecasts", []))
    return event_table(questions, reader)


def parse(document: dict[str, Any]) -> list[QuestionRecord]:
    """Validate a whole document; each question comes back with its events (see EventTable.events)."""
    table = read_document(document)
    for number, question in enumerate(table.questions):
        question.events = table.events(number)
    return table.questions
