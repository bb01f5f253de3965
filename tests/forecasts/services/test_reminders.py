"""Reminders and notifications with frozen time: every kind, escalation step and preference; twice → once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction

from forecasts.models import Reminder
from forecasts.services.forecasting import forecast_submit
from forecasts.services.reminders import reminders_plan, reminders_sweep
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import EmailDigest, Membership, Notification, NotificationPreference
from tracker.notifications.services.emails import emails_send_digests, emails_send_immediate, unsubscribe_token
from tracker.notifications.services.notifications import (
    notification_list,
    notification_mark_read,
    notification_preference_set,
    notification_send,
    notification_unread_count,
)
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.lifecycle import question_close, question_resolve, question_unresolve
from tracker.questions.services.questions import question_update

pytestmark = pytest.mark.django_db
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def desk():
    team = TeamFactory()
    return {
        "team": team,
        "curator": member(team, Membership.Role.CURATOR, email="curator@example.org"),
        "admin": member(team, Membership.Role.ADMIN, email="admin@example.org"),
        "forecaster": member(team, Membership.Role.FORECASTER, email="forecaster@example.org"),
        "quiet": member(team, Membership.Role.FORECASTER, email="quiet@example.org"),
    }


def sweep_at(moment):
    with time_machine.travel(moment, tick=False):
        reminders_plan()
        return reminders_sweep()


def due_notifications(question, window=None):
    rows = Notification.objects.filter(question=question, kind=Notification.Kind.DUE_FOR_RESOLUTION)
    if window:
        rows = rows.filter(window=window)
    return sorted(rows.values_list("recipient__username", flat=True))


@time_machine.travel(START, tick=False)
def test_due_for_resolution_escalates_then_stops_when_resolved(desk):
    # Open for 10 days, closed a day ago, resolve_by two days after the close.
    question = make_question(team=desk["team"], opens_in=timedelta(days=-10), closes_in=timedelta(days=-1))
    question_close(question=question, at=START - timedelta(days=1))
    question.refresh_from_db()
    resolve_by = question.resolve_by
    curators = [desk["curator"].username]  # team admins join at the last step

    assert sweep_at(resolve_by - timedelta(minutes=1))["notified"] == 0
    assert sweep_at(resolve_by + timedelta(minutes=1))["notified"] == 1
    assert due_notifications(question, "step-0") == curators
    assert sweep_at(resolve_by + timedelta(days=2))["notified"] == 0  # nothing new before +3 days
    sweep_at(resolve_by + timedelta(days=3, minutes=1))
    assert due_notifications(question, "step-1") == curators
    # Resolved before the +7-day escalation: nothing more is sent.
    question_resolve(question=question, outcome="yes", resolved_by=desk["curator"], at=resolve_by + timedelta(days=4))
    counts = sweep_at(resolve_by + timedelta(days=8))
    assert counts["skipped"] == 1
    assert counts["notified"] == 0
    assert not Notification.objects.filter(window="step-2").exists()


@time_machine.travel(START, tick=False)
def test_a_team_without_curators_is_reminded_through_its_admins(desk):
    Membership.objects.filter(user=desk["curator"]).delete()
    question = make_question(team=desk["team"], opens_in=timedelta(days=-10), closes_in=timedelta(days=-1))
    sweep_at(question.resolve_by + timedelta(minutes=1))
    assert due_notifications(question, "step-0") == [desk["admin"].username]


@time_machine.travel(START, tick=False)
def test_the_last_escalation_reaches_team_admins_and_the_text_is_useful(desk):
    other_admin = member(desk["team"], Membership.Role.ADMIN, username="second-admin")
    question = make_question(
        team=desk["team"], title="Will it be resolved?", opens_in=timedelta(days=-30), closes_in=timedelta(days=-20)
    )
    resolve_by = question.resolve_by
    sweep_at(resolve_by + timedelta(days=7, hours=1))
    assert due_notifications(question, "step-2") == sorted(
        [desk["curator"].username, desk["admin"].username, other_admin.username]
    )
    notification = Notification.objects.filter(window="step-2", recipient=desk["curator"]).get()
    assert notification.title == "Resolve: Will it be resolved?"
    assert f"due for resolution on {resolve_by:%Y-%m-%d} (7 days ago)" in notification.body
    assert notification.url.startswith(f"/questions/{question.slug}/resolve/link/")
    # A sweep that catches up late sends one reminder per question: the most escalated stage due, not a burst of
    # every stage in the same minute (the earlier stages are skipped as overtaken).
    assert set(Notification.objects.filter(question=question).values_list("window", flat=True)) == {"step-2"}
    assert Notification.objects.filter(question=question, recipient=desk["curator"]).count() == 1
    assert sweep_at(resolve_by + timedelta(days=8))["notified"] == 0


@time_machine.travel(START, tick=False)
def test_catching_up_between_stages_sends_the_latest_stage_due_then_the_next_on_time(desk):
    question = make_question(team=desk["team"], opens_in=timedelta(days=-30), closes_in=timedelta(days=-20))
    resolve_by = question.resolve_by
    counts = sweep_at(resolve_by + timedelta(days=4))  # step 0 and step 1 are both due: only step 1 goes out
    assert (counts["sent"], counts["skipped"]) == (1, 1)
    assert due_notifications(question) == [desk["curator"].username]
    assert due_notifications(question, "step-1") == [desk["curator"].username]
    sweep_at(resolve_by + timedelta(days=7, minutes=1))
    assert due_notifications(question, "step-2") == sorted([desk["curator"].username, desk["admin"].username])


@time_machine.travel(START, tick=False)
def test_sweeping_twice_sends_once_and_moved_deadlines_postpone(desk):
    question = make_question(team=desk["team"], opens_in=timedelta(days=-10), closes_in=timedelta(days=-1))
    resolve_by = question.resolve_by
    sweep_at(resolve_by + timedelta(hours=1))
    first = Notification.objects.count()
    # The same tick again, and a fresh plan: no new rows.
    sweep_at(resolve_by + timedelta(hours=1))
    assert Notification.objects.count() == first == 1
    # A curator moves resolve_by later: the +3-day step waits for the new date.
    question_update(question=question, actor=desk["curator"], resolve_by=resolve_by + timedelta(days=10))
    counts = sweep_at(resolve_by + timedelta(days=3, hours=1))
    assert counts["postponed"] == 1
    assert counts["notified"] == 0
    step = Reminder.objects.get(question=question, step=1)
    assert step.due_at == resolve_by + timedelta(days=13)
    assert step.done_at is None


def test_the_notification_key_is_enforced_by_the_database(desk):
    question = make_question(team=desk["team"])
    fields = {
        "recipient": desk["curator"],
        "kind": Notification.Kind.DUE_FOR_RESOLUTION,
        "subject": f"question:{question.pk}",
        "window": "step-0",
    }
    first, created = notification_send(title="t", body="b", **fields)
    second, created_again = notification_send(title="t", body="b", **fields)
    assert created
    assert not created_again
    assert first.pk == second.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(title="t", body="b", **fields)


@time_machine.travel(START, tick=False)
def test_closing_soon_reaches_standing_forecasters_and_members_who_have_not_forecast(desk):
    outsider = UserFactory(username="outsider")
    question = make_question(team=desk["team"], opens_in=timedelta(days=-5), closes_in=timedelta(days=5))
    forecast_submit(user=desk["forecaster"], question=question, probability=0.7)
    forecast_submit(user=outsider, question=question, probability=0.2)
    withdrawn = member(desk["team"], username="withdrawn")
    forecast_submit(user=withdrawn, question=question, probability=0.4)
    from forecasts.services.forecasting import forecast_withdraw

    forecast_withdraw(user=withdrawn, question=question)
    lead = timedelta(hours=48)
    assert sweep_at(question.scheduled_close_at - lead - timedelta(minutes=5))["notified"] == 0
    sweep_at(question.scheduled_close_at - lead + timedelta(minutes=5))
    got = sorted(
        Notification.objects.filter(kind=Notification.Kind.CLOSING_SOON).values_list("recipient__username", flat=True)
    )
    # Standing forecasters (a member and an outsider on this public question) and members who never forecast;
    # a member who forecast and withdrew is neither.
    assert got == sorted(
        [
            desk["forecaster"].username,
            "outsider",
            desk["quiet"].username,
            desk["curator"].username,
            desk["admin"].username,
        ]
    )
    mine = Notification.objects.get(recipient=desk["forecaster"], kind=Notification.Kind.CLOSING_SOON)
    assert "Your forecast stands at 70%" in mine.body
    theirs = Notification.objects.get(recipient=desk["quiet"], kind=Notification.Kind.CLOSING_SOON)
    assert "you have not forecast yet" in theirs.body


def test_in_app_list_unread_count_and_mark_read(desk):
    user = desk["curator"]
    for window in ("a", "b", "c"):
        notification_send(
            recipient=user,
            kind=Notification.Kind.CLOSING_SOON,
            subject="question:1",
            window=window,
            title=window,
            body="",
        )
    assert notification_unread_count(user=user) == 3
    first = notification_list(user=user).last()
    assert notification_mark_read(user=user, ids=[first.pk]) == 1
    assert notification_unread_count(user=user) == 2
    assert notification_mark_read(user=desk["admin"]) == 0  # someone else's are untouched
    assert notification_mark_read(user=user) == 2
    assert notification_unread_count(user=user) == 0


def test_preference_in_app_off_hides_but_still_records_once(desk):
    user = desk["curator"]
    notification_preference_set(user=user, kind=Notification.Kind.CLOSING_SOON, in_app=False)
    notification_send(
        recipient=user, kind=Notification.Kind.CLOSING_SOON, subject="question:1", window="closing", title="t", body="b"
    )
    assert notification_unread_count(user=user) == 0
    assert Notification.objects.filter(recipient=user).count() == 1


@time_machine.travel(START, tick=False)  # the link is signed with the time: a second's tick made a different token
def test_immediate_email_goes_out_once_with_an_unsubscribe_link(desk, client):
    user = desk["curator"]
    notification_preference_set(
        user=user, kind=Notification.Kind.DUE_FOR_RESOLUTION, email=NotificationPreference.Email.IMMEDIATE
    )
    notification_send(
        recipient=user,
        kind=Notification.Kind.DUE_FOR_RESOLUTION,
        subject="question:9",
        window="step-0",
        title="Resolve: X?",
        body="Due.",
        url="/admin/",
    )
    assert emails_send_immediate() == 1
    assert emails_send_immediate() == 0
    [message] = mail.outbox
    assert message.subject == "[Signpost] Resolve: X?"
    assert message.to == ["curator@example.org"]
    assert "http://127.0.0.1:8000/admin/" in message.body
    token = unsubscribe_token(user=user, kind=Notification.Kind.DUE_FOR_RESOLUTION)
    assert token in message.extra_headers["List-Unsubscribe"]
    response = client.get(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 200
    assert "no longer receive emails" in response.content.decode()
    assert NotificationPreference.objects.get(user=user, kind=Notification.Kind.DUE_FOR_RESOLUTION).email == "off"
    notification_send(
        recipient=user,
        kind=Notification.Kind.DUE_FOR_RESOLUTION,
        subject="question:9",
        window="step-1",
        title="again",
        body="",
    )
    assert Notification.objects.get(window="step-1").email_state == Notification.EmailState.SKIPPED


def test_a_tampered_unsubscribe_link_is_a_400(client):
    assert client.get("/notifications/unsubscribe/not-a-token/").status_code == 400


def test_digest_is_at_most_one_email_per_user_per_day(desk):
    user = desk["forecaster"]
    day_one = datetime(2027, 3, 1, 8, tzinfo=UTC)
    for window in ("a", "b"):
        notification_send(
            recipient=user,
            kind=Notification.Kind.CLOSING_SOON,
            subject="question:1",
            window=window,
            title=f"Closing {window}",
            body="Soon.",
        )
    assert emails_send_digests(now=day_one) == 1
    notification_send(
        recipient=user,
        kind=Notification.Kind.CLOSING_SOON,
        subject="question:1",
        window="c",
        title="Closing c",
        body="Soon.",
    )
    assert emails_send_digests(now=day_one + timedelta(hours=6)) == 0  # already had today's digest
    assert emails_send_digests(now=day_one + timedelta(days=1)) == 1
    assert [m.subject for m in mail.outbox] == ["[Signpost] Your daily digest (2)", "[Signpost] Your daily digest (1)"]
    assert "Closing a" in mail.outbox[0].body
    assert "Closing b" in mail.outbox[0].body
    assert EmailDigest.objects.filter(user=user).count() == 2


def test_users_without_an_email_address_are_not_emailed(desk):
    user = UserFactory(email="")
    notification_send(recipient=user, kind=Notification.Kind.CLOSING_SOON, subject="q", window="w", title="t", body="b")
    assert emails_send_digests() == 0
    assert emails_send_immediate() == 0
    assert mail.outbox == []


def test_health_reports_overdue_reminders(client, desk):
    from tracker.ops.health import heartbeat_record

    heartbeat_record()
    # make_question sets resolve_by 30 days after the close: here ten days ago.
    question = make_question(team=desk["team"], opens_in=timedelta(days=-60), closes_in=timedelta(days=-40))
    reminders_plan()
    body = client.get("/health/").json()
    check = body["checks"]["undelivered_reminders"]
    assert check["ok"] is False
    assert check["oldest_due_age_seconds"] > 900
    assert body["status"] == "unhealthy"
    reminders_sweep()
    assert client.get("/health/").json()["checks"]["undelivered_reminders"]["oldest_due_age_seconds"] is None
    assert question.reminders.filter(done_at__isnull=False).count() == 3


def test_stale_forecast_names_the_new_evidence_and_comes_once(desk):
    from forecasts.services.reminders import stale_forecasts_notify

    with time_machine.travel(START - timedelta(days=40), tick=False):
        question = make_question(team=desk["team"], opens_in=timedelta(days=-1), closes_in=timedelta(days=200))
        forecast_submit(user=desk["forecaster"], question=question, probability=0.3)
        forecast_submit(user=desk["quiet"], question=question, probability=0.6)
    with time_machine.travel(START - timedelta(days=5), tick=False):
        evidence_add(
            question=question,
            title="Seoul approves shells",
            url="https://example.org/s",
            publisher="Yonhap",
            stance="yes",
        )
    with time_machine.travel(START - timedelta(days=2), tick=False):
        forecast_submit(user=desk["quiet"], question=question, probability=0.7)  # updated after the evidence
    with time_machine.travel(START, tick=False):
        assert stale_forecasts_notify() == 1
        assert stale_forecasts_notify() == 0  # once per standing forecast
    notification = Notification.objects.get(kind=Notification.Kind.STALE_FORECAST)
    assert notification.recipient == desk["forecaster"]
    assert "predates 1 new piece of evidence: “Seoul approves shells” (Yonhap)" in notification.body


def test_fresh_forecasts_and_old_evidence_are_not_stale(desk):
    from forecasts.services.reminders import stale_forecasts_notify

    with time_machine.travel(START - timedelta(days=40), tick=False):
        question = make_question(team=desk["team"], opens_in=timedelta(days=-1), closes_in=timedelta(days=200))
        evidence_add(question=question, title="Old report", url="https://example.org/o")
        forecast_submit(user=desk["forecaster"], question=question, probability=0.3)
    with time_machine.travel(START, tick=False):
        assert stale_forecasts_notify() == 0


def test_resolution_tells_each_forecaster_the_outcome_and_scores_once(desk):
    from forecasts.services.scores import question_score

    question = make_question(team=desk["team"], title="Will it rain?", opens_in=timedelta(days=-6))
    forecast_submit(user=desk["forecaster"], question=question, probability=0.8)
    forecast_submit(user=desk["quiet"], question=question, probability=0.3)
    question_resolve(question=question, outcome="yes", resolved_by=desk["curator"])
    question_score(question_id=question.pk)
    question_score(question_id=question.pk)  # the task running twice
    resolved = Notification.objects.filter(kind=Notification.Kind.RESOLVED)
    assert sorted(resolved.values_list("recipient__username", flat=True)) == sorted(
        [desk["forecaster"].username, desk["quiet"].username]
    )
    mine = resolved.get(recipient=desk["forecaster"])
    assert mine.title == "Resolved Yes: Will it rain?"
    assert mine.body.startswith("Your scores: peer +")
    assert "final Brier (0–2) 0.080" in mine.body
    assert "The crowd:" in mine.body
    # A re-resolution is news: it is told again, once.
    question_unresolve(question=question, actor=desk["curator"], reason="Wrong station.")
    question_score(question_id=question.pk)
    question_resolve(question=question, outcome="no", resolved_by=desk["curator"])
    question_score(question_id=question.pk)
    assert resolved.filter(recipient=desk["forecaster"]).count() == 2
