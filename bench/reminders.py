"""Reminder sweep benchmark: plan and sweep over many open questions, with time and query counts.

Uses DATABASE_URL (PostgreSQL for the figures in docs/benchmarks.md; it must be a scratch database: the script migrates it and
flushes it) or, without it, a scratch SQLite file. Synthetic questions are bulk-inserted directly (the benchmark
measures the sweep, not question creation).
    DATABASE_URL=postgres://... python bench/reminders.py [--questions 100000] [--due 1000]
"""

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from scratch import use_scratch_database  # noqa: E402

use_scratch_database("bench-reminders")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from results_file import write_results  # noqa: E402

from forecasts.models import Reminder  # noqa: E402
from forecasts.services.reminders import reminders_plan, reminders_sweep  # noqa: E402
from tracker.accounts.services import membership_set  # noqa: E402
from tracker.models import Membership, Notification, Question, Team, User  # noqa: E402


def measure(label: str, work) -> dict:
    # Counted with an execute wrapper: Django's query log stops at 9,000 entries.
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        outcome = work()
        seconds = time.perf_counter() - start
    figures = {"seconds": round(seconds, 3), "queries": queries}
    print(f"{label}: {figures} -> {outcome}")
    return figures | {"outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000, help="How many of them are past resolve_by.")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    connection.force_debug_cursor = False

    now = timezone.now()
    team = Team.objects.create(slug="bench-desk", name="Bench desk")
    for index, role in enumerate([Membership.Role.CURATOR, Membership.Role.CURATOR, Membership.Role.ADMIN]):
        user = User.objects.create(username=f"bench-{index}", email=f"bench-{index}@example.org")
        membership_set(team=team, user=user, role=role)
    start = time.perf_counter()
    rows = []
    for index in range(args.questions):
        due = index < args.due
        opens = now - timedelta(days=60)
        close = now - timedelta(days=40) if due else now + timedelta(days=30 + index % 300)
        rows.append(
            Question(
                slug=f"bench-{index}",
                title=f"Benchmark question {index}?",
                resolution_criteria="YES if it happens.",
                team=team,
                opens_at=opens,
                opened_at=opens,
                scheduled_close_at=close,
                closed_at=close if due else None,
                resolve_by=now - timedelta(hours=1) if due else close + timedelta(days=30),
                status=Question.Status.CLOSED if due else Question.Status.OPEN,
            )
        )
    Question.objects.bulk_create(rows, batch_size=5000)
    setup_seconds = time.perf_counter() - start
    print(f"inserted {args.questions} questions in {setup_seconds:.1f} s")

    results = {
        "benchmark": "reminders",
        "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "questions": args.questions,
        "due_for_resolution": args.due,
        "first_plan": measure("first plan", lambda: reminders_plan(now=now)),
        "plan_again": measure("plan again (nothing new)", lambda: reminders_plan(now=now)),
        "sweep_with_due": measure("sweep with the due ones", lambda: reminders_sweep(now=now)),
        "sweep_again": measure("sweep again (nothing due)", lambda: reminders_sweep(now=now)),
    }
    results["reminder_rows"] = Reminder.objects.count()
    results["notifications"] = Notification.objects.count()
    write_results(f"reminders-{connection.vendor}", results)


if __name__ == "__main__":
    main()
