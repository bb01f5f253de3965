"""Cross-question coherence: forecasts on linked questions that contradict each other (docs/forecasting.md)."""

from dataclasses import dataclass

from django.db.models import Q

from forecasts.selectors.community import community_latest, crowd_visibility
from forecasts.selectors.history import my_latest_forecasts
from tracker.accounts.models import AnyUser
from tracker.models import Question, QuestionLink
from tracker.questions.selectors import question_visible_filter

# A standalone forecast on a conditional pair's child that differs from the implied one by more than this is flagged.
CONDITIONAL_TOLERANCE = 0.1


@dataclass(frozen=True)
class CoherenceViolation:
    kind: str
    question_ids: tuple[int, ...]
    message: str


def _current_probabilities(question_ids, user: AnyUser | None = None) -> dict[int, float]:
    """P(yes) now: the user's standing forecasts, or the community forecast's latest step (one query either way)."""
    if user is not None:
        standing = my_latest_forecasts(user=user, question_ids=question_ids)
        return {question_id: f.probability for question_id, f in standing.items() if f.probability is not None}
    steps = community_latest(question_ids=question_ids)
    return {question_id: step.probability for question_id, step in steps.items() if step.probability is not None}


def coherence_violations(*, scenario=None, user: AnyUser | None = None) -> list[CoherenceViolation]:
    """Forecasts that contradict each other (docs/forecasting.md, "Cross-question coherence").

    Multiple-choice scenario sets sum to 1 by construction, so only links between binary questions are checked:
    an earlier deadline more likely than a later one, and a standalone child forecast more than 0.1 away from what
    the conditional pair implies. Uses the user's standing forecasts, or the community forecast without a user.
    """
    live = [Question.Status.OPEN, Question.Status.CLOSED]
    links = QuestionLink.objects.filter(question__status__in=live, related__status__in=live).select_related(
        "question", "related", "child"
    )
    if scenario is not None:
        links = links.filter(Q(question__scenario=scenario) | Q(related__scenario=scenario))
    links = list(links)
    involved = {link.question_id for link in links} | {link.related_id for link in links}
    involved |= {link.child_id for link in links if link.child_id}
    p = _current_probabilities(involved, user)
    violations = []
    branches: dict[tuple[int, int], dict[str, QuestionLink]] = {}
    for link in links:
        if link.kind == QuestionLink.Kind.LATER_DEADLINE:
            earlier, later = p.get(link.question_id), p.get(link.related_id)
            if earlier is not None and later is not None and earlier > later:
                violations.append(
                    CoherenceViolation(
                        link.kind,
                        (link.question_id, link.related_id),
                        f"“{link.question.title}” ({earlier:.0%}) is more likely than the same event by a later "
                        f"date, “{link.related.title}” ({later:.0%}).",
                    )
                )
        else:
            branches.setdefault((link.related_id, link.child_id), {})[link.kind] = link
    for (parent_id, child_id), pair in branches.items():
        yes_link, no_link = pair.get(QuestionLink.Kind.CONDITION_YES), pair.get(QuestionLink.Kind.CONDITION_NO)
        if yes_link is None or no_link is None:
            continue
        values = [p.get(parent_id), p.get(yes_link.question_id), p.get(no_link.question_id), p.get(child_id)]
        if any(value is None for value in values):
            continue
        parent, if_yes, if_no, child = values
        implied = parent * if_yes + (1 - parent) * if_no
        if abs(child - implied) > CONDITIONAL_TOLERANCE:
            violations.append(
                CoherenceViolation(
                    "conditional",
                    (parent_id, yes_link.question_id, no_link.question_id, child_id),
                    f"“{yes_link.child.title}” is forecast at {child:.0%} but the conditional pair implies "
                    f"{implied:.0%} (parent {parent:.0%}, if yes {if_yes:.0%}, if no {if_no:.0%}).",
                )
            )
    return violations


def coherence_warnings_for(*, user: AnyUser, violations: list[CoherenceViolation]) -> list[CoherenceViolation]:
    """The violations a reader may be shown: every question they involve is visible to the reader and shows its
    community forecast to them (a warning quotes titles and community values). A fixed number of queries."""
    involved = {question_id for violation in violations for question_id in violation.question_ids}
    if not involved:
        return []
    readable = list(Question.objects.filter(question_visible_filter(user), pk__in=involved))
    crowd_shown = crowd_visibility(user=user, questions=readable)
    shown = {question.pk for question in readable if crowd_shown(question)}
    return [violation for violation in violations if set(violation.question_ids) <= shown]
