"""Numeric and date questions on the web: the editor creates them, the page shows the crowd's median and 80%
interval in the unit, forecasts go in as three quantiles (refusals are form errors with nothing written), the
preview draws a draft, the resolve page takes a value."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from forecasts.models import Forecast, Score
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.accounts.models import Membership
from tracker.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(name="Korea desk")


@pytest.fixture
def curator(team):
    return member(team, Membership.Role.CURATOR, username="riley")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _new_form(team, **overrides):
    now = timezone.now()
    return {
        "title": "How many North Korean troops will be in Russia on 30 June 2027?",
        "type": "numeric",
        "range_min": "0",
        "range_max": "50000",
        "open_upper_bound": "on",
        "unit": "troops",
        "team": team.pk,
        "visibility": "team",
        "resolution_criteria": "The NIS's latest published estimate on that date.",
        "opens_at": _local(now + timedelta(days=1)),
        "scheduled_close_at": _local(now + timedelta(days=60)),
        "resolve_by": _local(now + timedelta(days=70)),
        **overrides,
    }


def test_the_editor_creates_numeric_and_date_questions_and_refuses_a_bad_range(team, curator):
    client = _client(curator)
    assert client.post("/questions/new/", _new_form(team)).status_code == 302
    numeric = Question.objects.get(type="numeric")
    assert (numeric.range_min, numeric.range_max, numeric.open_upper_bound, numeric.unit) == (0, 50_000, True, "troops")
    edit_page = client.get(f"/questions/{numeric.slug}/edit/").content.decode()
    assert 'name="range_max"' in edit_page
    assert 'value="50000"' in edit_page
    dated = _new_form(
        team,
        title="When will Pyongyang confirm it?",
        type="date",
        range_min="2027-01-01",
        range_max="2027-12-31",
        unit="",
    )
    assert client.post("/questions/new/", dated).status_code == 302
    assert Question.objects.get(type="date").range_max > Question.objects.get(type="date").range_min
    refused = client.post("/questions/new/", _new_form(team, title="Backwards", range_max="-5"))
    assert refused.status_code == 400
    assert "upper end of the range must be above" in refused.content.decode()
    assert not Question.objects.filter(title="Backwards").exists()


def test_the_page_states_the_crowds_median_and_interval_and_takes_three_quantiles(team):
    question = make_question(team=team, type=Question.Type.NUMERIC)
    other = member(team)
    forecast_submit(user=other, question=question, quantiles=[[0.1, 7_500], [0.5, 12_000], [0.9, 19_000]])
    forecaster = member(team)
    client = _client(forecaster)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "80% between" in page
    assert "12,000 troops" in page or "11," in page  # the median, in the unit, to three figures
    assert 'name="q50"' in page
    saved = client.post(
        f"/questions/{question.slug}/forecast/",
        {"q10": "9000", "q50": "10,000", "q90": "15000", "share": "private"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert "Forecast saved." in saved.content.decode()
    mine = Forecast.objects.filter(user=forecaster).get()
    assert len(mine.probabilities) == 201
    refused = client.post(
        f"/questions/{question.slug}/forecast/",
        {"q10": "20000", "q50": "10000", "q90": "15000", "share": "private"},
        HTTP_HX_REQUEST="true",
    )
    assert "higher values" in refused.content.decode()
    assert 'value="20000"' in refused.content.decode()  # what was typed comes back
    assert Forecast.objects.filter(user=forecaster).count() == 1


def test_the_preview_draws_a_draft_without_saving_and_keeps_a_hidden_crowd_hidden(team):
    question = make_question(team=team, type=Question.Type.NUMERIC, hide_crowd_until_forecast=True)
    forecast_submit(user=member(team), question=question, quantiles=[[0.1, 30_000], [0.5, 35_000], [0.9, 40_000]])
    client = _client(member(team))
    url = f"/questions/{question.slug}/distribution-preview/"
    drawn = client.get(url, {"q10": "9000", "q50": "12000", "q90": "15000"}).content.decode()
    assert "Your draft: 12,0" in drawn or "Your draft: 11," in drawn
    assert "<svg" in drawn
    assert "Community" not in drawn  # hidden until this reader forecasts
    assert not Forecast.objects.filter(question=question).exclude(user__username__startswith="user").exists()
    assert "a number" in client.get(url, {"q10": "x", "q50": "1", "q90": "2"}).content.decode().lower()


def test_a_date_question_reads_typed_days_in_the_readers_zone(team, settings):
    now = timezone.now()
    question = make_question(
        team=team,
        type=Question.Type.DATE,
        range_min=now.timestamp(),
        range_max=(now + timedelta(days=365)).timestamp(),
    )
    client = _client(member(team))
    days = [(now + timedelta(days=d)).date().isoformat() for d in (30, 90, 200)]
    client.post(f"/questions/{question.slug}/forecast/", {"q10": days[0], "q50": days[1], "q90": days[2]})
    page = client.get(question.get_absolute_url()).content.decode()
    assert 'type="date"' in page
    assert f'value="{days[1]}"' in page  # the median typed, read back as the same day


def test_the_resolve_page_takes_a_value_and_scores(team, curator, django_capture_on_commit_callbacks, celery_eager):
    question = make_question(team=team, type=Question.Type.NUMERIC)
    forecaster = UserFactory()
    member_of = member(team)
    forecast_submit(user=member_of, question=question, quantiles=[[0.1, 9_000], [0.9, 14_000]])
    client = _client(curator)
    form = client.get(f"/questions/{question.slug}/resolve/").content.decode()
    assert "The outcome (troops)" in form
    refused = client.post(f"/questions/{question.slug}/resolve/", {"action": "resolve", "outcome": "-4"})
    assert refused.status_code == 400
    assert "below the range" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/questions/{question.slug}/resolve/", {"action": "resolve", "outcome": "12,500"})
    question.refresh_from_db()
    assert question.resolution_value == 12_500
    assert Score.objects.filter(question=question, user=member_of, rule="crps").exists()
    assert forecaster.pk != member_of.pk
    page = _client(member_of).get(question.get_absolute_url()).content.decode()
    assert "12,500 troops" in page


def test_the_track_record_draws_the_pit_of_resolved_distributions(team, curator):
    forecaster = member(team)
    for outcome in (11_000, 12_500, 30_000):
        question = make_question(team=team, type=Question.Type.NUMERIC, title=f"How many, {outcome}?")
        forecast_submit(user=forecaster, question=question, quantiles=[[0.1, 9_000], [0.5, 12_000], [0.9, 15_000]])
        from tracker.questions.services.lifecycle import question_resolve

        question_resolve(question=question, outcome=outcome, resolved_by=curator)
    page = _client(forecaster).get("/track-record/").content.decode()
    assert "PIT histogram" in page
    assert "on 3 resolved questions" in page
    assert page.count('class="point"') >= 10  # one bar per tenth
    outsider = UserFactory()
    assert "No resolved numeric or date forecasts yet." in _client(outsider).get("/track-record/").content.decode()


def test_a_quick_forecast_from_the_list_takes_a_median_and_a_range(team):
    question = make_question(team=team, type=Question.Type.NUMERIC)
    forecaster = member(team)
    client = _client(forecaster)
    listed = client.get("/questions/").content.decode()
    assert f'id="quick-q50-{question.pk}"' in listed
    url = f"/questions/{question.slug}/quick-forecast/"
    refused = client.post(url, {"q10": "9000", "q50": "8000", "q90": "15000"}, HTTP_HX_REQUEST="true")
    assert "higher values" in refused.content.decode()
    assert 'value="8000"' in refused.content.decode()  # kept as typed
    assert not Forecast.objects.filter(user=forecaster).exists()
    saved = client.post(url, {"q10": "9000", "q50": "11000", "q90": "15000"}, HTTP_HX_REQUEST="true")
    assert "Saved" in saved.content.decode()
    assert "11,000 troops" in saved.content.decode()
    assert Forecast.objects.filter(user=forecaster).count() == 1
