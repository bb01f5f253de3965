"""Community-forecast storage and Score rows: incremental equals rebuild, scores follow the question's state."""

import math
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forecasts.engine.aggregation import METHODS
from forecasts.models import AggregateForecast, CommunityForecastCursor, CommunityStanding, Forecast, Score
from forecasts.services.catch_up import engine_catch_up
from forecasts.services.community import community_forecast_rebuild, community_forecast_update
from forecasts.services.forecasting import forecast_submit, forecast_withdraw
from forecasts.services.scores import question_score
from forecasts.tasks import sweep_engine
from tests.factories import TeamFactory, UserFactory, make_question, member
from tests.seed_snapshot import seed_story
from tracker.models import Membership, Question
from tracker.questions.services.lifecycle import question_annul, question_resolve, question_unresolve
from tracker.questions.services.questions import question_edit

pytestmark = pytest.mark.django_db


def series(question):
    return list(
        AggregateForecast.objects.filter(question=question)
        .order_by("method", "at")
        .values_list("method", "at", "values", "forecaster_count")
    )


def submit_history(question, users, start, steps):
    for index, (who, value) in enumerate(steps):
        at = start + timedelta(hours=index + 1)
        if value is None:
            forecast_withdraw(user=users[who], question=question, at=at)
        else:
            forecast_submit(user=users[who], question=question, probability=value, at=at)


def test_incremental_updates_equal_a_rebuild():
    question = make_question(opens_in=timedelta(days=-5))
    users = {name: UserFactory(username=name) for name in "abcd"}
    start = question.opened_at
    batches = [
        [("a", 0.3), ("b", 0.6)],
        [("c", 0.9), ("a", 0.35), ("b", None)],
        [("d", 0.1)],
        [("b", 0.7), ("c", None), ("a", 0.4)],
    ]
    offset = 0
    for batch in batches:
        submit_history(question, users, start + timedelta(hours=offset), batch)
        offset += len(batch)
        community_forecast_update(question_id=question.pk)
    incremental = series(question)
    assert community_forecast_update(question_id=question.pk) == 0  # nothing new: a no-op
    assert series(question) == incremental
    community_forecast_rebuild(question_id=question.pk)
    assert series(question) == incremental
    assert {row[0] for row in incremental} == set(METHODS)
    last = AggregateForecast.objects.filter(question=question, method="recency_weighted_median").last()
    assert last.forecaster_count == 3
    assert last.probability == pytest.approx(0.4)


def test_a_back_dated_forecast_triggers_a_rebuild():
    question = make_question(opens_in=timedelta(days=-5))
    alice, bob = UserFactory(), UserFactory()
    now = timezone.now()
    forecast_submit(user=alice, question=question, probability=0.2, at=now - timedelta(hours=1))
    community_forecast_update(question_id=question.pk)
    forecast_submit(user=bob, question=question, probability=0.8, at=now - timedelta(hours=2))
    community_forecast_update(question_id=question.pk)
    updated = series(question)
    community_forecast_rebuild(question_id=question.pk)
    assert series(question) == updated
    assert CommunityForecastCursor.objects.get(question=question).last_forecast_id == Forecast.objects.latest("id").id


