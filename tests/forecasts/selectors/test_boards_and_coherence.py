"""Leaderboards, calibration reports and coherence checks on hand-worked data, with constant query counts."""

import math
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecasts.selectors.boards import peer_leaderboard, relative_brier_leaderboard, resolved_questions
from forecasts.selectors.calibration import calibration_report
from forecasts.selectors.coherence import coherence_violations
from forecasts.services.community import community_forecast_update
from forecasts.services.forecasting import forecast_submit, forecast_withdraw
from forecasts.services.scores import question_score
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, QuestionLink
from tracker.questions.services.lifecycle import question_close, question_resolve
from tracker.questions.services.questions import question_link_create
from tracker.scenarios.services.scenarios import scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    team = TeamFactory()
    return team, member(team, Membership.Role.CURATOR)


def resolved_question(team, curator, forecasts, outcome="yes", **kwargs):
    """A question open for ten days, forecasts at whole days after opening, resolved at its close."""
    question = make_question(team=team, opens_in=timedelta(days=-10), closes_in=timedelta(days=0.5), **kwargs)
    for user, day, p in forecasts:
        forecast_submit(user=user, question=question, probability=p, at=question.opened_at + timedelta(days=day))
    question_close(question=question, actor=curator, at=question.scheduled_close_at - timedelta(days=0.5))
    question_resolve(question=question, outcome=outcome, resolved_by=curator)
    question_score(question_id=question.pk)
    return question


def test_peer_board_sums_and_global_figure(desk):
    team, curator = desk
    alex, bailey = UserFactory(display_name="Alex"), UserFactory(display_name="Bailey")
    first = resolved_question(team, curator, [(alex, 0, 0.9), (bailey, 0, 0.1)])
    resolved_question(team, curator, [(alex, 0, 0.8), (bailey, 0, 0.4)], outcome="no")
    board = peer_leaderboard(questions=resolved_questions(team=team))
    rows = {row.name: row for row in board}
    # Both stood over the whole horizon up to the close, which is 10 of the 10.5 scheduled days.
    share = 10 / 10.5
    expected_alex = share * 100 * ((math.log(0.9) - math.log(0.1)) + (math.log(0.2) - math.log(0.6)))
    assert rows["Alex"].value == pytest.approx(expected_alex)
    assert rows["Bailey"].value == pytest.approx(-expected_alex)
    assert rows["Alex"].coverage == pytest.approx(2 * share)
    assert rows["Alex"].questions == 2
    assert rows["Alex"].global_score == pytest.approx(expected_alex / 30)  # coverage floor of 30
    assert board[0].name == "Alex"
    assert any(row.is_crowd for row in board)
    assert first.scores.filter(is_crowd=True, rule="peer").exists()


def test_relative_brier_board_is_ascending_with_question_counts(desk):
    team, curator = desk
    sharp, blunt, middle = (
        UserFactory(display_name="Sharp"),
        UserFactory(display_name="Blunt"),
        UserFactory(display_name="Middle"),
    )
    resolved_question(team, curator, [(sharp, 0, 0.9), (blunt, 0, 0.2), (middle, 0, 0.6)])
    board = relative_brier_leaderboard(questions=resolved_questions(team=team))
    names = [row.name for row in board if not row.is_crowd]
    assert names == ["Sharp", "Middle", "Blunt"]
    middle_row = next(row for row in board if row.name == "Middle")
    assert middle_row.value == pytest.approx(0.0)  # the median forecaster
    assert all(row.questions == 1 for row in board)


def test_board_queries_do_not_grow_with_rows(desk):
    team, curator = desk

    def count(questions):
        with CaptureQueriesContext(connection) as captured:
            peer_leaderboard(questions=questions)
            relative_brier_leaderboard(questions=questions)
        return len(captured)

    users = [UserFactory() for _ in range(8)]
    resolved_question(team, curator, [(users[0], 0, 0.6), (users[1], 1, 0.3)])
    few = count(resolved_questions(team=team))
    resolved_question(team, curator, [(user, i % 5, 0.1 + i / 10) for i, user in enumerate(users)])
    assert count(resolved_questions(team=team)) == few


