"""Forecasting-engine benchmarks on synthetic data from a seeded generator (no database).

- scoring time per question at 1k, 10k and 100k forecasts (and the growth from one size to the next);
- a question's full scored record (the five community methods, the crowd, every score) at 5,000 and 50,000
  forecasts from a fifth as many forecasters;
- score_file end to end on 1M forecasts over 10k questions with the machine's cores: seconds, the peak memory of
  the whole process tree (summed PSS, sampled every 50 ms) and a digest of the output (equal digests from two
  versions of the code mean byte-identical output);
- the incremental community-forecast update per new forecast on a question with 10k forecasts (bench/
  community_update.py measures it at scale and on the database).

Writes bench/results/engine.json and prints the figures.
    python bench/engine.py [--quick]
"""

import argparse
import hashlib
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results_file import write_results  # noqa: E402

from forecasts.engine.aggregation import METHODS  # noqa: E402
from forecasts.engine.crowd_state import CommunityState  # noqa: E402
from forecasts.engine.interchange import format_time, read_document  # noqa: E402
from forecasts.engine.scoring import ForecastEvents, QuestionWindow, score_question  # noqa: E402
from forecasts.engine.series import Event, extend_series  # noqa: E402
from forecasts.offline.batch_scoring import score_questions  # noqa: E402

DAY = 86400.0
OPENS = datetime(2025, 1, 1, tzinfo=UTC).timestamp()


def synthetic_events(rng: np.random.Generator, forecasts: int, users: int, days: float = 90.0):
    user_codes = rng.integers(0, users, size=forecasts)
    times = OPENS + np.sort(rng.uniform(0, days * DAY, size=forecasts))
    p = rng.uniform(0.02, 0.98, size=forecasts)
    values = np.column_stack([1 - p, p])
    withdrawal = rng.uniform(size=forecasts) < 0.02
    return ForecastEvents(user_codes, times, values, withdrawal)