def test_the_crowd_moves_in_the_forecasts_own_transaction_and_no_task_is_left_to_do_it(
    django_capture_on_commit_callbacks,
):
    """One crowd-update path (issue #28, 8): the web form updated the crowd in the request and also queued a task
    that found nothing to do; the API only queued it. Now every path updates it with the forecast, atomically."""
    from django.db import transaction

    question = make_question()
    users = [UserFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for user in users:
            forecast_submit(user=user, question=question, probability=0.5)
        # Inside the transaction, before any commit hook ran: the crowd already counts all three.
        assert AggregateForecast.objects.filter(question=question).latest("at").forecaster_count == 3
    assert not [c for c in callbacks if getattr(c, "task_name", None) == "forecasts.update_community_forecast"]


def test_a_failing_crowd_update_leaves_no_forecast_behind(monkeypatch):
    """The web form's update ran after the forecast committed: when it failed (SQLite 'database is locked') the
    person got a 500 for a forecast that was saved, and might send it twice. Now both commit or neither."""
    from django.db import OperationalError

    from forecasts.services import forecasting

    question = make_question()

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(forecasting, "community_forecast_update", locked)
    with pytest.raises(OperationalError):
        forecast_submit(user=UserFactory(), question=question, probability=0.4)
    assert not Forecast.objects.filter(question=question).exists()


def test_multiple_choice_series_sum_to_one():
    question = make_question(type="multiple_choice", options=["Low", "Mid", "High"])
    for vector in ([0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.1, 0.8]):
        forecast_submit(user=UserFactory(), question=question, probabilities=vector)
    community_forecast_update(question_id=question.pk)
    for values in AggregateForecast.objects.filter(question=question).values_list("values", flat=True):
        assert sum(values) == pytest.approx(1.0)


@pytest.fixture
def team_and_curator():
    team = TeamFactory()
    return team, member(team, Membership.Role.CURATOR)


def scored_rows(question):
    return sorted(
        Score.objects.filter(question=question).values_list("user_id", "is_crowd", "rule", "value", "coverage"),
        key=lambda row: (row[0] or 0, row[2]),
    )


def test_scores_follow_resolution_reresolution_annulment_and_unresolve(team_and_curator):
    team, curator = team_and_curator
    question = make_question(team=team, opens_in=timedelta(days=-6), closes_in=timedelta(days=10))
    alice, bob = UserFactory(), UserFactory()
    forecast_submit(user=alice, question=question, probability=0.8, at=question.opened_at + timedelta(days=1))
    forecast_submit(user=bob, question=question, probability=0.3, at=question.opened_at + timedelta(days=2))

    question_resolve(question=question, outcome="yes", resolved_by=curator)
    assert question_score(question_id=question.pk) == 18  # two users and the crowd × six rules
    first = scored_rows(question)
    assert question_score(question_id=question.pk) == 18
    assert scored_rows(question) == first  # idempotent
    alice_peer = Score.objects.get(question=question, user=alice, rule="peer").value
    assert alice_peer > 0 > Score.objects.get(question=question, user=bob, rule="peer").value

    question_unresolve(question=question, actor=curator, reason="Wrong source.")
    question_score(question_id=question.pk)
    assert not Score.objects.filter(question=question).exists()

    question_resolve(question=question, outcome="no", resolved_by=curator)
    question_score(question_id=question.pk)
    # Same overlap, other outcome: the peer score scales by (ln .2 − ln .7) / (ln .8 − ln .3).
    ratio = (math.log(0.2) - math.log(0.7)) / (math.log(0.8) - math.log(0.3))
    assert Score.objects.get(question=question, user=alice, rule="peer").value == pytest.approx(alice_peer * ratio)

    question_annul(question=question, annulled_by=curator, reason="Premise failed.")
    question_score(question_id=question.pk)
    assert not Score.objects.filter(question=question).exists()


def test_resolution_queues_scoring_after_commit(team_and_curator, django_capture_on_commit_callbacks, celery_eager):
    team, curator = team_and_curator
    question = make_question(team=team)
    forecast_submit(user=UserFactory(), question=question, probability=0.7)
    with django_capture_on_commit_callbacks(execute=True):
        question_resolve(question=question, outcome="yes", resolved_by=curator)
    assert Score.objects.filter(question=question, is_crowd=True).count() == 6


def test_moving_the_close_date_recomputes_the_community_forecast(
    team_and_curator, django_capture_on_commit_callbacks, celery_eager
):
    team, curator = team_and_curator
    question = make_question(team=team, opens_in=timedelta(days=-5), closes_in=timedelta(days=10))
    alice, bob = UserFactory(), UserFactory()
    now = timezone.now()
    forecast_submit(user=alice, question=question, probability=0.2, at=now - timedelta(days=3))
    forecast_submit(user=bob, question=question, probability=0.9, at=now - timedelta(hours=1))
    community_forecast_update(question_id=question.pk)
    assert CommunityStanding.objects.filter(question=question).count() == 2

    # The event the question asks about was settled two hours ago: the curator closes the window there, so Bob's
    # forecast, made after it, no longer counts.
    with django_capture_on_commit_callbacks(execute=True):
        question_edit(
            question=question,
            actor=curator,
            scheduled_close_at=now - timedelta(hours=2),
            clarification="The window ends when the ministry announced the decision.",
        )
    steps = AggregateForecast.objects.filter(question=question, method="recency_weighted_median").order_by("at")
    assert steps.last().forecaster_count == 1
    assert steps.last().probability == pytest.approx(0.2)
    assert not steps.filter(at__gte=now - timedelta(hours=2)).exists()
    assert list(CommunityStanding.objects.filter(question=question).values_list("user", flat=True)) == [alice.pk]
    # A change that leaves the window alone rebuilds nothing.
    generation = CommunityForecastCursor.objects.get(question=question).generation
    with django_capture_on_commit_callbacks(execute=True):
        question_edit(question=question, actor=curator, title="Will the ministry decide?", clarification="Wording.")
    assert CommunityForecastCursor.objects.get(question=question).generation == generation


def test_the_sweep_scores_what_a_lost_task_missed(team_and_curator, celery_eager):
    team, curator = team_and_curator
    question = make_question(team=team)
    forecast_submit(user=UserFactory(), question=question, probability=0.7)
    question_resolve(question=question, outcome="yes", resolved_by=curator)  # no task ran
    assert not Score.objects.filter(question=question).exists()
    sweep_engine.apply()
    assert Score.objects.filter(question=question).count() == 12
    assert AggregateForecast.objects.filter(question=question).exists()


def test_seeded_scores_and_series_are_complete():
    seed_story()
    resolved = Question.objects.filter(status=Question.Status.RESOLVED)
    with_forecasts = resolved.filter(forecasts__isnull=False).distinct()
    assert Score.objects.filter(is_crowd=True).values("question").distinct().count() == with_forecasts.count()
    for question in Question.objects.filter(forecasts__isnull=False).distinct():
        assert AggregateForecast.objects.filter(question=question, method="recency_weighted_median").exists()
    # Re-running the engine's catch-up changes nothing.
    before = Score.objects.count(), AggregateForecast.objects.count()
    assert engine_catch_up() == {"community_forecasts_updated": 0, "questions_scored": 0}
    assert (Score.objects.count(), AggregateForecast.objects.count()) == before


def test_reresolving_a_seed_question_replaces_its_scores():
    seed_story()
    question = Question.objects.get(slug="nk-troops-10k-in-kursk-by-2024-12-31")
    curator = Question.objects.get(pk=question.pk).resolved_by
    before = {(row[0], row[2]): row[3] for row in scored_rows(question)}
    original_effective_close = question.effective_close_at
    assert original_effective_close is not None
    question_unresolve(question=question, actor=curator, reason="Checking the source again.")
    question_score(question_id=question.pk)
    assert not Score.objects.filter(question=question).exists()
    question_resolve(
        question=question,
        outcome="yes",
        resolved_by=curator,
        effective_close_at=Question.objects.get(pk=question.pk).closed_at,
    )
    question_score(question_id=question.pk)
    after = {(row[0], row[2]): row[3] for row in scored_rows(question)}
    # The later retroactive close scores more of the horizon: everyone scored before still is, baselines move, and
    # whoever forecast only between the old and the new close is scored now.
    assert set(before) < set(after)
    assert any(after[key] != before[key] for key in before if key[1] == "baseline")
    newcomers = {user for user, _ in set(after) - set(before)}
    assert newcomers
    for user in newcomers:
        assert not Forecast.objects.filter(
            question=question, user_id=user, created_at__lt=original_effective_close
        ).exists()


def test_rebuild_command_repairs_and_reports(capsys):
    question = make_question()
    forecast_submit(user=UserFactory(), question=question, probability=0.3)
    AggregateForecast.objects.filter(question=question).delete()
    call_command("rebuild_community_forecasts", question.slug)
    assert "Rebuilt the community forecasts of 1 questions" in capsys.readouterr().out
    assert AggregateForecast.objects.filter(question=question).count() == len(METHODS)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"No question with the slug 'missing'\."):
        call_command("rebuild_community_forecasts", "missing")