def test_boards_filter_by_scenario_tag_and_season(desk):
    team, curator = desk
    scenario = scenario_create(title="Sanctions")
    user = UserFactory()
    in_scenario = resolved_question(team, curator, [(user, 0, 0.7)], scenario=scenario, tags=["eu"])
    resolved_question(team, curator, [(user, 0, 0.7)])
    assert list(resolved_questions(scenario=scenario)) == [in_scenario]
    assert list(resolved_questions(tag="eu")) == [in_scenario]
    close = in_scenario.scheduled_close_at
    assert resolved_questions(season_start=close + timedelta(days=1)).count() == 0
    assert resolved_questions(season_start=close - timedelta(days=1), season_end=close + timedelta(days=1)).count() == 2


def test_calibration_uses_the_forecast_standing_at_close_and_its_filters(desk):
    team, curator = desk
    alex = member(team, Membership.Role.FORECASTER, display_name="Alex")
    outsider = UserFactory()
    q1 = resolved_question(team, curator, [(alex, 0, 0.3), (alex, 9, 0.95), (outsider, 1, 0.5)])
    resolved_question(team, curator, [(alex, 1, 0.15)], outcome="no")
    report = calibration_report(user=alex)
    assert report.predictions == 2
    assert report.questions == 2
    filled = {(b.lower, b.upper): (b.count, b.observed_frequency) for b in report.bins if b.count}
    assert filled == {(0.9, 1.0): (1, 1.0), (0.1, 0.2): (1, 0.0)}
    assert report.murphy.brier == pytest.approx(((0.95 - 1) ** 2 + 0.15**2) / 2)
    # Horizon filter: the 0.95 was made one day before the close, the 0.15 nine days before.
    assert calibration_report(user=alex, horizon_days=(0, 2)).predictions == 1
    assert calibration_report(user=alex, horizon_days=(2, None)).predictions == 1
    # Team calibration counts members only.
    assert calibration_report(team=team).predictions == 2
    assert calibration_report(user=outsider).predictions == 1
    # A forecast withdrawn before the close does not stand at it.
    quitter = UserFactory()
    question = make_question(team=team, opens_in=timedelta(days=-3))
    forecast_submit(user=quitter, question=question, probability=0.7, at=question.opened_at + timedelta(days=1))
    forecast_withdraw(user=quitter, question=question, at=question.opened_at + timedelta(days=2))
    question_resolve(question=question, outcome="yes", resolved_by=curator)
    assert calibration_report(user=quitter).predictions == 0
    assert q1.scores.filter(user=outsider, rule="final_brier").get().value == pytest.approx(0.5)


def test_calibration_counts_each_option_of_multiple_choice(desk):
    team, curator = desk
    user = UserFactory()
    question = make_question(team=team, type="multiple_choice", options=["a", "b", "c"], opens_in=timedelta(days=-3))
    forecast_submit(user=user, question=question, probabilities=[0.2, 0.5, 0.3])
    question_resolve(question=question, outcome="b", resolved_by=curator)
    report = calibration_report(user=user)
    assert report.predictions == 3
    assert sorted((b.lower, b.observed_frequency) for b in report.bins if b.count) == [
        (0.1, 0.0),
        (0.2, 0.0),
        (0.4, 1.0),
    ]


def test_calibration_with_no_data_is_empty_not_an_error():
    report = calibration_report(user=UserFactory())
    assert report.predictions == 0
    assert report.murphy is None
    assert len(report.bins) == 10


