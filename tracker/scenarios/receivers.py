"""Scenarios react to the questions below them: a signpost's question resolving flags its scenarios."""

from django.dispatch import receiver

from tracker.questions.signals import question_resolving
from tracker.scenarios.services.signposts import signposts_on_resolution


@receiver(question_resolving, dispatch_uid="tracker.scenarios.flag_on_resolution")
def flag_scenarios_on_resolution(sender, question, **kwargs) -> None:
    # Inside the resolving transaction: the flags commit (or roll back) with the resolution.
    signposts_on_resolution(question=question)