def standing_rows(question):
    from forecasts.models import CommunityStanding

    return sorted(
        CommunityStanding.objects.filter(question=question).values_list(
            "user_id", "forecast_id", "made_at", "probability", "probabilities"
        )
    )


operations = st.lists(
    st.one_of(
        st.tuples(st.just("submit"), st.integers(0, 5), st.floats(0.001, 0.999), st.integers(0, 200)),
        st.tuples(st.just("submit"), st.integers(0, 5), st.sampled_from([0.2, 0.5, 0.8]), st.integers(0, 200)),
        st.tuples(st.just("withdraw"), st.integers(0, 5), st.integers(0, 30)),
        st.tuples(st.just("update")),
        st.tuples(st.just("forget")),  # this worker lost its states (a restart)
        st.tuples(st.just("elsewhere")),  # another worker takes the update: this worker's state goes stale
        st.tuples(st.just("rebuild")),
    ),
    min_size=5,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations, st.sampled_from([Question.Type.BINARY, Question.Type.MULTIPLE_CHOICE]))
def test_incremental_updates_equal_a_full_recompute_through_any_history(
    django_capture_on_commit_callbacks, team_and_curator, ops, kind
):
    """Forecasts in and out of order (back-dated writes), withdrawals, rebuilds, cache hits and misses, then
    settlement: the stored series and standing rows always equal what a rebuild from the whole history gives."""
    from forecasts.services.community import STATE_CACHE

    team, curator = team_and_curator
    question = make_question(type=kind, team=team, opens_in=timedelta(days=-10))
    users = [member(team, Membership.Role.FORECASTER) for _ in range(6)]
    start = question.opened_at
    for op in ops:
        with django_capture_on_commit_callbacks(execute=True):
            if op[0] == "submit":
                _, who, p, hours = op
                values = (
                    {"probability": p}
                    if kind == Question.Type.BINARY
                    else {"probabilities": [max(p, 0.002) / 2, max(p, 0.002) / 2, 1 - max(p, 0.002)]}
                )
                forecast_submit(user=users[who], question=question, at=start + timedelta(hours=hours), **values)
            elif op[0] == "withdraw":
                _, who, hours = op
                standing = (
                    Forecast.objects.filter(user=users[who], question=question).order_by("created_at", "id").last()
                )
                if standing is not None and standing.kind == Forecast.Kind.FORECAST:
                    # Hours after the forecast it withdraws, or (when that is past the window's end) the same time.
                    at = min(standing.created_at + timedelta(hours=hours), start + timedelta(hours=200))
                    at = max(at, standing.created_at)
                    forecast_withdraw(user=users[who], question=question, at=at)
            elif op[0] == "update":
                community_forecast_update(question_id=question.pk)
            elif op[0] == "forget":
                STATE_CACHE.clear()
            elif op[0] == "elsewhere":
                import forecasts.services.community as community

                mine, community.STATE_CACHE = community.STATE_CACHE, type(STATE_CACHE)(size=8)
                try:
                    community_forecast_update(question_id=question.pk)
                finally:
                    community.STATE_CACHE = mine
            else:
                community_forecast_rebuild(question_id=question.pk)
    with django_capture_on_commit_callbacks(execute=True):
        community_forecast_update(question_id=question.pk)
        outcome = "yes" if kind == Question.Type.BINARY else question.options.first()
        question_resolve(question=question, outcome=outcome, resolved_by=curator)
        question_unresolve(question=question, actor=curator, reason="Wrong source")
        question_annul(question=question, annulled_by=curator, reason="The premise failed")
    incremental, incremental_standing = series(question), standing_rows(question)
    assert community_forecast_update(question_id=question.pk) == 0
    community_forecast_rebuild(question_id=question.pk)
    assert series(question) == incremental
    assert standing_rows(question) == incremental_standing


