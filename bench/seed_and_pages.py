"""Foundation benchmarks: seed load time, forecast submission rate, and page timings with query counts.

Runs on its own SQLite file (or on DATABASE_URL if set, which it will wipe: use a scratch database), writes
bench/results/foundation.json, and prints the figures.
    python bench/seed_and_pages.py [--submissions 500] [--page-repeats 20]
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import use_scratch_database  # noqa: E402

use_scratch_database("bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from results_file import write_results  # noqa: E402

from forecasts.services.forecasting import forecast_submit  # noqa: E402
from tracker.models import Question, User  # noqa: E402


def timed(callable_, repeats: int) -> tuple[list[float], int]:
    durations, queries = [], 0
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            callable_()
            durations.append(time.perf_counter() - start)
        queries = len(captured)
    return durations, queries


def summary(durations: list[float]) -> dict:
    ordered = sorted(durations)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--page-repeats", type=int, default=20)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    if connection.vendor != "sqlite":
        call_command("flush", interactive=False, verbosity=0)
    start = time.perf_counter()
    call_command("seed", verbosity=0)
    seed_seconds = time.perf_counter() - start
    start = time.perf_counter()
    call_command("seed", verbosity=0)
    reseed_seconds = time.perf_counter() - start

    question = Question.objects.filter(status=Question.Status.OPEN, type="binary", visibility="public").first()
    forecaster = User.objects.create(username="bench-forecaster")
    start = time.perf_counter()
    for index in range(args.submissions):
        forecast_submit(user=forecaster, question=question, probability=0.1 + (index % 80) / 100)
    submit_seconds = time.perf_counter() - start

    client = Client()
    pages = {
        "home": "/",
        "question_detail": f"/questions/{question.slug}/",
        "article": f"/articles/{question.origin_source.slug}/",
    }
    page_results = {}
    for name, url in pages.items():
        client.get(url)  # warm caches
        durations, queries = timed(lambda url=url: client.get(url), args.page_repeats)
        page_results[name] = {"url": url, "queries": queries, **summary(durations)}

    results = {
        "benchmark": "foundation",
        "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "seed": {
            "questions": Question.objects.count(),
            "first_load_s": round(seed_seconds, 2),
            "reload_s": round(reseed_seconds, 2),
        },
        "forecast_submit": {
            "count": args.submissions,
            "per_second": round(args.submissions / submit_seconds, 1),
            "mean_ms": round(submit_seconds / args.submissions * 1000, 2),
        },
        "pages": page_results,
    }
    write_results("foundation", results)


if __name__ == "__main__":
    main()
