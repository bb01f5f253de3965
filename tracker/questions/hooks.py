"""What tracker asks of the apps built on it, which register the answer when they start (tracker never imports
forecasts; see docs/decisions/0001-two-apps.md). A hook nobody registered is a start-up fault, not a silent empty
answer."""

from collections.abc import Callable

from django.db.models import QuerySet

from tracker.accounts.models import User
from tracker.questions.models import Question

ForecastersOf = Callable[[Question], QuerySet[User]]

_forecasters_of: ForecastersOf | None = None


def register_forecasters_of(function: ForecastersOf) -> None:
    """forecasts registers who has forecast a question (a clarification notifies them)."""
    global _forecasters_of
    _forecasters_of = function


def forecasters_of(question: Question) -> QuerySet[User]:
    """The active users with a forecast on the question."""
    if _forecasters_of is None:
        raise RuntimeError("No app registered forecasters_of: is 'forecasts' in INSTALLED_APPS?")
    return _forecasters_of(question)
