"""Signposts: indicator questions of a scenario, each with the way its answer would push the scenario.

A scenario is flagged when an indicator's community forecast moves by more than the signpost's threshold from its
baseline (the value at the last flag, or when the signpost was added), or when the indicator resolves; the
scenario's followers are notified. tracker never reads the community forecast: forecasts reports each new value
through `signpost_observe`, and a resolution flags inside the resolving transaction.
"""

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import Membership, User
from tracker.accounts.permissions import user_can_curate_team
from tracker.notifications.models import Notification
from tracker.notifications.services.notifications import notifications_send_many
from tracker.questions.models import Question
from tracker.scenarios.models import Scenario, ScenarioFlag, ScenarioFollow, Signpost
from tracker.scenarios.selectors import scenario_visible_to

MIN_THRESHOLD, MAX_THRESHOLD = 0.01, 0.5
_EFFECT_WORDS = {ScenarioFlag.Effect.MORE_LIKELY: "more likely", ScenarioFlag.Effect.LESS_LIKELY: "less likely"}


def _require_scenario_curator(actor: User | None, scenario: Scenario) -> None:
    if actor is not None and not user_can_curate_team(user=actor, team=scenario.team):
        raise PermissionDenied("Only the scenario's curators can change its signposts.")


def signpost_validate(*, scenario: Scenario, question: Question, direction: str, threshold: float) -> None:
    errors = {}
    if direction not in Signpost.Direction.values:
        errors["direction"] = f"Choose one of: {', '.join(Signpost.Direction.values)}."
    if not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        errors["threshold"] = f"The threshold is a probability change between {MIN_THRESHOLD} and {MAX_THRESHOLD}."
    if question.type != Question.Type.BINARY:
        errors["question"] = "Only a yes/no question can be a signpost (its direction says what yes means)."
    elif question.visibility == Question.Visibility.TEAM and question.team_id != scenario.team_id:
        errors["question"] = "A team question can only signal a scenario of the same team."
    if errors:
        raise ValidationError(errors)


def signpost_add(
    *,
    scenario: Scenario,
    question: Question,
    direction: str,
    actor: User | None,
    threshold: float = 0.10,
    note: str = "",
) -> Signpost:
    _require_scenario_curator(actor, scenario)
    signpost_validate(scenario=scenario, question=question, direction=direction, threshold=threshold)
    try:
        with transaction.atomic():
            return Signpost.objects.create(
                scenario=scenario, question=question, direction=direction, threshold=threshold, note=note[:300]
            )
    except IntegrityError:
        raise ValidationError({"question": "This question is already a signpost of the scenario."}) from None


def signpost_update(*, signpost: Signpost, actor: User, direction: str, threshold: float, note: str = "") -> Signpost:
    _require_scenario_curator(actor, signpost.scenario)
    signpost_validate(scenario=signpost.scenario, question=signpost.question, direction=direction, threshold=threshold)
    signpost.direction, signpost.threshold, signpost.note = direction, threshold, note[:300]
    signpost.save(update_fields=["direction", "threshold", "note"])
    return signpost


def signpost_remove(*, signpost: Signpost, actor: User) -> None:
    _require_scenario_curator(actor, signpost.scenario)
    signpost.delete()


def scenario_follow(*, scenario: Scenario, user: User) -> ScenarioFollow:
    if not scenario_visible_to(user=user, scenario=scenario):
        raise PermissionDenied("You cannot see this scenario.")
    follow, _ = ScenarioFollow.objects.get_or_create(scenario=scenario, user=user)
    return follow


def scenario_unfollow(*, scenario: Scenario, user: User) -> bool:
    deleted, _ = ScenarioFollow.objects.filter(scenario=scenario, user=user).delete()
    return bool(deleted)


def _effect(direction: str, yes_more_likely: bool) -> str:
    pushes_up = yes_more_likely == (direction == Signpost.Direction.YES_MORE_LIKELY)
    return ScenarioFlag.Effect.MORE_LIKELY if pushes_up else ScenarioFlag.Effect.LESS_LIKELY


def _followers(scenario: Scenario) -> list[User]:
    followers = User.objects.filter(scenario_follows__scenario=scenario, is_active=True)
    if scenario.team_id is not None:
        members = Membership.objects.filter(team_id=scenario.team_id).values("user_id")
        followers = followers.filter(Q(pk__in=members) | Q(is_superuser=True))
    return list(followers)


