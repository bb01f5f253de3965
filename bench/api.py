"""REST API benchmark: gunicorn serving a database of 10,000 questions and 1,000,000 forecasts.

Measures p50/p95 latency for the question list, a question's detail with its community forecast, forecast
submission and the web page /questions/ (signed in) with one client, and requests per second with 8 concurrent
clients. Writes bench/results/api-<db>.json.

DATABASE_URL must point at a scratch database (it is flushed); PostgreSQL for the figures in docs/benchmarks.md:
    DATABASE_URL=postgres://... python bench/api.py [--questions 10000] [--forecasts 1000000] [--requests 300]
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import use_scratch_database  # noqa: E402

use_scratch_database("bench-api")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from results_file import write_results  # noqa: E402

from forecasts.models import Forecast  # noqa: E402
from forecasts.services.community import community_forecast_rebuild  # noqa: E402
from tracker.accounts.tokens import api_token_create  # noqa: E402
from tracker.models import Question, User  # noqa: E402

CONCURRENCY = 8


def populate(question_count: int, forecast_count: int, users: int = 1000, with_community: int = 600) -> dict:
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    now = datetime.now(UTC)
    started = time.perf_counter()
    people = User.objects.bulk_create([User(username=f"bench{n}", password="!") for n in range(users)])
    questions = Question.objects.bulk_create(
        [
            Question(
                slug=f"bench-question-{n}",
                title=f"Benchmark question {n}: will event {n} happen?",
                resolution_criteria="YES if it happens.",
                opens_at=now - timedelta(days=200),
                opened_at=now - timedelta(days=200),
                scheduled_close_at=now + timedelta(days=30 + n % 300),
                resolve_by=now + timedelta(days=60 + n % 300),
                status=Question.Status.OPEN,
            )
            for n in range(question_count)
        ],
        batch_size=2000,
    )
    rng = random.Random(7)
    per_question = forecast_count // question_count
    batch: list[Forecast] = []
    for question in questions:
        start = now - timedelta(days=199)
        for k in range(per_question):
            batch.append(
                Forecast(
                    user=people[rng.randrange(users)],
                    question=question,
                    probability=round(rng.uniform(0.02, 0.98), 3),
                    created_at=start + timedelta(minutes=k * 37 + rng.randrange(30)),
                )
            )
        if len(batch) >= 20000:
            Forecast.objects.bulk_create(batch, batch_size=5000)
            batch = []
    Forecast.objects.bulk_create(batch, batch_size=5000)
    loaded = time.perf_counter() - started
    # The community forecast of the questions the benchmark reads (the list's first pages, the details): the
    # real engine, every method; the rest of the table is there for the database to work through.
    hot = list(Question.objects.order_by("-resolve_by", "id").values_list("pk", flat=True)[:with_community])
    started = time.perf_counter()
    for question_id in hot:
        community_forecast_rebuild(question_id=question_id)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "load_seconds": round(loaded, 1),
        "community_seconds": round(time.perf_counter() - started, 1),
        "hot_question_ids": hot,
        "questions": Question.objects.count(),
        "forecasts": Forecast.objects.count(),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = dict(
        os.environ,
        DJANGO_DEBUG="false",
        SIGNPOST_API_USER_RATE="1000000/minute",
        SIGNPOST_API_ANON_RATE="1000000/minute",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tracker.config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection_.request("GET", "/healthz")
            if connection_.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("gunicorn did not start")


class Client:
    """One keep-alive HTTP connection signed in as one user: a bearer token for the API, the session cookie of a
    signed-in browser for web pages (so that API requests do not load a session they do not use)."""

    def __init__(self, port: int, credentials: tuple[str, str]):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        token, cookie = credentials
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.page_headers = {"Cookie": cookie}

    def call(self, method: str, path: str, body: dict | None = None) -> float:
        headers = self.headers if path.startswith("/api/") else self.page_headers
        started = time.perf_counter()
        self.connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status not in (200, 201):  # a redirect to the sign-in page would measure the wrong page
            raise SystemExit(f"{method} {path} answered {response.status}")
        return elapsed


def signed_in(user) -> tuple[str, str]:
    """An API token and a session cookie for the user, as a browser holds after signing in."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    token = api_token_create(user=user, name="bench", scope="write")[1]
    return token, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def percentiles(durations: list[float]) -> dict:
    ordered = sorted(durations)
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 2),
    }


