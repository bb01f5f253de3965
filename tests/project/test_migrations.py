"""An existing database migrates forward with no data change: one created at the migration head of the release
before the house was redesigned (the models moved into domain subpackages, app labels and tables unchanged) is
filled through its own historical models, migrated to today's head, and every row and value is still there."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# The heads on main before the redesign (commit 43f37fd).
HEADS_BEFORE_REDESIGN = [("tracker", "0012_signposts"), ("forecasts", "0004_notifications")]
T0 = datetime(2026, 1, 5, tzinfo=UTC)


def _fill(apps) -> None:
    """At least one row in every table of both apps, through the historical models of that head."""
    User = apps.get_model("tracker", "User")
    alex = User.objects.create(username="alex", display_name="Alex", email="alex@example.org")
    lead = User.objects.create(username="lead", display_name="Lead", is_staff=True)
    team = apps.get_model("tracker", "Team").objects.create(slug="desk", name="Desk")
    apps.get_model("tracker", "Membership").objects.create(team=team, user=lead, role="admin")
    apps.get_model("tracker", "Membership").objects.create(team=team, user=alex, role="forecaster")
    tag = apps.get_model("tracker", "Tag").objects.create(slug="korea", name="Korea")
    scenario = apps.get_model("tracker", "Scenario").objects.create(slug="escalation", title="Escalation", team=team)
    scenario.tags.add(tag)
    source = apps.get_model("tracker", "Source").objects.create(
        slug="article", title="Article", text="Seoul may send shells.", published_at=T0
    )
    Question = apps.get_model("tracker", "Question")
    binary = Question.objects.create(
        slug="shells",
        title="Will Seoul send shells?",
        resolution_criteria="YES if reported.",
        opens_at=T0,
        scheduled_close_at=T0 + timedelta(days=90),
        resolve_by=T0 + timedelta(days=100),
        status="open",
        opened_at=T0,
        team=team,
        visibility="team",
        scenario=scenario,
        origin_source=source,
        origin_quote="Seoul may send shells.",
        origin_quote_start=0,
        hide_crowd_until_forecast=True,
    )
    binary.tags.add(tag)
    choice = Question.objects.create(
        slug="level",
        title="Which level?",
        resolution_criteria="The highest.",
        type="multiple_choice",
        opens_at=T0,
        scheduled_close_at=T0 + timedelta(days=30),
        resolve_by=T0 + timedelta(days=40),
        status="closed",
        opened_at=T0,
        closed_at=T0 + timedelta(days=30),
    )
    Option = apps.get_model("tracker", "Option")
    low = Option.objects.create(question=choice, position=0, label="Low")
    Option.objects.create(question=choice, position=1, label="High")
    apps.get_model("tracker", "Evidence").objects.create(
        question=choice, url="https://example.org/r", title="Report", stance="supports_option", option=low
    )
    apps.get_model("tracker", "QuestionTransition").objects.create(
        question=binary, from_status="scheduled", to_status="open", at=T0, actor=lead
    )
    other = Question.objects.create(
        slug="later",
        title="Later?",
        resolution_criteria="x",
        opens_at=T0,
        scheduled_close_at=T0 + timedelta(days=120),
        resolve_by=T0 + timedelta(days=130),
    )
    apps.get_model("tracker", "QuestionLink").objects.create(kind="later_deadline", question=binary, related=other)
    apps.get_model("tracker", "JobHeartbeat").objects.create(name="beat", beat_at=T0)
    apps.get_model("tracker", "Notification").objects.create(
        recipient=alex,
        kind="closing_soon",
        subject=f"question:{binary.pk}",
        window="closing",
        title="Closing",
        body="b",
    )
    apps.get_model("tracker", "NotificationPreference").objects.create(user=alex, kind="resolved", email="immediate")
    apps.get_model("tracker", "EmailDigest").objects.create(user=alex, day=T0.date(), notification_count=2)
    webhook = apps.get_model("tracker", "Webhook").objects.create(
        team=team, url="https://hooks.example.org/", secret="whsec_fixed", events=["question.resolved"]
    )
    delivery = apps.get_model("tracker", "WebhookDelivery").objects.create(
        webhook=webhook,
        event="question.opened",
        event_key="question.opened:1",
        event_id="00000000-0000-0000-0000-000000000001",
        delivery_id="00000000-0000-0000-0000-000000000002",
        body="{}",
        next_attempt_at=T0,
        give_up_at=T0 + timedelta(days=1),
    )
    apps.get_model("tracker", "WebhookAttempt").objects.create(
        delivery=delivery, number=1, started_at=T0, latency_ms=12, status_code=500, succeeded=False
    )
    apps.get_model("tracker", "ApiToken").objects.create(user=alex, name="bot", prefix="sp_abc", token_hash="0" * 64)
    apps.get_model("tracker", "IdempotentRequest").objects.create(
        user=alex, key="k", fingerprint="f" * 64, status_code=201, body={"id": 1}
    )
    apps.get_model("tracker", "ClaimSuggestion").objects.create(
        source=source,
        start=0,
        end=22,
        quote="Seoul may send shells.",
        quote_key="a" * 64,
        title="Will Seoul send shells?",
        deadline=T0.date(),
        criteria="c",
        confidence=0.8,
    )
    apps.get_model("tracker", "ResolutionProposal").objects.create(
        question=choice, proposed_by=alex, outcome="Low", evidence_url="https://example.org/p"
    )
    apps.get_model("tracker", "Clarification").objects.create(question=binary, text="UTC.", created_by=lead)
    signpost = apps.get_model("tracker", "Signpost").objects.create(
        scenario=scenario, question=binary, direction="yes_more_likely", baseline_probability=0.3, baseline_at=T0
    )
    apps.get_model("tracker", "ScenarioFollow").objects.create(scenario=scenario, user=alex)
    apps.get_model("tracker", "ScenarioFlag").objects.create(
        scenario=scenario, signpost=signpost, kind="moved", event_key="moved:1", effect="more_likely", message="m"
    )
    Forecast = apps.get_model("forecasts", "Forecast")
    Forecast.objects.create(user=alex, question=binary, probability=0.42, rationale="Base rate.", created_at=T0)
    Forecast.objects.create(user=alex, question=choice, probabilities=[0.7, 0.3], created_at=T0)
    Forecast.objects.create(user=alex, question=binary, kind="withdrawal", created_at=T0 + timedelta(days=1))
    apps.get_model("forecasts", "AggregateForecast").objects.create(
        question=binary, method="mean", at=T0, values=[0.58, 0.42], forecaster_count=1
    )
    apps.get_model("forecasts", "CommunityForecastCursor").objects.create(question=binary, last_forecast_id=3)
    apps.get_model("forecasts", "Score").objects.create(question=choice, user=alex, rule="peer", value=1.5, coverage=1)
    apps.get_model("forecasts", "Reminder").objects.create(kind="closing_soon", question=binary, due_at=T0)
    # The audit history (django-simple-history writes it through signals the historical models do not have).
    for name, row in (
        ("Question", binary),
        ("Option", low),
        ("Evidence", apps.get_model("tracker", "Evidence").objects.get()),
        ("ResolutionProposal", apps.get_model("tracker", "ResolutionProposal").objects.get()),
        ("Clarification", apps.get_model("tracker", "Clarification").objects.get()),
    ):
        History = apps.get_model("tracker", f"Historical{name}")
        values = {
            field.attname: getattr(row, field.attname)
            for field in row._meta.concrete_fields
            if field.attname in {f.attname for f in History._meta.concrete_fields}
            and field.attname not in ("id", "updated_at")
        }
        History.objects.create(
            id=row.pk, history_date=T0, history_type="+", history_user_id=lead.pk, history_change_reason="", **values
        )
    group = apps.get_model("auth", "Group").objects.create(name="editors")
    alex.groups.add(group)
    alex.user_permissions.add(apps.get_model("auth", "Permission").objects.order_by("pk").first())


def _tables_of(apps) -> list[str]:
    return sorted(
        {model._meta.db_table for app in ("tracker", "forecasts") for model in apps.get_app_config(app).get_models()}
        | {
            field.remote_field.through._meta.db_table
            for app in ("tracker", "forecasts")
            for model in apps.get_app_config(app).get_models()
            for field in model._meta.local_many_to_many
        }
    )


def _dump(tables: list[str]) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row of every table, by column name, in id order."""
    dump = {}
    with connection.cursor() as cursor:
        for table in tables:
            columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} FROM {table} ORDER BY 1")
            dump[table] = (columns, cursor.fetchall())
    return dump


def test_a_database_at_the_head_before_the_redesign_migrates_forward_with_every_row_intact():
    executor = MigrationExecutor(connection)
    executor.migrate(HEADS_BEFORE_REDESIGN)
    old_apps = executor.loader.project_state(HEADS_BEFORE_REDESIGN).apps
    _fill(old_apps)
    tables = _tables_of(old_apps)
    before = _dump(tables)
    assert all(rows for _, rows in before.values()), [table for table, (_, rows) in before.items() if not rows]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = _dump(tables)
    for table, (columns, rows) in before.items():
        new_columns, new_rows = after[table]
        assert set(columns) <= set(new_columns), f"{table} lost columns {set(columns) - set(new_columns)}"
        kept = [new_columns.index(column) for column in columns]
        assert [tuple(row[index] for index in kept) for row in new_rows] == rows, f"{table} changed"

    # And today's models read the old rows.
    from forecasts.models import Forecast
    from tracker.models import Question, Webhook

    question = Question.objects.get(slug="shells")
    assert question.team.slug == "desk"
    assert question.hide_crowd_until_forecast
    assert question.tags.count() == 1
    assert Webhook.objects.get().secret == "whsec_fixed"
    assert Forecast.objects.filter(question=question).count() == 2
