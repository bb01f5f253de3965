"""Reads of scenarios, scoped to what the asking user may see."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tracker.accounts.models import AnyUser, Membership
from tracker.accounts.permissions import has_global_rights, is_signed_in
from tracker.questions.models import Question
from tracker.questions.selectors import question_visible_filter
from tracker.scenarios.models import Scenario


def scenario_list(*, user: AnyUser) -> QuerySet[Scenario]:
    visible_questions = (
        Question.objects.filter(question_visible_filter(user))
        .select_related("resolved_option")
        .order_by("scheduled_close_at", "title")
    )
    scenarios = Scenario.objects.filter(scenario_visible_filter(user), status=Scenario.Status.ACTIVE)
    return scenarios.prefetch_related(
        "tags", Prefetch("questions", queryset=visible_questions, to_attr="visible_questions")
    )


def scenario_visible_filter(user: AnyUser) -> Q:
    """Public scenarios to everyone; a team's scenarios to its members (and staff)."""
    if has_global_rights(user):
        return Q()
    if not is_signed_in(user):
        return Q(team__isnull=True)
    return Q(team__isnull=True) | Q(team_id__in=Membership.objects.filter(user=user).values("team_id"))


def scenario_visible_to(*, user: AnyUser, scenario: Scenario) -> bool:
    return Scenario.objects.filter(scenario_visible_filter(user), pk=scenario.pk).exists()


def access_scenario_by_slug(user: AnyUser, slug: str) -> Scenario:
    """The scenario, or a 404 when it does not exist or the user may not see it (one answer for both)."""
    scenario = Scenario.objects.filter(scenario_visible_filter(user), slug=slug).select_related("team").first()
    if scenario is None:
        raise Http404("No such scenario.")
    return scenario
