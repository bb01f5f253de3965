"""Score an interchange document with no database (`score_file`): community series, user scores and crowd rows.

The document is read and validated first, whole (interchange.read_document), into an EventTable of compact arrays,
so nothing is written for a bad file and the dictionaries can be freed before the work starts. The questions are
then scored in chunks, in parallel processes that share the table through fork: each chunk computes its small
crowds' series in one batch (small_crowd_series.py), every other series step by step, and each question's scores
from array slices. Chunks write their JSON to files of their own, which the parent joins in question order, so the
output and the memory used do not depend on the number of processes or on the size of the output.

The output is the JSON that json.dumps would write for {"community": [...], "scores": [...], "crowd": [...]},
byte for byte (a test holds it to that), with each part written directly.
"""

import gc
import io
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import orjson

from forecasts.engine.aggregation import DEFAULT_EXTREMIZING, DEFAULT_METHOD, METHODS, SMALL_CROWD
from forecasts.engine.continuous import Window
from forecasts.engine.distribution_crowd import DISTRIBUTION_METHODS, DistributionState
from forecasts.engine.distribution_scores import score_distributions
from forecasts.engine.interchange import (
    ANNULLED,
    BINARY,
    CROWD,
    EventTable,
    InterchangeError,
    QuestionRecord,
    format_times,
    read_document,
)
from forecasts.engine.scoring import FIELDS, ForecastEvents, QuestionWindow, score_coded_with_crowd
from forecasts.engine.series import (
    Event,
    community_series_all_methods,
    extend_series_all_methods,
    stepwise_binary_series,
)
from forecasts.engine.small_crowd_series import SmallCrowdBatch, small_crowd_batch_series

PARTS = ("community", "scores", "crowd")
# Questions per chunk at most; fewer when that leaves each process fewer than ~16 chunks to balance the load.
CHUNK_QUESTIONS = 500


def score_document(document: dict[str, Any], *, methods: Sequence[str] = METHODS) -> dict[str, list[dict[str, Any]]]:
    """Scores, crowd rows and community points of a whole document, as Python objects."""
    return json.loads(score_document_json(document, methods=methods))


def score_document_json(
    document: dict[str, Any],
    *,
    methods: Sequence[str] = METHODS,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
) -> str:
    """The whole result as JSON text (see write_scores_json)."""
    buffer = io.StringIO()
    write_scores_json(read_document(document), buffer, methods=methods, progress=progress, jobs=jobs)
    return buffer.getvalue()


