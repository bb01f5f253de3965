"""Writes of forecast history: submit, reaffirm and withdraw. History is append-only; nothing here updates a row."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from forecasts.engine.validation import (
    ForecastInputError,
    parse_binary_probability,
    parse_cdf,
    parse_option_probabilities,
)
from forecasts.models import Forecast
from forecasts.selectors.distribution import cdf_of_quantiles
from forecasts.selectors.history import latest_forecast
from forecasts.services.community import community_forecast_update
from forecasts.services.discussion import forecast_entry_create, forecast_share_check
from tracker.accounts.models import User
from tracker.lib.times import sane_time
from tracker.models import Question, Webhook
from tracker.questions.payloads import question_data
from tracker.questions.selectors import user_can_see_question
from tracker.webhooks.services.events import webhook_event_emit

# A forecast stamped a little ahead of the server clock (a client's clock skew) is accepted; more is an error.
ALLOWED_CLOCK_SKEW = timedelta(seconds=5)


def _forecast_time(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    at = sane_time(at, field="created_at")
    if at > now + ALLOWED_CLOCK_SKEW:
        raise ValidationError({"created_at": "A forecast cannot be dated in the future."})
    return at


def _forecastable_question(*, user: User, question_id: int, at: datetime) -> Question:
    # Locked so that a concurrent close cannot slip between the status check and the insert.
    question = Question.objects.select_for_update(of=("self",)).select_related("team").get(pk=question_id)
    if not user_can_see_question(user=user, question=question):
        raise PermissionDenied("You cannot forecast on this question.")
    if question.status != Question.Status.OPEN:
        raise ValidationError(
            {"question": f"Forecasts are accepted only while a question is open; this one is {question.status}."}
        )
    if at < question.opened_at:
        raise ValidationError({"created_at": "A forecast cannot be dated before the question opened."})
    if at >= question.scheduled_close_at:
        raise ValidationError({"question": "The question's forecasting window has closed."})
    return question


def forecast_submit(
    *,
    user: User,
    question: Question,
    probability=None,
    probabilities=None,
    cdf=None,
    quantiles=None,
    rationale: str = "",
    at: datetime | None = None,
    share: str | None = None,
    team=None,
    evidence_ids=(),
) -> Forecast:
    """Record a forecast. It supersedes the user's previous forecast on the question, which stays in history.

    Binary: `probability`. Multiple choice: `probabilities`, one per option. Numeric or date: `cdf` (201 values) or
    `quantiles` ([[0.1, low], [0.5, median], [0.9, high]]); the CDF is stored in the row's `probabilities`.

    With a rationale (or evidence named as what moved it) the forecast also enters the question's discussion,
    shared as `share` says: "team" (the default for a team's member), "public", or "private" (only its author)."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to forecast.")
    at = _forecast_time(at)
    with transaction.atomic():
        question = _forecastable_question(user=user, question_id=question.pk, at=at)
        try:
            values = _forecast_values(question, probability, probabilities, cdf, quantiles)
        except ForecastInputError as error:
            raise ValidationError({error.field: error.message}) from None
        share, share_team, cited = forecast_share_check(
            user=user, question=question, share=share, team=team, evidence_ids=evidence_ids, rationale=rationale
        )
        previous = latest_forecast(user=user, question=question)
        forecast = Forecast(
            user=user, question=question, kind=Forecast.Kind.FORECAST, rationale=rationale, created_at=at, **values
        )
        # Values were checked by forecasts.validation above; the database's check constraints back them up.
        forecast.save()
        forecast_entry_create(forecast=forecast, previous=previous, share=share, team=share_team, cited=cited)
        # The crowd moves with the forecast, in its transaction: every path (page, API, bulk, import, seed) the
        # same, the next page already shows it, and no task is left to do it again.
        community_forecast_update(question_id=question.pk)
        webhook_event_emit(
            team_id=question.team_id,
            event=Webhook.Event.FORECAST_CREATED,
            key=f"forecast.created:forecast:{forecast.pk}",
            data=lambda: {"question": question_data(question), "forecast": _forecast_data(forecast)},
            occurred_at=forecast.created_at,
        )
    return forecast


def _forecast_values(
    question: Question, probability: object, probabilities: object, cdf: object, quantiles: object
) -> dict[str, Any]:
    """The row's values for the question's type, or ForecastInputError naming the field at fault."""
    given = {"probability": probability, "probabilities": probabilities, "cdf": cdf, "quantiles": quantiles}
    if question.is_binary:
        accepted: tuple[str, ...] = ("probability",)
    elif question.is_continuous:
        accepted = ("cdf", "quantiles")
    else:
        accepted = ("probabilities",)
    stray = next((name for name, value in given.items() if value is not None and name not in accepted), None)
    if stray is not None:
        raise ForecastInputError(
            stray, f"A {question.get_type_display().lower()} forecast takes {' or '.join(accepted)}."
        )
    if question.is_binary:
        return {"probability": parse_binary_probability(probability), "probabilities": None}
    if not question.is_continuous:
        option_count = question.options.count()
        return {"probability": None, "probabilities": parse_option_probabilities(probabilities, option_count)}
    bounds = {"open_lower": question.open_lower_bound, "open_upper": question.open_upper_bound}
    if cdf is not None and quantiles is not None:
        raise ForecastInputError("quantiles", "Give a CDF or quantiles, not both.")
    if cdf is not None:
        return {"probability": None, "probabilities": parse_cdf(cdf, **bounds)}
    if quantiles is None:
        raise ForecastInputError("cdf", "A numeric or date forecast needs a CDF or quantiles.")
    return {"probability": None, "probabilities": cdf_of_quantiles(question, quantiles)}


def _forecast_data(forecast: Forecast) -> dict:
    data = {
        "id": forecast.pk,
        "user": forecast.user.get_username(),
        "created_at": forecast.created_at,
        "probability": forecast.probability,
        "rationale": forecast.rationale,
    }
    if forecast.question.is_continuous:
        data["cdf"] = forecast.probabilities
    elif forecast.probabilities is not None:
        labels = forecast.question.options.values_list("label", flat=True)
        data["probabilities"] = dict(zip(labels, forecast.probabilities, strict=True))
    return data


def forecast_reaffirm(*, user: User, question: Question, at: datetime | None = None) -> Forecast:
    """The user's standing forecast again, dated now (Metaculus' and Good Judgment Open's "reaffirm"): a new row
    with the same values and no rationale, so the history shows the forecaster still stands behind it. Read and
    written under the question's lock, so a forecast made meanwhile is never answered with the older values."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to reaffirm a forecast.")
    with transaction.atomic():
        question = _forecastable_question(user=user, question_id=question.pk, at=_forecast_time(at))
        standing = latest_forecast(user=user, question=question)
        if standing is None or standing.kind != Forecast.Kind.FORECAST:
            raise ValidationError({"question": "You have no standing forecast on this question to reaffirm."})
        continuous = question.is_continuous
        return forecast_submit(
            user=user,
            question=question,
            probability=standing.probability,
            probabilities=None if continuous else standing.probabilities,
            cdf=standing.probabilities if continuous else None,
            at=at,
        )


def forecast_withdraw(*, user: User, question: Question, at: datetime | None = None) -> Forecast:
    """Record that the user no longer stands behind a forecast. Earlier forecasts remain in history."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("Sign in to withdraw a forecast.")
    at = _forecast_time(at)
    with transaction.atomic():
        question = _forecastable_question(user=user, question_id=question.pk, at=at)
        standing = latest_forecast(user=user, question=question)
        if standing is None or standing.kind != Forecast.Kind.FORECAST:
            raise ValidationError({"question": "You have no standing forecast on this question to withdraw."})
        if at < standing.created_at:
            raise ValidationError({"created_at": "A withdrawal cannot be dated before the forecast it withdraws."})
        withdrawal = Forecast(user=user, question=question, kind=Forecast.Kind.WITHDRAWAL, created_at=at)
        withdrawal.save()
        # The crowd moves with the forecast, in its transaction: every path (page, API, bulk, import, seed) the
        # same, the next page already shows it, and no task is left to do it again.
        community_forecast_update(question_id=question.pk)
    return withdrawal
