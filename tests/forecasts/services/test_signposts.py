"""Signposts: indicator questions flag their scenario when the community forecast moves past the threshold or the
question resolves; followers are notified once per flag; the rules refuse what makes no sense."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forecasts.services.community import community_forecast_update
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, Notification, ScenarioFlag, Signpost
from tracker.questions.services.lifecycle import question_resolve
from tracker.scenarios.services.scenarios import scenario_create
from tracker.scenarios.services.signposts import (
    scenario_flags_acknowledge,
    scenario_follow,
    signpost_add,
    signpost_observe,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR)
    scenario = scenario_create(title="Escalation on the peninsula", summary="Troops and tension.")
    indicator = make_question(title="Will North Korea test an ICBM before June?")
    follower = UserFactory(email="follower@example.org")
    scenario_follow(scenario=scenario, user=follower)
    return {"team": team, "curator": curator, "scenario": scenario, "indicator": indicator, "follower": follower}


def _forecast(question, p, at):
    with time_machine.travel(at, tick=False):
        forecast_submit(user=UserFactory(), question=question, probability=p)
        community_forecast_update(question_id=question.pk)


def test_a_move_past_the_threshold_flags_the_scenario_and_notifies_followers_once(desk):
    staff = UserFactory(is_staff=True, is_superuser=True)
    start = timezone.now() - timedelta(days=5)
    _forecast(desk["indicator"], 0.30, start)
    signpost = signpost_add(
        scenario=desk["scenario"],
        question=desk["indicator"],
        direction=Signpost.Direction.YES_MORE_LIKELY,
        threshold=0.10,
        actor=staff,
    )
    signpost.refresh_from_db()
    assert signpost.baseline_probability == pytest.approx(0.30)  # the community forecast when it was added

    # A second forecaster at 0.36: the median is 0.33, a move of 0.03, not a flag.
    _forecast(desk["indicator"], 0.36, start + timedelta(hours=1))
    assert not ScenarioFlag.objects.exists()
    # Two more at 0.9: the community forecast rises past 0.40; one flag, "more likely".
    _forecast(desk["indicator"], 0.90, start + timedelta(hours=2))
    _forecast(desk["indicator"], 0.90, start + timedelta(hours=3))
    flags = list(ScenarioFlag.objects.all())
    assert len(flags) == 1
    flag = flags[0]
    assert flag.kind == "moved"
    assert flag.effect == "more_likely"
    assert flag.from_probability == pytest.approx(0.30)
    assert flag.to_probability > 0.40
    assert "looks more likely" in flag.message
    notes = Notification.objects.filter(kind=Notification.Kind.SIGNPOST)
    assert [n.recipient for n in notes] == [desk["follower"]]
    assert notes[0].url == f"/scenarios/{desk['scenario'].slug}/"

    # The same value reported again (a retried task) flags nothing new and notifies no one again.
    signpost.refresh_from_db()
    again = signpost_observe(question_id=desk["indicator"].pk, probability=0.95, at=signpost.baseline_at)
    assert again == []
    assert ScenarioFlag.objects.count() == 1
    assert notes.count() == 1


def test_direction_decides_the_effect_of_a_move_and_of_a_resolution(desk):
    staff = UserFactory(is_staff=True, is_superuser=True)
    signpost = signpost_add(
        scenario=desk["scenario"],
        question=desk["indicator"],
        direction=Signpost.Direction.YES_LESS_LIKELY,
        threshold=0.05,
        actor=staff,
    )
    now = timezone.now()
    assert signpost_observe(question_id=desk["indicator"].pk, probability=0.5, at=now) == []
    # An older value arriving late is ignored.
    assert signpost_observe(question_id=desk["indicator"].pk, probability=0.9, at=now - timedelta(1)) == []
    [flag] = signpost_observe(question_id=desk["indicator"].pk, probability=0.7, at=now + timedelta(1))
    assert flag.effect == "less_likely"  # yes became likelier, and yes makes the scenario less likely

    question_resolve(question=desk["indicator"], outcome="no", resolved_by=staff)
    resolved = ScenarioFlag.objects.get(kind="resolved")
    assert resolved.effect == "more_likely"
    assert resolved.signpost == signpost
    assert "resolved NO" in resolved.message
    assert "is more likely" in resolved.message
    assert Notification.objects.filter(kind="signpost", recipient=desk["follower"]).count() == 2


def test_resolution_flags_are_part_of_the_resolving_transaction(desk):
    staff = UserFactory(is_staff=True, is_superuser=True)
    signpost_add(scenario=desk["scenario"], question=desk["indicator"], direction="yes_more_likely", actor=staff)
    with pytest.raises(ValidationError):
        question_resolve(question=desk["indicator"], outcome="maybe", resolved_by=staff)
    assert not ScenarioFlag.objects.exists()
    question_resolve(question=desk["indicator"], outcome="yes", resolved_by=staff)
    assert ScenarioFlag.objects.get().effect == "more_likely"


def test_rules_and_permissions(desk):
    staff = UserFactory(is_staff=True, is_superuser=True)
    forecaster = UserFactory()
    with pytest.raises(PermissionDenied):
        signpost_add(
            scenario=desk["scenario"], question=desk["indicator"], direction="yes_more_likely", actor=forecaster
        )
    choice = make_question(title="Which way?", type="multiple_choice")
    team_question = make_question(title="Team only?", team=desk["team"], visibility="team")
    cases = [
        ({"question": choice, "direction": "yes_more_likely"}, "question", "Only a yes/no question"),
        ({"question": team_question, "direction": "yes_more_likely"}, "question", "same team"),
        ({"question": desk["indicator"], "direction": "sideways"}, "direction", "Choose one of"),
        ({"question": desk["indicator"], "direction": "yes_more_likely", "threshold": 0.9}, "threshold", "between"),
    ]
    for arguments, field, words in cases:
        with pytest.raises(ValidationError) as caught:
            signpost_add(scenario=desk["scenario"], actor=staff, **arguments)
        assert words in " ".join(caught.value.message_dict[field])
    signpost_add(scenario=desk["scenario"], question=desk["indicator"], direction="yes_more_likely", actor=staff)
    with pytest.raises(ValidationError, match="already a signpost"):
        signpost_add(scenario=desk["scenario"], question=desk["indicator"], direction="yes_less_likely", actor=staff)
    assert Signpost.objects.count() == 1


def test_followers_who_lost_access_to_a_team_scenario_are_not_told(desk):
    staff = UserFactory(is_staff=True, is_superuser=True)
    scenario = scenario_create(title="Team storyline", summary="", team=desk["team"])
    insider = member(desk["team"])
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        scenario_follow(scenario=scenario, user=outsider)
    scenario_follow(scenario=scenario, user=insider)
    leaver = member(desk["team"])
    scenario_follow(scenario=scenario, user=leaver)
    Membership.objects.filter(user=leaver).delete()
    signpost_add(scenario=scenario, question=desk["indicator"], direction="yes_more_likely", actor=staff)
    question_resolve(question=desk["indicator"], outcome="yes", resolved_by=staff)
    assert list(Notification.objects.filter(kind="signpost").values_list("recipient", flat=True)) == [insider.pk]
    assert scenario_flags_acknowledge(scenario=scenario, actor=staff) == 1
    assert ScenarioFlag.objects.get(scenario=scenario).acknowledged_by == staff
