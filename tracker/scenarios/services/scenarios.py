"""Writes of scenarios."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tracker.accounts.models import Team, User
from tracker.accounts.permissions import user_can_curate_team
from tracker.lib.slugs import unique_slug
from tracker.questions.services.questions import tags_get_or_create
from tracker.scenarios.models import Scenario


def scenario_create(
    *,
    title: str,
    summary: str = "",
    slug: str = "",
    tags: Sequence[str] = (),
    team: Team | None = None,
    actor: User | None = None,
    seeded: bool = False,
) -> Scenario:
    if actor is not None and not user_can_curate_team(user=actor, team=team):
        raise PermissionDenied("Only curators can create scenarios.")
    with transaction.atomic():
        scenario = Scenario(
            title=title, summary=summary, slug=slug or unique_slug(Scenario, title), team=team, seeded=seeded
        )
        scenario.full_clean()
        scenario.save()
        scenario.tags.set(tags_get_or_create(names=tags))
    return scenario
