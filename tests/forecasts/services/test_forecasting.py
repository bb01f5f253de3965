"""Submitting and withdrawing forecasts: input rules, lifecycle rules, and append-only history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from forecasts.models import AppendOnlyError, Forecast
from forecasts.selectors.history import forecast_history, standing_forecasts
from forecasts.services.forecasting import forecast_reaffirm, forecast_submit, forecast_withdraw
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, Question
from tracker.questions.services.lifecycle import question_annul, question_resolve

pytestmark = pytest.mark.django_db


def messages(caught) -> dict:
    return {field: " ".join(text) for field, text in caught.value.message_dict.items()}


@pytest.fixture
def forecaster():
    return UserFactory()


@pytest.fixture
def binary():
    return make_question()


@pytest.fixture
def multiple_choice():
    return make_question(type=Question.Type.MULTIPLE_CHOICE, options=["Low", "Medium", "High"])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.2, "Probability must be between 0.001 and 0.999; got 1.2."),
        (float("nan"), "Probability must be a finite number; got nan."),
        (0, "Probability must be between 0.001 and 0.999; got 0."),
        (None, "A binary forecast needs a probability."),
    ],
)
def test_bad_binary_probability_is_a_field_error_and_writes_nothing(forecaster, binary, value, message):
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=forecaster, question=binary, probability=value)
    assert messages(caught) == {"probability": message}
    assert Forecast.objects.count() == 0


def test_vector_summing_to_point_nine_is_rejected_and_writes_nothing(forecaster, multiple_choice):
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=forecaster, question=multiple_choice, probabilities=[0.3, 0.3, 0.3])
    assert messages(caught) == {"probabilities": "Probabilities must sum to 1; they sum to 0.9."}
    assert Forecast.objects.count() == 0


def test_wrong_shape_for_the_question_type(forecaster, binary, multiple_choice):
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=forecaster, question=binary, probabilities=[0.5, 0.5])
    assert "probabilities" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=forecaster, question=multiple_choice, probability=0.5)
    assert "probability" in caught.value.message_dict
    assert Forecast.objects.count() == 0


def test_a_valid_multiple_choice_forecast_is_stored_in_option_order(forecaster, multiple_choice):
    forecast = forecast_submit(user=forecaster, question=multiple_choice, probabilities=[0.2, 0.5, 0.3])
    forecast.refresh_from_db()
    assert forecast.probabilities == [0.2, 0.5, 0.3]
    assert forecast.probability is None


@pytest.mark.parametrize("status", [Question.Status.CLOSED, Question.Status.SCHEDULED, Question.Status.DRAFT])
def test_no_forecast_on_a_question_that_is_not_open(forecaster, status):
    team = TeamFactory()
    member(team, Membership.Role.FORECASTER, username=f"member-{status}")
    question = make_question(status=status, team=team)
    staff = UserFactory(
        is_staff=True, is_superuser=True
    )  # a superuser can see drafts, so the refusal is about the status
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=staff, question=question, probability=0.4)
    assert messages(caught) == {
        "question": f"Forecasts are accepted only while a question is open; this one is {status}."
    }
    assert Forecast.objects.count() == 0


def test_no_forecast_on_a_resolved_or_annulled_question(forecaster):
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR)
    resolved = make_question(team=team)
    question_resolve(question=resolved, outcome="yes", resolved_by=curator)
    annulled = make_question(team=team)
    question_annul(question=annulled, annulled_by=curator, reason="Premise failed.")
    for question in (resolved, annulled):
        with pytest.raises(ValidationError):
            forecast_submit(user=forecaster, question=question, probability=0.4)
    assert Forecast.objects.count() == 0


def test_forecast_after_the_scheduled_close_is_refused_even_before_the_sweep(forecaster):
    question = make_question(opens_in=timedelta(days=-5), closes_in=timedelta(seconds=-1))
    assert question.status == Question.Status.OPEN
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=forecaster, question=question, probability=0.4)
    assert messages(caught) == {"question": "The question's forecasting window has closed."}


def test_forecasts_cannot_be_dated_in_the_future_or_before_opening(forecaster, binary):
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=forecaster, question=binary, probability=0.4, at=timezone.now() + timedelta(hours=1))
    assert messages(caught) == {"created_at": "A forecast cannot be dated in the future."}
    with pytest.raises(ValidationError) as caught:
        forecast_submit(user=forecaster, question=binary, probability=0.4, at=binary.opened_at - timedelta(hours=1))
    assert messages(caught) == {"created_at": "A forecast cannot be dated before the question opened."}


def test_team_questions_take_forecasts_only_from_members():
    team = TeamFactory()
    question = make_question(team=team, visibility=Question.Visibility.TEAM)
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        forecast_submit(user=outsider, question=question, probability=0.4)
    insider = member(team)
    assert forecast_submit(user=insider, question=question, probability=0.4).probability == 0.4


def test_anonymous_users_cannot_forecast(binary):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        forecast_submit(user=AnonymousUser(), question=binary, probability=0.4)


def test_updates_supersede_but_history_keeps_everything(forecaster, binary):
    first = forecast_submit(user=forecaster, question=binary, probability=0.3, rationale="Base rate.")
    second = forecast_submit(user=forecaster, question=binary, probability=0.6, rationale="News.")
    assert [f.probability for f in forecast_history(user=forecaster, question=binary)] == [0.3, 0.6]
    assert [f.pk for f in standing_forecasts(question=binary)] == [second.pk]
    assert [f.pk for f in standing_forecasts(question=binary, at=second.created_at)] == [first.pk]


def test_withdrawal_is_a_row_and_ends_the_standing_forecast(forecaster, binary):
    forecast_submit(user=forecaster, question=binary, probability=0.3)
    withdrawal = forecast_withdraw(user=forecaster, question=binary)
    assert withdrawal.kind == Forecast.Kind.WITHDRAWAL
    assert standing_forecasts(question=binary) == []
    assert Forecast.objects.filter(question=binary).count() == 2
    with pytest.raises(ValidationError) as caught:
        forecast_withdraw(user=forecaster, question=binary)
    assert messages(caught) == {"question": "You have no standing forecast on this question to withdraw."}


def test_history_is_append_only(forecaster, binary):
    forecast = forecast_submit(user=forecaster, question=binary, probability=0.3)
    forecast.probability = 0.9
    with pytest.raises(AppendOnlyError):
        forecast.save()
    with pytest.raises(AppendOnlyError):
        forecast.delete()
    with pytest.raises(AppendOnlyError):
        Forecast.objects.filter(pk=forecast.pk).update(probability=0.9)
    with pytest.raises(AppendOnlyError):
        Forecast.objects.all().delete()
    forecast.refresh_from_db()
    assert forecast.probability == 0.3


def test_the_database_refuses_an_out_of_range_probability(forecaster, binary):
    with pytest.raises(IntegrityError), transaction.atomic():
        Forecast.objects.bulk_create([Forecast(user=forecaster, question=binary, probability=1.2)])


def test_standing_forecasts_take_each_users_latest(binary):
    alex, bailey = UserFactory(), UserFactory()
    forecast_submit(user=alex, question=binary, probability=0.2)
    forecast_submit(user=bailey, question=binary, probability=0.7)
    forecast_submit(user=alex, question=binary, probability=0.25)
    forecast_withdraw(user=bailey, question=binary)
    assert [(f.user, f.probability) for f in standing_forecasts(question=binary)] == [(alex, 0.25)]


def test_reaffirming_records_the_standing_forecast_again_dated_now(forecaster, binary, multiple_choice):
    first = forecast_submit(user=forecaster, question=binary, probability=0.35, rationale="Base rate.")
    again = forecast_reaffirm(user=forecaster, question=binary)
    assert (again.probability, again.rationale, again.kind) == (0.35, "", Forecast.Kind.FORECAST)
    assert again.created_at >= first.created_at
    assert [f.pk for f in forecast_history(user=forecaster, question=binary)] == [first.pk, again.pk]
    assert [f.pk for f in standing_forecasts(question=binary)] == [again.pk]

    options = forecast_submit(user=forecaster, question=multiple_choice, probabilities=[0.2, 0.3, 0.5])
    assert forecast_reaffirm(user=forecaster, question=multiple_choice).probabilities == options.probabilities


def test_nothing_to_reaffirm_is_a_clear_error(forecaster, binary):
    with pytest.raises(ValidationError) as caught:
        forecast_reaffirm(user=forecaster, question=binary)
    assert messages(caught) == {"question": "You have no standing forecast on this question to reaffirm."}
    forecast_submit(user=forecaster, question=binary, probability=0.3)
    forecast_withdraw(user=forecaster, question=binary)
    with pytest.raises(ValidationError):
        forecast_reaffirm(user=forecaster, question=binary)  # a withdrawn forecast is not standing
    assert Forecast.objects.filter(question=binary).count() == 2
