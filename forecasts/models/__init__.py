"""forecasts' models: the forecast history and everything derived from it (`forecasting.py`), and the discussion
of a question (`discussion.py`: comments, forecasts shared in the thread, followers)."""

from forecasts.models.discussion import Comment, CommentVote, QuestionFollow
from forecasts.models.forecasting import (
    AggregateForecast,
    AppendOnlyError,
    CommunityForecastCursor,
    CommunityStanding,
    Forecast,
    ForecastQuerySet,
    Reminder,
    Score,
)

__all__ = [
    "AggregateForecast",
    "AppendOnlyError",
    "Comment",
    "CommentVote",
    "CommunityForecastCursor",
    "CommunityStanding",
    "Forecast",
    "ForecastQuerySet",
    "QuestionFollow",
    "Reminder",
    "Score",
]