def bench_scoring(rng, sizes, repeats):
    results = []
    for size in sizes:
        events = synthetic_events(rng, size, users=max(10, size // 20))
        window = QuestionWindow(OPENS, OPENS + 100 * DAY, OPENS + 90 * DAY, 1, 2)
        score_question(events, window)  # warm-up
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            score_question(events, window)
            timings.append(time.perf_counter() - start)
        results.append({"forecasts": size, "seconds": round(min(timings), 5)})
    for previous, current in itertools.pairwise(results):
        current["growth_vs_previous"] = round(current["seconds"] / previous["seconds"], 2)
    return results


def synthetic_document(rng, questions: int, forecasts_per_question: int) -> dict:
    document = {"questions": [], "forecasts": []}
    for index in range(questions):
        question_id = f"q{index}"
        close = OPENS + 30 * DAY
        document["questions"].append(
            {
                "id": question_id,
                "type": "binary",
                "opens_at": format_time(OPENS),
                "scheduled_close_at": format_time(close),
                "actual_close_at": format_time(close),
                "resolution": "yes" if index % 2 else "no",
            }
        )
        times = OPENS + np.sort(rng.uniform(0, 30 * DAY, size=forecasts_per_question))
        users = rng.integers(0, 50, size=forecasts_per_question)
        ps = np.round(rng.uniform(0.02, 0.98, size=forecasts_per_question), 3)
        for at, user, p in zip(times, users, ps, strict=True):
            document["forecasts"].append(
                {"question": question_id, "user": f"u{user}", "at": format_time(float(at)), "probability": float(p)}
            )
    return document


def bench_full_record(rng, sizes):
    """One resolved binary question's whole output (series of every method, the crowd, every user's scores)."""
    results = []
    for size in sizes:
        close = OPENS + 60 * DAY
        times = OPENS + np.sort(rng.uniform(0, 60 * DAY, size=size))
        users = rng.integers(0, max(10, size // 5), size=size)
        ps = np.round(rng.uniform(0.02, 0.98, size=size), 3)
        document = {
            "questions": [
                {
                    "id": "q",
                    "type": "binary",
                    "opens_at": format_time(OPENS),
                    "scheduled_close_at": format_time(OPENS + 90 * DAY),
                    "actual_close_at": format_time(close),
                    "resolution": "yes",
                }
            ],
            "forecasts": [
                {"question": "q", "user": f"u{u}", "at": format_time(float(t)), "probability": float(p)}
                for t, u, p in zip(times, users, ps, strict=True)
            ],
        }
        table = read_document(document)
        start = time.perf_counter()
        texts = score_questions(table, range(1), METHODS)
        seconds = time.perf_counter() - start
        results.append(
            {
                "forecasts": size,
                "forecasters": len(set(users.tolist())),
                "seconds": round(seconds, 3),
                "score_rows": texts["scores"].count('"user"'),
            }
        )
    return results


def _tree_pss_kb(pid: int) -> int:
    """Summed proportional set size of a process and its descendants (shared pages counted once overall)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return total


def bench_score_file(rng, questions, per_question):
    """The command end to end, as a user runs it: start-up, reading, validating, scoring, writing."""
    document = synthetic_document(rng, questions, per_question)
    workdir = Path(tempfile.mkdtemp())
    source, target = workdir / "forecasts.json", workdir / "scores.json"
    source.write_text(json.dumps(document))
    del document
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "score_file", str(source), "--output", str(target), "--no-progress"],
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_pss_kb(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"score_file failed: {process.stderr.read().strip()}")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    output = json.loads(target.read_text())
    result = {
        "questions": questions,
        "forecasts": questions * per_question,
        "input_mb": round(source.stat().st_size / 1e6, 1),
        "output_mb": round(target.stat().st_size / 1e6, 1),
        "command_seconds": round(seconds, 2),
        "peak_tree_pss_mb": round(peak / 1024),
        "output_sha256": digest,
        "score_rows": len(output["scores"]),
        "community_points": len(output["community"]),
        "jobs": len(os.sched_getaffinity(0)),
    }
    shutil.rmtree(workdir)
    return result


def bench_incremental(rng, standing_forecasts, updates):
    users = max(10, standing_forecasts // 5)
    state = CommunityState()
    events = [
        Event(float(t), int(u), np.array([1 - p, p]))
        for t, u, p in zip(
            np.arange(standing_forecasts, dtype=float),
            rng.integers(0, users, size=standing_forecasts),
            rng.uniform(0.02, 0.98, size=standing_forecasts),
            strict=True,
        )
    ]
    extend_series(state, events)
    timings = []
    for index in range(updates):
        p = float(rng.uniform(0.02, 0.98))
        event = Event(float(standing_forecasts + index), int(rng.integers(0, users)), np.array([1 - p, p]))
        start = time.perf_counter()
        extend_series(state, [event])
        timings.append(time.perf_counter() - start)
    return {
        "forecasts_in_history": standing_forecasts,
        "standing_forecasters": state.forecaster_count,
        "median_ms": round(float(np.median(timings)) * 1000, 3),
        "p95_ms": round(float(np.percentile(timings, 95)) * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="Smaller sizes, for a smoke run.")
    args = parser.parse_args()
    rng = np.random.default_rng(20241021)
    sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    results = {
        "benchmark": "engine",
        "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores",
        "scoring_per_question": bench_scoring(rng, sizes, repeats=3),
        "full_scored_record": bench_full_record(rng, (5_000,) if args.quick else (5_000, 50_000)),
        "incremental_community_update": bench_incremental(rng, 10_000, updates=200),
        # A generator of its own, so the input (and the output's digest) stays the same when other parts change.
        "score_file": bench_score_file(np.random.default_rng(7), *((1_000, 100) if args.quick else (10_000, 100))),
        "targets": {
            "full_scored_record_seconds": {"5000": 0.6, "50000": 6},
            "score_file_seconds": 10,
            "score_file_peak_tree_mb": 1024,
        },
    }
    write_results(("engine-quick" if args.quick else "engine"), results)


if __name__ == "__main__":
    main()