@pytest.mark.parametrize("cached", [True, False])
def test_an_update_costs_the_same_queries_whatever_the_history(cached, django_capture_on_commit_callbacks, monkeypatch):
    """The cursor, the new rows, the steps, the standing rows and the cursor again; the crowd's state comes from this
    worker's memory or (one more query) from the standing rows, never from the history."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forecasts.services import forecasting
    from forecasts.services.community import STATE_CACHE

    # The forecasts below are written without their own crowd update, so that one update reads them all.
    monkeypatch.setattr(forecasting, "community_forecast_update", lambda **kwargs: 0)

    counts = []
    for size in (3, 40):
        question = make_question(opens_in=timedelta(days=-5))
        users = [UserFactory() for _ in range(size)]
        start = question.opened_at
        for index, user in enumerate(users):
            forecast_submit(
                user=user, question=question, probability=0.3 + index % 5 / 10, at=start + timedelta(minutes=index)
            )
        with django_capture_on_commit_callbacks(execute=True):
            community_forecast_update(question_id=question.pk)
        if not cached:
            STATE_CACHE.clear()
        forecast_submit(user=users[0], question=question, probability=0.9, at=start + timedelta(hours=5))
        forecast_withdraw(user=users[1], question=question, at=start + timedelta(hours=5))
        with CaptureQueriesContext(connection) as queries:
            assert community_forecast_update(question_id=question.pk) == len(METHODS)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # Savepoint and release, cursor, new rows, [standing rows], steps, withdrawn, standing, cursor, signposts.
    assert counts[0] == (9 if cached else 10), [query["sql"][:80] for query in queries.captured_queries]


def test_a_late_back_dated_forecast_replays_only_from_its_date():
    question = make_question(opens_in=timedelta(days=-5))
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    start = question.opened_at
    forecast_submit(user=a, question=question, probability=0.2, at=start + timedelta(hours=1))
    forecast_submit(user=b, question=question, probability=0.6, at=start + timedelta(hours=2))
    forecast_submit(user=c, question=question, probability=0.9, at=start + timedelta(hours=5))
    community_forecast_update(question_id=question.pk)
    kept = set(AggregateForecast.objects.filter(question=question, at__lt=start + timedelta(hours=3)).values_list("id"))
    # Recorded late: a changed their mind at hour 3 and b withdrew at hour 4, before c's forecast already read.
    forecast_submit(user=a, question=question, probability=0.7, at=start + timedelta(hours=3))
    forecast_withdraw(user=b, question=question, at=start + timedelta(hours=4))
    community_forecast_update(question_id=question.pk)
    replayed, standing = series(question), standing_rows(question)
    # The steps before hour 3 were kept as they were; those from hour 3 on were recomputed.
    assert (
        set(AggregateForecast.objects.filter(question=question, at__lt=start + timedelta(hours=3)).values_list("id"))
        == kept
    )
    last = AggregateForecast.objects.filter(question=question, method="mean").order_by("at").last()
    assert last.at == start + timedelta(hours=5)
    assert last.probability == pytest.approx((0.7 + 0.9) / 2)
    community_forecast_rebuild(question_id=question.pk)
    assert series(question) == replayed
    assert standing_rows(question) == standing
    assert [row[0] for row in standing] == sorted([a.pk, c.pk])