def scenarios(hot: list[int]):
    rng = random.Random(11)
    pages = max(1, min(10, len(hot) // 50))  # the hot questions are the list's first pages
    return {
        "question_list": lambda: ("GET", f"/api/v1/questions/?page={rng.randint(1, pages)}", None),
        "question_detail": lambda: ("GET", f"/api/v1/questions/{rng.choice(hot)}/", None),
        "questions_page": lambda: ("GET", f"/questions/?page={rng.randint(1, pages)}", None),
        "forecast_submit": lambda: (
            "POST",
            f"/api/v1/questions/{rng.choice(hot)}/forecasts/",
            {"probability": round(rng.uniform(0.05, 0.95), 2)},
        ),
    }


def single_client(port: int, credentials: tuple[str, str], hot: list[int], requests: int, workers: int) -> dict:
    results = {}
    for name, make in scenarios(hot).items():
        client = Client(port, credentials)
        # Steady state is measured: a sync worker takes whichever connection comes, so ten calls per worker make it
        # likely that every worker has served this endpoint once (a worker's first request costs ~300 ms).
        for _ in range(10 * workers):
            client.call(*make())
        results[name] = percentiles([client.call(*make()) for _ in range(requests)])
    return results


def concurrent_clients(port: int, credentials: list[tuple[str, str]], hot: list[int], seconds: float) -> dict:
    results = {}
    for name in scenarios(hot):
        counts = [0] * CONCURRENCY
        durations: list[list[float]] = [[] for _ in range(CONCURRENCY)]
        stop = time.monotonic() + seconds

        def run(index: int, name=name, stop=stop, counts=counts, durations=durations) -> None:
            client = Client(port, credentials[index])
            make = scenarios(hot)[name]
            while time.monotonic() < stop:
                durations[index].append(client.call(*make()))
                counts[index] += 1

        threads = [threading.Thread(target=run, args=(index,)) for index in range(CONCURRENCY)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        everything = [value for per_client in durations for value in per_client]
        results[name] = {"requests_per_second": round(sum(counts) / elapsed, 1), **percentiles(everything)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--forecasts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args()

    data = populate(args.questions, args.forecasts)
    print(f"loaded {data['questions']} questions and {data['forecasts']} forecasts in {data['load_seconds']} s")
    hot = data.pop("hot_question_ids")
    credentials = [signed_in(User.objects.get(username=f"bench{n}")) for n in range(CONCURRENCY)]
    connection.close()  # gunicorn's workers open their own
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        single = single_client(port, credentials[0], hot, args.requests, args.workers)
        print("single client:", json.dumps(single))
        concurrent = concurrent_clients(port, credentials, hot, args.seconds)
        print(f"{CONCURRENCY} clients:", json.dumps(concurrent))
    finally:
        server.terminate()
        server.wait(timeout=30)
    write_results(
        f"api-{connection.vendor}",
        {
            "benchmark": "api",
            "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "broker": "redis" if os.environ.get("REDIS_URL") else "filesystem",
            "gunicorn_workers": args.workers,
            "cpus": os.cpu_count(),
            **data,
            "targets_ms": {
                "question_list_p95": 30,
                "question_detail_p95": 30,
                "forecast_submit_p95": 25,
                "questions_page_p95": 50,
            },
            "single_client": single,
            f"concurrent_{CONCURRENCY}_clients": concurrent,
        },
    )


if __name__ == "__main__":
    main()
