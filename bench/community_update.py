"""The community-forecast update for one new forecast: in memory, and end to end on the database.

- In memory: a crowd of S standing forecasters (CommunityState), one forecast applied and every method answered,
  for S = 1,000, 10,000 and 100,000; and building that state from its standing rows (what a cold worker does once).
- Database: one question with F forecasts from F/10 forecasters, for F = 10,000, 100,000 and 1,000,000. The history,
  its stored steps and its standing rows are written in bulk (replaying a million forecasts through the engine
  would measure the rebuild, not the update); then single forecasts are recorded and community_forecast_update
  timed for each: median and p95 milliseconds and the queries per update, which must not grow with F. The first
  update is timed apart: a cold worker reads the standing rows once.

Writes bench/results/community-update-<database>.json and prints the figures.
DATABASE_URL must point at a scratch database (it is flushed); PostgreSQL for the figures in docs/benchmarks.md:
    DATABASE_URL=postgres://... python bench/community_update.py [--quick]
"""

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import use_scratch_database  # noqa: E402

use_scratch_database("bench-community-update")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from results_file import write_results  # noqa: E402

from forecasts.engine.aggregation import METHODS  # noqa: E402
from forecasts.engine.crowd_state import CommunityState  # noqa: E402
from forecasts.models import AggregateForecast, CommunityForecastCursor, CommunityStanding, Forecast  # noqa: E402
from forecasts.services.community import STATE_CACHE, community_forecast_update  # noqa: E402
from tracker.models import Question, User  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def in_memory(standing_count: int, updates: int, rng: random.Random) -> dict:
    standing = [(user, [1 - (p := rng.uniform(0.02, 0.98)), p]) for user in range(standing_count)]
    started = time.perf_counter()
    state = CommunityState.from_standing(standing)
    built = time.perf_counter() - started
    timings = []
    for index in range(updates):
        # Most updates are a forecaster changing their mind; some are newcomers.
        user = standing_count + index if index % 10 == 0 else rng.randrange(standing_count)
        p = rng.uniform(0.02, 0.98)
        started = time.perf_counter()
        state.apply(user, [1 - p, p])
        state.binary_yes(METHODS, 1.7)
        timings.append(time.perf_counter() - started)
    return {
        "standing_forecasters": standing_count,
        "update_median_ms": round(statistics.median(timings) * 1000, 3),
        "update_p95_ms": round(percentile(timings, 0.95) * 1000, 3),
        "build_from_standing_ms": round(built * 1000, 1),
    }


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def build_question(forecast_count: int, rng: random.Random) -> Question:
    """A question with `forecast_count` forecasts by forecast_count / 10 users, its steps, standing rows and cursor."""
    users_count = max(10, forecast_count // 10)
    now = datetime.now(UTC)
    question = Question.objects.create(
        slug=f"bench-{forecast_count}",
        title=f"Benchmark question with {forecast_count} forecasts",
        resolution_criteria="YES if it happens.",
        opens_at=now - timedelta(days=400),
        opened_at=now - timedelta(days=400),
        scheduled_close_at=now + timedelta(days=30),
        resolve_by=now + timedelta(days=60),
        status=Question.Status.OPEN,
    )
    users = User.objects.bulk_create(
        [User(username=f"b{forecast_count}-{n}", password="!") for n in range(users_count)], batch_size=5000
    )
    start = now - timedelta(days=399)
    step = timedelta(days=398) / forecast_count
    latest: dict[int, Forecast] = {}
    batch: list[Forecast] = []
    for index in range(forecast_count):
        user = users[index] if index < users_count else users[rng.randrange(users_count)]
        batch.append(
            Forecast(
                user=user,
                question=question,
                probability=round(rng.uniform(0.02, 0.98), 3),
                created_at=start + index * step,
            )
        )
        if len(batch) == 20000 or index == forecast_count - 1:
            for forecast in Forecast.objects.bulk_create(batch, batch_size=5000):
                latest[forecast.user_id] = forecast
            batch = []
    CommunityStanding.objects.bulk_create(
        [
            CommunityStanding(
                question=question,
                user_id=user_id,
                forecast_id=forecast.pk,
                made_at=forecast.created_at,
                probability=forecast.probability,
            )
            for user_id, forecast in sorted(latest.items(), key=lambda item: (item[1].created_at, item[1].pk))
        ],
        batch_size=5000,
    )
    _write_history_steps(question, start, step, forecast_count)
    newest = max(latest.values(), key=lambda forecast: (forecast.created_at, forecast.pk))
    CommunityForecastCursor.objects.create(
        question=question, last_forecast_id=max(f.pk for f in latest.values()), last_at=newest.created_at
    )
    question.bench_users = users  # type: ignore[attr-defined]
    return question


def _write_history_steps(question: Question, start: datetime, step: timedelta, count: int) -> None:
    """One stored step per forecast and method, as the engine would have left them (values are placeholders)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO forecasts_aggregateforecast (question_id, method, at, values, forecaster_count)
                SELECT %s, method, %s + n * %s, '[0.5, 0.5]'::jsonb, 1
                FROM generate_series(0, %s - 1) AS n, unnest(%s::text[]) AS method
                """,
                [question.pk, start, step, count, list(METHODS)],
            )
            cursor.execute("ANALYZE")
        return
    AggregateForecast.objects.bulk_create(
        [
            AggregateForecast(question=question, method=m, at=start + n * step, values=[0.5, 0.5], forecaster_count=1)
            for n in range(count)
            for m in METHODS
        ],
        batch_size=5000,
    )


def on_database(forecast_count: int, updates: int, rng: random.Random) -> dict:
    question = build_question(forecast_count, rng)
    users = question.bench_users
    STATE_CACHE.clear()
    counter = QueryCounter()
    timings, queries = [], []
    for index in range(updates + 1):
        user = users[rng.randrange(len(users))]
        Forecast.objects.create(user=user, question=question, probability=round(rng.uniform(0.02, 0.98), 3))
        counter.count = 0
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            written = community_forecast_update(question_id=question.pk)
            elapsed = time.perf_counter() - started
        assert written == len(METHODS), written
        if index == 0:
            cold, cold_queries = elapsed, counter.count
        else:
            timings.append(elapsed)
            queries.append(counter.count)
    return {
        "forecasts": Forecast.objects.filter(question=question).count(),
        "standing_forecasters": CommunityStanding.objects.filter(question=question).count(),
        "stored_steps": AggregateForecast.objects.filter(question=question).count(),
        "update_median_ms": round(statistics.median(timings) * 1000, 2),
        "update_p95_ms": round(percentile(timings, 0.95) * 1000, 2),
        "queries_per_update": sorted(set(queries)),
        "cold_worker_first_update_ms": round(cold * 1000, 1),
        "cold_worker_queries": cold_queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="Smaller sizes, for a smoke run.")
    parser.add_argument("--updates", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(20261126)
    memory_sizes = (1_000, 10_000) if args.quick else (1_000, 10_000, 100_000)
    database_sizes = (10_000, 30_000) if args.quick else (10_000, 100_000, 1_000_000)
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    results = {
        "benchmark": "community-update",
        "database": connection.vendor,
        "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "in_memory": [in_memory(size, args.updates, rng) for size in memory_sizes],
        "database_end_to_end": [on_database(size, args.updates, rng) for size in database_sizes],
    }
    suffix = "-quick" if args.quick else ""
    write_results(f"community-update-{connection.vendor}{suffix}", results)


if __name__ == "__main__":
    main()
