"""forecasts reacts to tracker's lifecycle signals (sent after commit), so tracker never imports forecasts."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from forecasts.services.community import signposts_observe_latest
from tracker.models import Signpost
from tracker.ops.jobs import enqueue
from tracker.questions.signals import (
    question_annulled,
    question_resolved,
    question_unresolved,
    question_window_changed,
)


@receiver(question_resolved, dispatch_uid="forecasts.score_on_resolve")
@receiver(question_annulled, dispatch_uid="forecasts.unscore_on_annul")
@receiver(question_unresolved, dispatch_uid="forecasts.unscore_on_unresolve")
def rescore_on_settlement(sender, question_id: int, **kwargs) -> None:
    # One task for all three: it reads the question's state when it runs and writes scores to match.
    enqueue("forecasts.score_question", question_id)


@receiver(question_window_changed, dispatch_uid="forecasts.rebuild_on_window_change")
def rebuild_on_window_change(sender, question_id: int, **kwargs) -> None:
    # Forecasts from a moved close date on no longer count: the series and the standing crowd are recomputed.
    enqueue("forecasts.rebuild_community_forecast", question_id)


@receiver(post_save, sender=Signpost, dispatch_uid="forecasts.signpost_baseline")
def set_signpost_baseline(sender, instance: Signpost, created: bool, **kwargs) -> None:
    # A new signpost measures moves from the community forecast of the moment it was added.
    if created:
        signposts_observe_latest(question_id=instance.question_id)