# Who of the followers may read a flag: all of them, or (for a move of the community forecast) those the caller's
# rule lets see the question's community forecast. tracker does not know that rule; forecasts passes it in.
Audience = Callable[[Question, list[User]], list[User]]


def _everyone(question: Question, users: list[User]) -> list[User]:
    return users


def _flag(
    signpost: Signpost,
    *,
    kind: str,
    event_key: str,
    effect: str,
    message: str,
    audience: Audience = _everyone,
    **values,
) -> ScenarioFlag | None:
    """Record the flag once per event and notify the followers who may read it, in the same transaction; None if
    the flag existed."""
    flag = ScenarioFlag(
        scenario=signpost.scenario,
        signpost=signpost,
        kind=kind,
        event_key=event_key,
        effect=effect,
        message=message[:500],
        **values,
    )
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        return None
    scenario = signpost.scenario
    url = reverse("scenario-detail", kwargs={"slug": scenario.slug})
    notifications_send_many(
        [
            {
                "recipient": follower,
                "kind": Notification.Kind.SIGNPOST,
                "subject": f"scenario:{scenario.pk}",
                "window": f"flag:{flag.pk}",
                "title": f"Signpost: {scenario.title}"[:300],
                "body": flag.message,
                "url": url,
                "question": signpost.question,
            }
            for follower in audience(signpost.question, _followers(scenario))
        ]
    )
    return flag


def signpost_observe(
    *, question_id: int, probability: float, at: datetime, audience: Audience = _everyone
) -> list[ScenarioFlag]:
    """A new community forecast for an indicator question: flag each scenario it moved past the threshold for. The
    flag quotes the community forecast, so only the followers `audience` keeps are told."""
    flags = []
    with transaction.atomic():
        signposts = (
            Signpost.objects.select_for_update(of=("self",))
            .filter(question_id=question_id)
            .select_related("scenario", "question")
        )
        for signpost in signposts:
            if signpost.baseline_at is not None and at <= signpost.baseline_at:
                continue  # an older value arriving late, or the same one twice
            baseline = signpost.baseline_probability
            moved = baseline is not None and abs(probability - baseline) > signpost.threshold
            if baseline is None or moved:
                signpost.baseline_probability, signpost.baseline_at = probability, at
                signpost.save(update_fields=["baseline_probability", "baseline_at"])
            if not moved:
                continue
            effect = _effect(signpost.direction, yes_more_likely=probability > baseline)
            flag = _flag(
                signpost,
                kind=ScenarioFlag.Kind.MOVED,
                event_key=f"moved:{at.isoformat()}",
                effect=effect,
                message=(
                    f"“{signpost.question.title}” moved from {baseline:.0%} to {probability:.0%}: "
                    f"“{signpost.scenario.title}” looks {_EFFECT_WORDS[effect]}."
                ),
                from_probability=baseline,
                to_probability=probability,
                audience=audience,
            )
            if flag is not None:
                flags.append(flag)
    return flags


def signposts_on_resolution(*, question: Question) -> list[ScenarioFlag]:
    """Inside the resolving transaction: flag every scenario the question signals, by what the answer implies."""
    if question.type != Question.Type.BINARY or question.resolution not in ("yes", "no"):
        return []
    flags = []
    for signpost in Signpost.objects.filter(question=question).select_related("scenario", "question"):
        effect = _effect(signpost.direction, yes_more_likely=question.resolution == "yes")
        flag = _flag(
            signpost,
            kind=ScenarioFlag.Kind.RESOLVED,
            event_key=f"resolved:{question.resolved_at.isoformat()}",
            effect=effect,
            message=(
                f"“{question.title}” resolved {question.resolution.upper()}: "
                f"“{signpost.scenario.title}” is {_EFFECT_WORDS[effect]}."
            ),
            to_probability=1.0 if question.resolution == "yes" else 0.0,
        )
        if flag is not None:
            flags.append(flag)
    return flags


def scenario_flags_acknowledge(*, scenario: Scenario, actor: User) -> int:
    """A curator has looked: the scenario is no longer flagged (the flags stay as its history)."""
    _require_scenario_curator(actor, scenario)
    return ScenarioFlag.objects.filter(scenario=scenario, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=actor
    )
