"""Bringing the engine's stored results up to date in this process (the seed and repairs use it)."""

from django.db.models import Max

from forecasts.models import CommunityForecastCursor, Forecast, Score
from forecasts.services.community import community_forecast_update
from forecasts.services.scores import question_score
from tracker.models import Question


def engine_catch_up(*, question_ids: list[int] | None = None) -> dict[str, int]:
    """Bring community forecasts and scores up to date now, in this process (the seed and repairs use it)."""
    questions = Question.objects.all() if question_ids is None else Question.objects.filter(pk__in=question_ids)
    newest = dict(
        Forecast.objects.filter(question__in=questions)
        .values("question_id")
        .annotate(newest=Max("id"))
        .values_list("question_id", "newest")
    )
    cursors = dict(
        CommunityForecastCursor.objects.filter(question__in=questions).values_list("question_id", "last_forecast_id")
    )
    updated = [question_id for question_id, last in newest.items() if cursors.get(question_id, 0) < last]
    for question_id in updated:
        community_forecast_update(question_id=question_id)
    unscored = questions.filter(status=Question.Status.RESOLVED).exclude(pk__in=Score.objects.values("question_id"))
    scored = [
        question_id for question_id in unscored.values_list("pk", flat=True) if question_score(question_id=question_id)
    ]
    return {"community_forecasts_updated": len(updated), "questions_scored": len(scored)}
