"""The signed one-click link in due-for-resolution reminders (a path segment, one use), and the resolve page."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forecasts.services.reminders import reminders_plan, reminders_sweep
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.accounts.services import membership_set
from tracker.models import Membership, Notification, Question
from tracker.resolution.services.links import question_resolve_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def due():
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR, email="curator@example.org")
    question = make_question(team=team, visibility="team", opens_in=timedelta(days=-60), closes_in=timedelta(days=-31))
    return team, curator, question


def test_the_reminder_carries_a_link_signed_for_its_recipient(due, client):
    _, curator, question = due
    reminders_plan()
    reminders_sweep()
    notification = Notification.objects.get(recipient=curator, kind=Notification.Kind.DUE_FOR_RESOLUTION)
    # The token is a path segment: nothing in the query string, where access logs and referrers keep it.
    assert notification.url.startswith(f"/questions/{question.slug}/resolve/link/")
    assert "?" not in notification.url
    page = client.get(notification.url)  # not signed in: the link alone is enough
    assert page.status_code == 200
    content = page.content.decode()
    assert question.title in content
    assert f"Resolving as</dt><dd>{curator}" in content


def test_one_click_resolves_as_the_linked_curator(due, client):
    _, curator, question = due
    link = question_resolve_link(user=curator, question=question)
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 200  # opening spends nothing
    response = client.post(link, {"outcome": "yes", "notes": "Reported by Yonhap."})
    assert response.status_code == 302
    assert response["Location"] == f"/questions/{question.slug}/"
    question.refresh_from_db()
    assert (question.status, question.resolution, question.resolved_by) == ("resolved", "yes", curator)
    assert question.resolution_notes == "Reported by Yonhap."
    # The link worked once: in another browser, or again in this one, it is refused.
    for browser in (client, Client()):
        again = browser.post(link, {"outcome": "no"})
        assert again.status_code == 403
        assert "already used" in again.content.decode()
    question.refresh_from_db()
    assert question.resolution == "yes"


def test_bad_input_is_a_form_error_and_resolves_nothing(due, client):
    _, curator, question = due
    link = question_resolve_link(user=curator, question=question)
    response = client.post(link, {"outcome": "maybe"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    # The link is spent; the corrected form goes to the resolve page, which this browser may now use for an hour.
    page = reverse("question-resolve", args=[question.slug])
    assert f'action="{page}"' in response.content.decode()
    too_early = (question.opens_at - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    response = client.post(page, {"outcome": "no", "effective_close_at": too_early})
    assert response.status_code == 400
    assert "The retroactive close must fall after the question opened" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert question.resolved_at is None


def test_a_multiple_choice_question_resolves_to_an_option(client):
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR)
    question = make_question(team=team, type="multiple_choice", options=["Low", "High"], status="closed")
    high = question.options.get(label="High")
    link = question_resolve_link(user=curator, question=question)
    assert client.post(link, {"outcome": str(high.pk)}).status_code == 302
    question.refresh_from_db()
    assert question.resolved_option == high


def test_forged_expired_or_misdirected_links_do_not_work(due, client):
    team, curator, question = due
    other = make_question(team=team, status="closed", title="Another question?")
    link = question_resolve_link(user=curator, question=question)
    assert client.get(link[:-1] + "x/").status_code == 403
    misdirected = question_resolve_link(user=curator, question=other).replace(other.slug, question.slug)
    assert client.get(misdirected).status_code == 403
    assert client.get(f"/questions/{question.slug}/resolve/?token={link.split('/')[-2]}").status_code == 403
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.get(link)
    assert response.status_code == 403
    assert "invalid or has expired" in response.content.decode()
    curator.is_active = False
    curator.save()
    assert client.get(link).status_code == 403
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert question.resolved_at is None


def test_a_link_stops_working_for_someone_no_longer_a_curator(due, client):
    team, curator, question = due
    link = question_resolve_link(user=curator, question=question)
    membership_set(team=team, user=curator, role=Membership.Role.FORECASTER)
    response = client.get(link)
    assert response.status_code == 403
    assert "only its team" in response.content.decode()
    assert client.post(link, {"outcome": "yes"}).status_code == 403
    question.refresh_from_db()
    assert question.status == Question.Status.OPEN
    assert question.resolved_at is None


def test_signed_in_curators_need_no_token_and_others_get_no_page(due, client):
    team, curator, question = due
    page = reverse("question-resolve", args=[question.slug])
    assert client.get(page).status_code == 403  # anonymous, no token
    client.force_login(UserFactory())  # not a member: the team question does not exist for them
    assert client.get(page).status_code == 404
    client.force_login(member(team))  # a member, not a curator
    assert client.get(page).status_code == 403
    client.force_login(curator)
    assert client.get(page).status_code == 200
    assert client.post(page, {"outcome": "no"}).status_code == 302
    question.refresh_from_db()
    assert question.resolution == "no"
    assert question.resolved_by == curator
