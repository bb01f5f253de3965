"""Redis off the request's path: request times with Redis answering, hung (SIGSTOP: connections are accepted,
nothing is ever answered) and stopped (connections refused). Redis is both the broker and the cache here, as in
production; requests queue work through the outbox and count throttles in the cache behind its breaker.

Three kinds of request, each sent REQUESTS times per run, RUNS runs per state: a forecast through the web form, a
forecast through the API (token auth, throttled), and an anonymous API list read (throttled). Reported per state
and kind: the median over runs of each run's p50 and p95, with the range of the p95s. Targets (issue #27): forecast
p95 < 300 ms with Redis hung, anonymous reads as with Redis answering.

Needs redis-server. Uses DATABASE_URL (a scratch database: migrated and flushed) or a scratch SQLite file.
    python bench/hung_redis.py [--runs 5] [--requests 40]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import fresh_database, redis_server_binary, use_scratch_database  # noqa: E402

use_scratch_database("bench-hung-redis")
# The throttles still count every request in the cache (that is what is measured); their limits are raised so that
# the benchmark's own pace is not refused.
os.environ.setdefault("SIGNPOST_API_ANON_RATE", "1000000/minute")
os.environ.setdefault("SIGNPOST_API_USER_RATE", "1000000/minute")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402
from results_file import write_results  # noqa: E402

from tests.factories import UserFactory, make_question  # noqa: E402
from tests.integration.test_failures import RedisServer, broker  # noqa: E402
from tracker.accounts.tokens import api_token_create  # noqa: E402
from tracker.lib.cache import breaker  # noqa: E402
from tracker.ops.models import OutboxMessage  # noqa: E402

KINDS = ("web_forecast", "api_forecast", "anonymous_read")


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def one_run(senders: dict, requests: int) -> dict[str, list[float]]:
    timings = {kind: [] for kind in KINDS}
    for n in range(requests):
        for kind in KINDS:
            started = time.perf_counter()
            response = senders[kind](n)
            timings[kind].append(time.perf_counter() - started)
            if response.status_code not in (200, 201, 302):
                raise RuntimeError(f"{kind}: {response.status_code} {response.content[:200]!r}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    binary = redis_server_binary("hung_redis.py")
    fresh_database()
    question = make_question(title="Will the benchmark's question resolve yes?")
    forecaster = UserFactory(username="bench-forecaster")
    _, token = api_token_create(user=forecaster, name="bench", scope="write")
    web, api, anonymous = Client(), APIClient(), APIClient()
    web.force_login(forecaster)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    senders = {
        "web_forecast": lambda n: web.post(f"/questions/{question.slug}/forecast/", {"probability": str(20 + n % 60)}),
        "api_forecast": lambda n: api.post(
            f"/api/v1/questions/{question.pk}/forecasts/", {"probability": 0.2 + (n % 60) / 100}, format="json"
        ),
        "anonymous_read": lambda n: anonymous.get("/api/v1/questions/"),
    }
    results: dict = {
        "database": django.db.connection.vendor,
        "runs": args.runs,
        "requests_per_kind_per_run": args.requests,
        "cache_timeout_seconds": settings.SIGNPOST_CACHE_TIMEOUT,
        "cache_breaker_seconds": settings.SIGNPOST_CACHE_BREAKER_SECONDS,
        "states": {},
    }
    with tempfile.TemporaryDirectory() as folder:
        redis_server = RedisServer(binary, Path(folder))
        redis_server.start()
        caches = {
            "default": {
                "BACKEND": "tracker.lib.cache.FailFastRedisCache",
                "LOCATION": redis_server.url,
                "OPTIONS": {
                    "socket_timeout": settings.SIGNPOST_CACHE_TIMEOUT,
                    "socket_connect_timeout": settings.SIGNPOST_CACHE_TIMEOUT,
                },
            }
        }
        try:
            with broker(redis_server.url), override_settings(CACHES=caches):
                for state in ("answering", "hung", "stopped"):
                    if state == "hung":
                        redis_server.freeze()
                    elif state == "stopped":
                        redis_server.thaw()
                        redis_server.stop()
                    breaker.reset()
                    one_run(senders, 3)  # warm: pooled connections, as in a running web process
                    runs = [one_run(senders, args.requests) for _ in range(args.runs)]
                    results["states"][state] = {
                        kind: {
                            "p50_ms_median": round(statistics.median(p(r[kind], 50) for r in runs) * 1000, 1),
                            "p95_ms_median": round(statistics.median(p(r[kind], 95) for r in runs) * 1000, 1),
                            "p95_ms_range": [
                                round(min(p(r[kind], 95) for r in runs) * 1000, 1),
                                round(max(p(r[kind], 95) for r in runs) * 1000, 1),
                            ],
                            "max_ms": round(max(max(r[kind]) for r in runs) * 1000, 1),
                        }
                        for kind in KINDS
                    }
        finally:
            redis_server.stop()
    results["tasks_waiting_in_the_outbox"] = OutboxMessage.objects.count()
    write_results(f"hung-redis-{results['database']}", results)


if __name__ == "__main__":
    main()
