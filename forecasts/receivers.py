"""forecasts reacts to tracker's lifecycle signals (sent after commit), so tracker never imports forecasts."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from forecasts.services import signposts_observe_latest
from forecasts.tasks import score_question
from tracker import signals
from tracker.jobs import enqueue
from tracker.models import Signpost


@receiver(signals.question_resolved, dispatch_uid="forecasts.score_on_resolve")
@receiver(signals.question_annulled, dispatch_uid="forecasts.unscore_on_annul")
@receiver(signals.question_unresolved, dispatch_uid="forecasts.unscore_on_unresolve")
def rescore_on_settlement(sender, question_id: int, **kwargs) -> None:
    # One task for all three: it reads the question's state when it runs and writes scores to match.
    enqueue(score_question, question_id)


@receiver(post_save, sender=Signpost, dispatch_uid="forecasts.signpost_baseline")
def set_signpost_baseline(sender, instance: Signpost, created: bool, **kwargs) -> None:
    # A new signpost measures moves from the community forecast of the moment it was added.
    if created:
        signposts_observe_latest(question_id=instance.question_id)
