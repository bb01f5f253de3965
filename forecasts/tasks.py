"""Celery tasks of the forecasting engine: thin, named, take ids, safe to run twice or concurrently."""

from celery import shared_task
from django.db.models import Exists, Max, OuterRef, Q

from forecasts.models import CommunityForecastCursor, Forecast, Score
from forecasts.services import reminders
from forecasts.services.community import community_forecast_recompute, community_forecast_update
from forecasts.services.scores import question_score
from tracker.models import Question

# Results are not kept: nobody reads them, and a task queued from a request must not wait on the result store.
RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_jitter": True,
    "max_retries": 5,
    "ignore_result": True,
}


@shared_task(name="forecasts.update_community_forecast", **RETRY)
def update_community_forecast(question_id: int) -> int:
    return community_forecast_update(question_id=question_id)


@shared_task(name="forecasts.rebuild_community_forecast", **RETRY)
def rebuild_community_forecast(question_id: int) -> int:
    return community_forecast_recompute(question_id=question_id)


@shared_task(name="forecasts.score_question", **RETRY)
def score_question(question_id: int) -> int:
    return question_score(question_id=question_id)


@shared_task(name="forecasts.sweep_engine", ignore_result=True)
def sweep_engine() -> None:
    """Catch what a lost task missed: unscored resolved questions, stale scores, lagging community forecasts."""
    has_scores = Exists(Score.objects.filter(question=OuterRef("pk")))
    wrong = Question.objects.annotate(has_scores=has_scores).filter(
        Q(status=Question.Status.RESOLVED, has_scores=False)
        | (~Q(status=Question.Status.RESOLVED) & Q(has_scores=True))
    )
    resolved_without_forecasts = Question.objects.filter(status=Question.Status.RESOLVED).exclude(
        Exists(Forecast.objects.filter(question=OuterRef("pk")))
    )
    for question_id in wrong.exclude(pk__in=resolved_without_forecasts).values_list("pk", flat=True):
        score_question.delay(question_id)
    newest = Forecast.objects.values("question_id").annotate(newest=Max("id"))
    cursors = dict(CommunityForecastCursor.objects.values_list("question_id", "last_forecast_id"))
    for row in newest:
        if cursors.get(row["question_id"], 0) < row["newest"]:
            update_community_forecast.delay(row["question_id"])


@shared_task(name="forecasts.sweep_reminders", ignore_result=True)
def sweep_reminders() -> None:
    """Every minute: plan the reminders questions imply, then send every one that is due (any number of workers)."""
    reminders.reminders_plan()
    reminders.reminders_sweep()
    reminders.stale_forecasts_notify()
