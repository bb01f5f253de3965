"""A settlement overtakes the proposals still pending on a question, whichever way it came (a proposal approved, the
resolve page, the admin, the API, an annulment)."""

from django.dispatch import receiver

from tracker.questions.signals import question_annulling, question_resolving
from tracker.resolution.services.proposals import proposals_supersede


@receiver(question_resolving, dispatch_uid="tracker.resolution.supersede_on_resolution")
def supersede_on_resolution(sender, question, **kwargs) -> None:
    # Inside the settling transaction: the proposals change exactly when the settlement commits.
    proposals_supersede(question_id=question.pk, reason=f"The question was resolved {question.outcome_label}.")


@receiver(question_annulling, dispatch_uid="tracker.resolution.supersede_on_annulment")
def supersede_on_annulment(sender, question, **kwargs) -> None:
    proposals_supersede(question_id=question.pk, reason="The question was annulled.")
