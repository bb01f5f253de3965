"""Times in the reader's time zone: the browser's (a cookie set by the page's script) until they choose one, saved
to the account the first time; UTC on hover; reminders written in the recipient's zone; storage stays UTC."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, Notification

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_pages_show_local_times_with_utc_on_hover(client):
    make_question(title="Zones?", slug="zones", opens_in=timedelta(days=-1), closes_in=timedelta(days=10))
    utc = client.get("/questions/zones/").content.decode()
    assert 'title="2027-03-11 09:00 UTC">2027-03-11 09:00 UTC</time>' in utc
    assert "shown in UTC" in utc
    client.cookies["tz"] = "Asia%2FSeoul"
    seoul = client.get("/questions/zones/").content.decode()
    assert 'title="2027-03-11 09:00 UTC">2027-03-11 18:00 KST</time>' in seoul
    assert "shown in Asia/Seoul" in seoul
    client.cookies["tz"] = "Mars/Olympus_Mons"  # unknown: UTC, never an error
    assert "2027-03-11 09:00 UTC</time>" in client.get("/questions/zones/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_browsers_zone_is_saved_once_and_a_chosen_zone_wins(client):
    user = UserFactory()
    client.force_login(user)
    client.cookies["tz"] = "America%2FNew_York"
    client.get("/")
    user.refresh_from_db()
    assert user.time_zone == "America/New_York"
    bad = client.post("/settings/time-zone/", {"time_zone": "Nowhere/Land"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
    client.post("/settings/time-zone/", {"time_zone": "Europe/Berlin"})
    user.refresh_from_db()
    assert user.time_zone == "Europe/Berlin"
    page = client.get("/settings/time-zone/").content.decode()  # the cookie no longer overrides the choice
    assert "Right now it is Europe/Berlin" in page


@time_machine.travel(NOW, tick=False)
def test_closing_soon_reminders_name_the_time_in_the_recipients_zone(settings):
    from forecasts.services.reminders import reminders_plan, reminders_sweep

    team = TeamFactory()
    member(team, Membership.Role.FORECASTER, username="seoul", time_zone="Asia/Seoul")
    member(team, Membership.Role.FORECASTER, username="plain")
    question = make_question(team=team, closes_in=timedelta(hours=settings.SIGNPOST_CLOSING_SOON_HOURS - 1))
    reminders_plan()
    reminders_sweep()
    close = question.scheduled_close_at
    bodies = {n.recipient.username: n.body for n in Notification.objects.filter(kind="closing_soon")}
    assert f"It closes {(close + timedelta(hours=9)):%Y-%m-%d %H:%M} KST" in bodies["seoul"]
    assert f"It closes {close:%Y-%m-%d %H:%M} UTC" in bodies["plain"]


@time_machine.travel(NOW, tick=False)
def test_chart_points_name_the_readers_time_zone_too(client):
    from forecasts.services.community import community_forecast_update
    from forecasts.services.forecasting import forecast_submit

    question = make_question(title="Charted?", slug="charted", opens_in=timedelta(days=-1))
    forecast_submit(user=UserFactory(), question=question, probability=0.3)
    community_forecast_update(question_id=question.pk)
    assert "Community: 30% on 2027-03-01 09:00 UTC" in client.get("/questions/charted/").content.decode()
    client.cookies["tz"] = "Asia%2FSeoul"
    assert "Community: 30% on 2027-03-01 18:00 KST" in client.get("/questions/charted/").content.decode()
