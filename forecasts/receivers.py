"""forecasts reacts to tracker's lifecycle signals (sent after commit), so tracker never imports forecasts."""

from django.dispatch import receiver

from forecasts.tasks import score_question
from tracker import signals
from tracker.jobs import enqueue


@receiver(signals.question_resolved, dispatch_uid="forecasts.score_on_resolve")
@receiver(signals.question_annulled, dispatch_uid="forecasts.unscore_on_annul")
@receiver(signals.question_unresolved, dispatch_uid="forecasts.unscore_on_unresolve")
def rescore_on_settlement(sender, question_id: int, **kwargs) -> None:
    # One task for all three: it reads the question's state when it runs and writes scores to match.
    enqueue(score_question, question_id)
