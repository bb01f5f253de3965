"""The seed story for a test in a fraction of a second: the first test in a process (and a ten-minute window) that
wants it runs the real `seed` command and keeps a copy of every row it wrote; the next ones restore that copy.
Seeding took 15–30 s a test (the browser tests, the seed's own tests), most of the suite's time in CI.

Used only on a database holding nothing but what migrate creates (content types, permissions): otherwise, and when
the seed wrote rows that point at those, it falls back to the real command. tests/test_seed.py holds a restore equal
to a real seed, row for row."""

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

# Rows migrate (or a test database's flush) creates, which the seed does not own; their ids are not stable across
# flushes, so a snapshot is refused if any seeded row points at them.
BASE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
POINTS_AT_BASE = ("django_admin_log", "auth_group_permissions", "tracker_user_user_permissions")
WINDOW_SECONDS = 600

_snapshots: dict[tuple, dict[str, tuple[list[str], object]]] = {}


def seed_story(*args: str) -> None:
    """The state `seed *args` leaves, from a snapshot when one is fresh and the database holds only base rows."""
    from tracker.config.celery import app

    # What else shapes the rows: the site's address (feeds and links), whether tasks run in-process, the clock.
    window = int(timezone.now().timestamp()) // WINDOW_SECONDS
    key = (*args, connection.vendor, settings.SITE_URL, app.conf.task_always_eager, window)
    tables = _tables()
    if not _only_base_rows(tables):
        call_command("seed", *args, verbosity=0)
        return
    snapshot = _snapshots.get(key)
    if snapshot is not None:
        _restore(snapshot)
        return
    call_command("seed", *args, verbosity=0)
    if not _any_rows(POINTS_AT_BASE):
        _snapshots[key] = _take(tables)


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(set(connection.introspection.table_names(cursor)) - BASE_TABLES)


def _any_rows(tables) -> bool:
    existing = set(_tables())
    tables = [table for table in tables if table in existing]
    if not tables:
        return False
    quote = connection.ops.quote_name
    exists = " OR ".join(f"EXISTS (SELECT 1 FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT CASE WHEN {exists} THEN 1 ELSE 0 END")
        return bool(cursor.fetchone()[0])


def _only_base_rows(tables: list[str]) -> bool:
    return not _any_rows(tables)


def _take(tables: list[str]) -> dict[str, tuple[list[str], object]]:
    snapshot: dict[str, tuple[list[str], object]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) TO STDOUT") as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    snapshot[table] = (columns, data)
            else:
                cursor.execute(f"SELECT {names} FROM {quote(table)}")
                rows = cursor.fetchall()
                if rows:
                    snapshot[table] = (columns, rows)
    return snapshot


def _restore(snapshot: dict[str, tuple[list[str], object]]) -> None:
    quote = connection.ops.quote_name
    # Foreign keys are DEFERRABLE INITIALLY DEFERRED in Django's schemas: checked when the transaction ends, so the
    # tables may be filled in any order.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, data) in snapshot.items():
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    copy.write(data)
            else:
                marks = ", ".join("%s" for _ in columns)
                cursor.cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", data)
        if connection.vendor == "postgresql":
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                cursor.execute(statement)
