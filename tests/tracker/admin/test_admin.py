"""The admin: every model's pages load, and bad input becomes a form error or a message, never a 500."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from tests.admin_pages import admin_form_data
from tests.factories import SourceFactory, TeamFactory, UserFactory, make_question
from tracker.models import Question
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.lifecycle import question_annul

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_registered_model_has_working_list_and_add_pages(admin_client):
    make_question(title="Listed question?")
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        if model_admin.has_add_permission(
            type("R", (), {"user": UserFactory.build(is_superuser=True, is_active=True)})()
        ):
            assert admin_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info


def test_question_change_page_shows_options_evidence_and_transitions(admin_client):
    question = make_question(type="multiple_choice", options=["Low", "High"])
    evidence_add(question=question, title="Report on levels", url="https://example.org/l")
    page = admin_client.get(reverse("admin:tracker_question_change", args=[question.pk])).content.decode()
    assert "Report on levels" in page
    assert "High" in page
    assert "scheduled" in page


def add_form(**overrides):
    now = timezone.now()
    data = {
        "title": "Will the EU adopt a 21st package?",
        "slug": "",
        "type": "binary",
        "options_text": "",
        "tag_names": "sanctions, eu",
        "visibility": "public",
        "resolution_criteria": "YES if adopted.",
        "opens_at_0": (now + timedelta(days=1)).strftime("%Y-%m-%d"),
        "opens_at_1": "00:00:00",
        "scheduled_close_at_0": (now + timedelta(days=30)).strftime("%Y-%m-%d"),
        "scheduled_close_at_1": "00:00:00",
        "resolve_by_0": (now + timedelta(days=40)).strftime("%Y-%m-%d"),
        "resolve_by_1": "00:00:00",
        "origin_quote": "",
    }
    for prefix in ("options", "evidence", "transitions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_admin_creates_a_question_through_the_service(admin_client):
    response = admin_client.post(reverse("admin:tracker_question_add"), add_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert question.status == Question.Status.DRAFT
    assert sorted(tag.slug for tag in question.tags.all()) == ["eu", "sanctions"]
    assert question.created_by is not None
    # A second, near-identical question is created too, with the first listed as similar (link, don't copy).
    page = admin_client.post(
        reverse("admin:tracker_question_add"),
        add_form(title="Will the EU adopt a 21st sanctions package?"),
        follow=True,
    )
    assert "Similar existing questions" in page.content.decode()
    assert "Will the EU adopt a 21st package?" in (page.content.decode())


def test_admin_creates_multiple_choice_options_from_lines(admin_client):
    response = admin_client.post(
        reverse("admin:tracker_question_add"), add_form(type="multiple_choice", options_text="Low\nMedium\nHigh\n")
    )
    assert response.status_code == 302
    assert list(Question.objects.get().options.values_list("label", flat=True)) == ["Low", "Medium", "High"]


def test_admin_creates_numeric_and_date_questions_with_their_range(admin_client):
    numeric = add_form(type="numeric", range_min="0", range_max="50000", open_upper_bound="on", unit="troops")
    assert admin_client.post(reverse("admin:tracker_question_add"), numeric).status_code == 302
    question = Question.objects.get()
    assert (question.range_min, question.range_max, question.open_upper_bound, question.unit) == (
        0,
        50_000,
        True,
        "troops",
    )
    change = admin_client.get(reverse("admin:tracker_question_change", args=[question.pk])).content.decode()
    assert 'value="50000"' in change
    dated = add_form(title="When?", type="date", range_min="2027-01-01", range_max="2027-12-31")
    assert admin_client.post(reverse("admin:tracker_question_add"), dated).status_code == 302
    date_page = admin_client.get(
        reverse("admin:tracker_question_change", args=[Question.objects.get(title="When?").pk])
    )
    assert 'value="2027-12-31"' in date_page.content.decode()
    refused = admin_client.post(
        reverse("admin:tracker_question_add"), add_form(title="Backwards", type="numeric", range_min="9", range_max="1")
    )
    assert refused.status_code == 200
    assert "upper end of the range must be above" in refused.content.decode()
    binary_with_range = admin_client.post(
        reverse("admin:tracker_question_add"), add_form(title="Binary with range", range_min="1", range_max="9")
    )
    assert "Only numeric and date questions have a range." in binary_with_range.content.decode()
    assert not Question.objects.filter(title__in=["Backwards", "Binary with range"]).exists()


def test_admin_close_before_open_is_a_form_error_and_writes_nothing(admin_client):
    now = timezone.now()
    response = admin_client.post(
        reverse("admin:tracker_question_add"),
        add_form(scheduled_close_at_0=(now - timedelta(days=3)).strftime("%Y-%m-%d")),
    )
    assert response.status_code == 200
    assert "The question must close after it opens." in response.content.decode()
    assert Question.objects.count() == 0


def test_admin_quote_not_in_source_is_a_form_error(admin_client):
    source = SourceFactory()
    response = admin_client.post(
        reverse("admin:tracker_question_add"), add_form(origin_source=source.pk, origin_quote="Never said.")
    )
    assert "The quoted sentence does not appear in the source&#x27;s text." in response.content.decode()
    assert Question.objects.count() == 0


def test_admin_action_on_an_annulled_question_reports_an_error_message(admin_client):
    team = TeamFactory()
    question = make_question(team=team, status=Question.Status.CLOSED)
    staff = UserFactory(is_staff=True, is_superuser=True)
    question_annul(question=question, annulled_by=staff, reason="Premise failed.")
    response = admin_client.post(
        reverse("admin:tracker_question_changelist"),
        {"action": "resolve_yes", "_selected_action": [question.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "An annulled question cannot be resolved; unresolve it first." in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.ANNULLED


def test_admin_cannot_change_the_open_date_of_an_open_question(admin_client):
    question = make_question()
    url = reverse("admin:tracker_question_change", args=[question.pk])
    data = add_form(
        title=question.title,
        slug=question.slug,
        tag_names="",
        opens_at_0=(question.opens_at + timedelta(days=1)).strftime("%Y-%m-%d"),
        opens_at_1=question.opens_at.strftime("%H:%M:%S"),
        scheduled_close_at_0=question.scheduled_close_at.strftime("%Y-%m-%d"),
        scheduled_close_at_1=question.scheduled_close_at.strftime("%H:%M:%S"),
        resolve_by_0=question.resolve_by.strftime("%Y-%m-%d"),
        resolve_by_1=question.resolve_by.strftime("%H:%M:%S"),
        resolution_criteria=question.resolution_criteria,
        **{"options-TOTAL_FORMS": "0", "transitions-TOTAL_FORMS": "2", "transitions-INITIAL_FORMS": "2"},
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This cannot be changed while the question is open." in response.content.decode()
    refreshed = Question.objects.get(pk=question.pk)
    assert refreshed.opens_at == question.opens_at


def test_forecasts_are_read_only_in_the_admin(admin_client):
    from forecasts.models import Forecast
    from forecasts.services.forecasting import forecast_submit

    question = make_question()
    forecast = forecast_submit(user=UserFactory(), question=question, probability=0.4)
    url = reverse("admin:forecasts_forecast_delete", args=[forecast.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Forecast.objects.filter(pk=forecast.pk).exists()


def test_admin_link_with_the_deadlines_backwards_is_a_form_error(admin_client):
    from tracker.models import QuestionLink

    earlier = make_question(closes_in=timedelta(days=10))
    later = make_question(closes_in=timedelta(days=40))
    url = reverse("admin:tracker_questionlink_add")
    response = admin_client.post(url, {"kind": "later_deadline", "question": later.pk, "related": earlier.pk})
    assert response.status_code == 200
    assert "The related question must have the later deadline." in response.content.decode()
    assert not QuestionLink.objects.exists()
    response = admin_client.post(url, {"kind": "later_deadline", "question": earlier.pk, "related": later.pk})
    assert response.status_code == 302
    assert QuestionLink.objects.get().related == later


def test_due_and_proposal_filters(admin_client):
    from tracker.resolution.services.proposals import proposal_create

    overdue = make_question(title="Overdue?", opens_in=timedelta(days=-90), closes_in=timedelta(days=-40))
    closing = make_question(title="Closing soon?", closes_in=timedelta(hours=30))
    make_question(title="Far away?", closes_in=timedelta(days=90))
    proposal_create(question=closing, proposed_by=UserFactory(), outcome="yes", evidence_url="https://example.org/x")
    page = admin_client.get("/admin/tracker/question/?due=overdue").content.decode()
    assert overdue.title in page
    assert "Far away?" not in page
    assert "Closing soon?" not in page
    page = admin_client.get("/admin/tracker/question/?due=closing_48h").content.decode()
    assert "Closing soon?" in page
    assert overdue.title not in page
    page = admin_client.get("/admin/tracker/question/?proposals=pending").content.decode()
    assert "Closing soon?" in page
    assert "Far away?" not in page


def test_bulk_annul_assign_scenario_and_tag_ask_first_then_apply(admin_client):
    from tracker.models import Scenario

    first, second = make_question(title="First?"), make_question(title="Second?")
    scenario = Scenario.objects.create(slug="story", title="The story")
    url = "/admin/tracker/question/"
    ids = [first.pk, second.pk]
    asked = admin_client.post(url, {"action": "assign_scenario", "_selected_action": ids})
    assert asked.status_code == 200
    assert "Assign a scenario" in asked.content.decode()
    admin_client.post(
        url, {"action": "assign_scenario", "_selected_action": ids, "apply": "1", "scenario": scenario.pk}
    )
    assert set(Question.objects.filter(pk__in=ids).values_list("scenario", flat=True)) == {scenario.pk}
    admin_client.post(url, {"action": "add_tag", "_selected_action": ids, "apply": "1", "tag": "sanctions"})
    assert all(q.tags.filter(name="sanctions").exists() for q in Question.objects.filter(pk__in=ids))
    missing = admin_client.post(url, {"action": "annul", "_selected_action": ids, "apply": "1", "reason": ""})
    assert missing.status_code == 200
    assert "This field is required." in missing.content.decode()
    page = admin_client.post(
        url, {"action": "annul", "_selected_action": ids, "apply": "1", "reason": "Premise failed"}, follow=True
    )
    assert "Annulled: 2 question(s)." in page.content.decode()
    assert set(Question.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"annulled"}


def test_admin_edit_of_an_open_questions_criteria_needs_a_clarification(admin_client):
    from tracker.models import Clarification

    question = make_question()
    url = reverse("admin:tracker_question_change", args=[question.pk])
    data = {**admin_form_data(admin_client.get(url)), "resolution_criteria": "YES only if two sources confirm."}
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "Say what changed" in refused.content.decode()
    assert Question.objects.get(pk=question.pk).resolution_criteria != "YES only if two sources confirm."
    assert admin_client.post(url, {**data, "clarification": "Two sources now."}).status_code == 302
    assert Question.objects.get(pk=question.pk).resolution_criteria == "YES only if two sources confirm."
    assert Clarification.objects.get(question=question).text == "Two sources now."
