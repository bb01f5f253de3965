"""Demo forecast histories for the seed story, recorded through forecast_submit / forecast_withdraw."""

from datetime import datetime

from django.contrib.auth import get_user_model

from forecasts.engine.demo_histories import DemoForecaster, demo_history
from forecasts.services.forecasting import forecast_submit, forecast_withdraw
from tracker.models import Question


def _outcome_index(question: Question, entry: dict) -> int | None:
    resolution = entry.get("resolution")
    if not resolution:
        return None
    if question.is_binary:
        return 1 if resolution["outcome"] == Question.BinaryOutcome.YES else 0
    return entry["options"].index(resolution["outcome"])


def demo_forecasts_recorder(story: dict):
    """A `during_open` hook for tracker.seeding.seed_story that records the demo accounts' forecasts."""
    forecasters = [
        DemoForecaster(person["username"], person["skill"], person["activity"])
        for person in story["people"]
        if person.get("forecasts")
    ]
    users: dict = {}  # filled on first use: the seed creates the demo accounts before any question

    def record(question: Question, entry: dict, forecasting_ends: datetime) -> None:
        if not users:
            usernames = [forecaster.username for forecaster in forecasters]
            users.update((user.username, user) for user in get_user_model().objects.filter(username__in=usernames))
        history = demo_history(
            question_slug=question.slug,
            prior=entry["demo_prior"],
            outcome=_outcome_index(question, entry),
            window_start=question.opened_at,
            window_end=forecasting_ends,
            forecasters=forecasters,
        )
        for forecast in history:
            user = users[forecast.username]
            if forecast.value is None:
                forecast_withdraw(user=user, question=question, at=forecast.at)
            else:
                values = {"probability" if question.is_binary else "probabilities": forecast.value}
                forecast_submit(user=user, question=question, rationale=forecast.rationale, at=forecast.at, **values)

    return record