def test_later_deadline_violation_for_a_user_and_the_crowd(desk):
    team, _ = desk
    earlier = make_question(team=team, title="By March?", closes_in=timedelta(days=30))
    later = make_question(team=team, title="By June?", closes_in=timedelta(days=120))
    question_link_create(kind=QuestionLink.Kind.LATER_DEADLINE, question=earlier, related=later)
    user = UserFactory()
    forecast_submit(user=user, question=earlier, probability=0.5)
    forecast_submit(user=user, question=later, probability=0.4)
    [violation] = coherence_violations(user=user)
    assert violation.question_ids == (earlier.pk, later.pk)
    assert (
        violation.message == "“By March?” (50%) is more likely than the same event by a later date, “By June?” (40%)."
    )
    community_forecast_update(question_id=earlier.pk)
    community_forecast_update(question_id=later.pk)
    assert len(coherence_violations()) == 1
    forecast_withdraw(user=user, question=earlier)
    assert coherence_violations(user=user) == []


def test_conditional_pair_violation(desk):
    team, _ = desk
    parent = make_question(team=team, title="Ceasefire?")
    child = make_question(team=team, title="Sanctions lifted?")
    if_yes = make_question(team=team, title="Sanctions lifted if ceasefire?")
    if_no = make_question(team=team, title="Sanctions lifted if no ceasefire?")
    for question, kind in ((if_yes, QuestionLink.Kind.CONDITION_YES), (if_no, QuestionLink.Kind.CONDITION_NO)):
        question_link_create(kind=kind, question=question, related=parent, child=child)
    user = UserFactory()
    for question, p in ((parent, 0.5), (if_yes, 0.6), (if_no, 0.2), (child, 0.55)):
        forecast_submit(user=user, question=question, probability=p)
    [violation] = coherence_violations(user=user)  # implied 0.40, standalone 0.55
    assert "implies 40%" in violation.message
    forecast_submit(user=user, question=child, probability=0.45)
    assert coherence_violations(user=user) == []


def test_links_are_validated(desk):
    team, _ = desk
    earlier = make_question(team=team, closes_in=timedelta(days=30))
    later = make_question(team=team, closes_in=timedelta(days=60))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        question_link_create(kind=QuestionLink.Kind.LATER_DEADLINE, question=later, related=earlier)
    assert caught.value.message_dict == {"related": ["The related question must have the later deadline."]}
    with pytest.raises(ValidationError):
        question_link_create(kind=QuestionLink.Kind.CONDITION_YES, question=earlier, related=later)
    mc = make_question(team=team, type="multiple_choice")
    with pytest.raises(ValidationError):
        question_link_create(kind=QuestionLink.Kind.LATER_DEADLINE, question=mc, related=later)


def test_calibration_queries_do_not_grow_with_forecasts(desk):
    team, curator = desk
    users = [member(team) for _ in range(6)]

    def count():
        with CaptureQueriesContext(connection) as captured:
            calibration_report(team=team)
        return len(captured)

    resolved_question(team, curator, [(users[0], 0, 0.6)])
    few = count()
    for index in range(3):
        resolved_question(
            team, curator, [(user, i % 4, 0.2 + i / 10) for i, user in enumerate(users)], title=f"Q{index}?"
        )
    assert count() == few
    assert calibration_report(team=team).predictions == 1 + 3 * len(users)


def test_the_question_admin_filters_questions_with_coherence_warnings(desk, client):
    team, _ = desk
    earlier = make_question(team=team, title="By March?", closes_in=timedelta(days=30))
    later = make_question(team=team, title="By June?", closes_in=timedelta(days=120))
    make_question(team=team, title="Unrelated?")
    question_link_create(kind=QuestionLink.Kind.LATER_DEADLINE, question=earlier, related=later)
    user = UserFactory()
    forecast_submit(user=user, question=earlier, probability=0.7)
    forecast_submit(user=user, question=later, probability=0.2)
    community_forecast_update(question_id=earlier.pk)
    community_forecast_update(question_id=later.pk)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/tracker/question/?coherence=warnings").content.decode()
    assert "By March?" in page
    assert "By June?" in page
    assert "Unrelated?" not in page
    assert "Has coherence warnings" in client.get("/admin/tracker/question/").content.decode()