def write_scores_json(
    table: EventTable,
    out: IO[str],
    *,
    methods: Sequence[str] = METHODS,
    progress: Callable[[int, int], None] | None = None,
    jobs: int = 1,
    scratch: str | None = None,
) -> None:
    """Score a validated document and write the result to the text stream `out`, sharing the questions among
    `jobs` processes. `scratch` is where chunks write their parts (a temporary directory by default)."""
    count = len(table.questions)
    chunk_size = max(1, min(CHUNK_QUESTIONS, count // (jobs * 16) or 1))
    chunks = [(start, min(start + chunk_size, count)) for start in range(0, count, chunk_size)]
    with tempfile.TemporaryDirectory(prefix="signpost-score-", dir=scratch) as directory:
        _SHARED.update(table=table, methods=tuple(methods), directory=directory)
        written = dict.fromkeys(PARTS, False)

        def append(part: str, path: Path) -> None:
            if path.stat().st_size == 0:
                return
            if written[part]:
                out.write(",")
            with open(path, encoding="utf-8") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
            written[part] = True

        out.write('{"community": [')
        try:
            if jobs > 1 and len(chunks) > 1:
                # The table's arrays are shared with the workers through fork; freezing keeps the collector off them.
                gc.freeze()
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    results = pool.imap(_score_chunk, chunks)
                    for done, paths in enumerate(results, start=1):
                        append("community", paths["community"])
                        _report(progress, done, chunks)
            else:
                for done, chunk in enumerate(chunks, start=1):
                    append("community", _score_chunk(chunk)["community"])
                    _report(progress, done, chunks)
        finally:
            _SHARED.clear()
            gc.unfreeze()
        for part in ("scores", "crowd"):
            out.write(f'], "{part}": [')
            for chunk in chunks:
                append(part, _chunk_path(directory, chunk, part))
        out.write("]}")


def _report(progress: Callable[[int, int], None] | None, done: int, chunks: list[tuple[int, int]]) -> None:
    if progress is not None:
        total = chunks[-1][1]
        progress(chunks[done - 1][1] if done <= len(chunks) else total, total)


# Filled in the parent right before the worker processes fork, so the workers read the table without copying it.
_SHARED: dict[str, Any] = {}


def _chunk_path(directory: str, chunk: tuple[int, int], part: str) -> Path:
    return Path(directory) / f"{chunk[0]:09d}.{part}"


def _score_chunk(chunk: tuple[int, int]) -> dict[str, Path]:
    """Score questions chunk[0] ≤ n < chunk[1]; write each part's JSON fragment to the chunk's files."""
    table, methods, directory = (_SHARED[key] for key in ("table", "methods", "directory"))
    texts = score_questions(table, range(*chunk), methods)
    paths = {}
    for part in PARTS:
        paths[part] = _chunk_path(directory, chunk, part)
        with open(paths[part], "w", encoding="utf-8") as handle:
            handle.write(texts[part])
    return paths


def score_questions(table: EventTable, numbers: range, methods: Sequence[str]) -> dict[str, str]:
    """The three JSON fragments (comma-joined rows) for the questions `numbers` of the table."""
    needed = tuple(dict.fromkeys((DEFAULT_METHOD, *methods)))  # the crowd is scored on the recency-weighted median
    series = _series(table, numbers, needed)
    fragments: dict[str, list[str]] = {part: [] for part in PARTS}
    fragments["community"] = _community_json(table, numbers, series, needed, methods)
    for number in numbers:
        question = table.questions[number]
        steps = series[number]
        if question.resolution is None:
            continue
        scores, crowd = _scores_json(table, number, steps, needed)
        if scores:
            fragments["scores"].append(scores)
        fragments["crowd"].append(crowd)
    return {part: ",".join(items) for part, items in fragments.items()}


def _series_end(question: QuestionRecord) -> float:
    return question.actual_close_at if question.actual_close_at is not None else question.scheduled_close_at


def _series(table: EventTable, numbers: range, needed: tuple[str, ...]) -> dict[int, list[Any]]:
    """Each question's community steps: binary (time, P(yes) per method or None), else (time, {method: vector})."""
    series: dict[int, list[Any]] = {}
    small: list[int] = []
    for number in numbers:
        question = table.questions[number]
        span = table.rows(number)
        if question.is_distribution:
            events = [Event(at, user, vector) for user, at, vector in table.events(number)]
            steps = extend_series_all_methods(
                DistributionState(),
                events,
                opens_at=question.opens_at,
                closes_at=_series_end(question),
                methods=DISTRIBUTION_METHODS,
            )
            series[number] = [(at, values) for at, values, _ in steps]
        elif question.type == BINARY and len(np.unique(table.user[span])) <= SMALL_CROWD:
            small.append(number)
        elif question.type == BINARY:
            series[number] = stepwise_binary_series(
                table.events(number), opens_at=question.opens_at, closes_at=_series_end(question), methods=needed
            )
        else:
            events = [Event(at, user, vector) for user, at, vector in table.events(number)]
            series[number] = community_series_all_methods(
                events, opens_at=question.opens_at, closes_at=_series_end(question), methods=needed
            )
    if small:
        batch = small_crowd_batch_series(
            _small_crowd_batch(table, small), methods=needed, extremizing=DEFAULT_EXTREMIZING
        )
        series.update(zip(small, batch, strict=True))
    return series


def _small_crowd_batch(table: EventTable, numbers: list[int]) -> SmallCrowdBatch:
    """The events of these binary questions, cut at the close and clamped to the opening, as one batch."""
    spans = []
    for number in numbers:
        question = table.questions[number]
        span = table.rows(number)
        # Events are in time order, so those before the close are a prefix.
        kept = int(np.searchsorted(table.at[span], _series_end(question), side="left"))
        spans.append((span.start, kept, question.opens_at))
    rows = np.concatenate([np.arange(start, start + kept) for start, kept, _ in spans]) if spans else np.zeros(0, int)
    sizes = [kept for _, kept, _ in spans]
    opens = np.repeat([opens_at for _, _, opens_at in spans], sizes)
    position = np.repeat(np.arange(len(spans)), sizes)
    # Codes 0..n−1 within each question: rank (question, user) pairs, then subtract each question's first rank.
    keys = position * len(table.users) + table.user[rows]
    unique, codes = np.unique(keys, return_inverse=True)
    first = np.searchsorted(unique, np.arange(len(spans)) * len(table.users))
    at = table.at[rows]
    return SmallCrowdBatch(
        sizes,
        (codes - first[position]).astype(np.int64),
        np.where(at >= opens, at, opens),
        table.yes[rows],
    )


def _community_json(
    table: EventTable, numbers: range, series: dict[int, list[Any]], needed: tuple[str, ...], methods: Sequence[str]
) -> list[str]:
    """Each question's community points as comma-joined JSON objects (binary questions' floats and times formatted
    for the whole chunk at once)."""
    columns = [needed.index(method) for method in methods]
    binary_steps = [step for number in numbers if table.questions[number].type == BINARY for step in series[number]]
    times = iter(format_times([at for at, _ in binary_steps]))
    present = [values for _, values in binary_steps if values is not None]
    texts = zip(*(float_texts([values[column] for values in present]) for column in columns), strict=True)
    keys = [', "' + method + '": ' for method in methods]
    nulls = "".join(key + "null" for key in keys) + "}"
    fields = "".join(key + "%s" for key in keys) + "}"
    parts = []
    for number in numbers:
        question, steps = table.questions[number], series[number]
        if not steps:
            continue
        if question.is_distribution:
            parts.append(_distribution_community_json(question, steps))
            continue
        if question.type != BINARY:
            parts.append(_multiple_choice_community_json(question, steps, methods))
            continue
        prefix = '{"question": ' + json.dumps(question.id) + ', "at": "'
        template = prefix + '%s"' + fields
        rows = [
            prefix + next(times) + '"' + nulls if values is None else template % (next(times), *next(texts))
            for _, values in steps
        ]
        parts.append(",".join(rows))
    return parts


def _multiple_choice_community_json(question: QuestionRecord, steps: list[Any], methods: Sequence[str]) -> str:
    rows = []
    for at, (_, values) in zip(format_times([at for at, _ in steps]), steps, strict=True):
        row: dict[str, Any] = {"question": question.id, "at": at}
        for method in methods:
            vector = values[method]
            row[method] = None if vector is None else dict(zip(question.options, map(float, vector), strict=True))
        rows.append(row)
    return json.dumps(rows)[1:-1]


def _distribution_community_json(question: QuestionRecord, steps: list[Any]) -> str:
    """A numeric or date question's community points: {"question", "at", "cdf"} (its one method, the weighted mean)."""
    times = format_times([at for at, _ in steps])
    rows = [
        {"question": question.id, "at": at, "cdf": values[DEFAULT_METHOD]}
        for at, (_, values) in zip(times, steps, strict=True)
    ]
    return json.dumps(rows)[1:-1]


def _distribution_scores_json(table: EventTable, number: int, steps: list[Any]) -> tuple[str, str]:
    """A numeric or date question's rows: baseline, peer and CRPS (distribution_scores.py), the other rules null."""
    question = table.questions[number]
    span = table.rows(number)
    names = sorted({table.users[user] for user in table.user[span].tolist()})
    fields = (*FIELDS, "crps")
    if question.resolution == ANNULLED:
        users, crowd = {name: dict.fromkeys(fields) for name in names}, dict.fromkeys(fields)
    else:
        location, closed_at = question.outcome_location, question.actual_close_at
        if location is None or closed_at is None:
            raise InterchangeError(f"{question.id}: a resolved question needs its close time and outcome.")
        window = Window(opened=question.opens_at, closed=closed_at, scheduled_close=question.scheduled_close_at)
        open_bounds = int(question.open_lower) + int(question.open_upper)
        crowd_points = [(at, values[DEFAULT_METHOD]) for at, values in steps]
        scored, crowd = score_distributions(
            table.events(number), crowd_points, location=location, window=window, open_bounds=open_bounds
        )
        users = {name: scored[name] for name in names}
    rows = [dict.fromkeys(fields) | row for row in [*users.values(), crowd]]
    texts = _score_rows_json(question.id, [*users, CROWD], rows, fields=fields)
    return ", ".join(texts[:-1]), texts[-1]


def _scores_json(table: EventTable, number: int, steps: list[Any], needed: tuple[str, ...]) -> tuple[str, str]:
    """(the users' score rows, the crowd's row) of a resolved or annulled question, as JSON text."""
    question = table.questions[number]
    if question.is_distribution:
        return _distribution_scores_json(table, number, steps)
    span = table.rows(number)
    users, codes = np.unique(table.user[span], return_inverse=True)
    names = [table.users[user] for user in users.tolist()]
    if question.resolution == ANNULLED:
        rows = [dict.fromkeys(FIELDS) for _ in range(len(names) + 1)]
    else:
        closed_at, outcome = question.actual_close_at, question.outcome_index
        if closed_at is None or outcome is None:  # parse() requires both of a resolved question
            raise InterchangeError(f"{question.id}: a resolved question needs its close time and outcome.")
        window = QuestionWindow(
            opens_at=question.opens_at,
            scheduled_close_at=question.scheduled_close_at,
            actual_close_at=closed_at,
            outcome=outcome,
            option_count=question.option_count,
        )
        rows = score_coded_with_crowd(
            _user_events(table, span, codes, question), len(names), _crowd_events(steps, needed, question), window
        )
    texts = _score_rows_json(question.id, [*names, CROWD], rows)
    return ", ".join(texts[:-1]), texts[-1]


def _user_events(table: EventTable, span: slice, codes: np.ndarray, question: QuestionRecord) -> ForecastEvents:
    withdrawal = table.withdrawal[span]
    if question.type == BINARY:
        yes = table.yes[span]
        values = np.column_stack([1 - yes, yes])
    else:
        values = np.full((span.stop - span.start, question.option_count), np.nan)
        for offset, row in enumerate(range(span.start, span.stop)):
            vector = table.vector(row)
            if vector is not None:
                values[offset] = vector
    return ForecastEvents(users=codes.astype(np.int64), times=table.at[span], values=values, withdrawal=withdrawal)


def _crowd_events(steps: list[Any], needed: tuple[str, ...], question: QuestionRecord) -> ForecastEvents:
    """The community forecast's steps (recency-weighted median) as the crowd's forecasts; None is a withdrawal."""
    count = len(steps)
    times = np.array([at for at, _ in steps], dtype=float)
    values = np.full((count, question.option_count), np.nan)
    if question.type == BINARY:
        withdrawal = np.array([step is None for _, step in steps], dtype=bool)
        column = needed.index(DEFAULT_METHOD)
        yes = np.array([np.nan if step is None else step[column] for _, step in steps], dtype=float)
        values[:, 0] = 1 - yes
        values[:, 1] = yes
    else:
        withdrawal = np.array([vectors[DEFAULT_METHOD] is None for _, vectors in steps], dtype=bool)
        for index, (_, vectors) in enumerate(steps):
            if vectors[DEFAULT_METHOD] is not None:
                values[index] = vectors[DEFAULT_METHOD]
    return ForecastEvents(users=np.zeros(count, dtype=np.int64), times=times, values=values, withdrawal=withdrawal)


_NAME_TEXTS: dict[str, str] = {}


def _score_rows_json(
    question_id: str, users: list[str], rows: list[dict[str, Any]], *, fields: tuple[str, ...] = FIELDS
) -> list[str]:
    """Each {"question", "user", *fields} row as json.dumps writes it, the floats of all rows formatted at once."""
    template = (
        '{"question": ' + json.dumps(question_id) + ', "user": %s, ' + ", ".join(f'"{f}": %s' for f in fields) + "}"
    )
    values = [row[field] for row in rows for field in fields]
    numbers = iter(float_texts([value for value in values if value is not None]))
    cells = ["null" if value is None else next(numbers) for value in values]
    width = len(fields)
    texts = []
    for index, user in enumerate(users):
        name = _NAME_TEXTS.get(user)
        if name is None:
            name = _NAME_TEXTS[user] = json.dumps(user)
        texts.append(template % (name, *cells[index * width : (index + 1) * width]))
    return texts


def float_texts(values: list[float]) -> list[str]:
    """What json.dumps writes for each float (repr, or NaN/Infinity): orjson's shortest round-trip digits, which are
    repr's digits about four times faster, and json.dumps itself where the notations differ (below 1e-4 and from
    1e16 up, or not finite)."""
    if not values:
        return []
    texts = orjson.dumps(values).decode()[1:-1].split(",")
    magnitude = np.abs(np.asarray(values, dtype=float))
    with np.errstate(invalid="ignore"):
        for index in np.flatnonzero(~((magnitude >= 1e-4) & (magnitude < 1e16))).tolist():
            texts[index] = json.dumps(values[index])
    return texts


def score_file_scratch(output: str | None) -> str | None:
    """Where chunks write: beside the output file when there is one (same disk), else the system's temporary dir."""
    return os.path.dirname(os.path.abspath(output)) if output else None
