"""A newcomer lands in the team by every path (issue #28, 2): a join link or an invitation, signed out or in, by
signing up or by logging in, at desktop and phone widths, with axe-core and the console checked on every page
walked. A forwarded invitation is refused to an account with another address (issue #27, 1)."""

import pytest
from django.contrib.auth import get_user_model

from tests.e2e.conftest import DESKTOP, PHONE, accessible, fill_log_in, log_in, new_page
from tracker.accounts.models import Membership, Team
from tracker.teams.services.membership import invitation_token, join_link_create, team_invite

pytestmark = [pytest.mark.e2e]
User = get_user_model()


def _team_and_lead():
    team = Team.objects.get(slug="korea-desk")
    return team, User.objects.get(username="demo-lead")


def _sign_up(page, username: str, email: str | None = None) -> None:
    page.wait_for_url("**/accounts/signup/")
    accessible(page)
    page.get_by_label("Username").fill(username)
    if email is not None:
        page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-1")
    page.get_by_label("Password confirmation").fill("a-long-pass-phrase-1")
    page.get_by_role("button", name="Create account and join").click()


def _lands_in_the_team(page, username: str, role: str) -> None:
    page.wait_for_url("**/teams/korea-desk/")
    assert f"You are a {role} of this team." in page.locator("main").inner_text()
    accessible(page)
    assert Membership.objects.get(team__slug="korea-desk", user__username=username).role == role
    assert page.console.errors == [], page.console.errors


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_way_in_lands_the_newcomer_in_the_team(browser, live_server, story, viewport):
    team, lead = _team_and_lead()
    link = join_link_create(team=team, actor=lead)
    suffix = "d" if viewport is DESKTOP else "p"

    # A join link, signed out, then a new account.
    page = new_page(browser, live_server, viewport)
    page.goto(f"/teams/join/{link.token}/")
    accessible(page)
    page.get_by_role("link", name="Create an account and join").click()
    _sign_up(page, f"joiner-{suffix}", f"joiner-{suffix}@example.org")
    _lands_in_the_team(page, f"joiner-{suffix}", "forecaster")
    page.context.close()

    # A join link, signed out, then logging in with an existing account: back on the link, one click.
    User.objects.create_user(username=f"existing-{suffix}", password="an-existing-pass-1")
    page = new_page(browser, live_server, viewport)
    page.goto(f"/teams/join/{link.token}/")
    page.locator("main").get_by_role("link", name="log in", exact=True).click()
    fill_log_in(page, f"existing-{suffix}", "an-existing-pass-1")
    page.wait_for_url(f"**/teams/join/{link.token}/")
    page.get_by_role("button", name="Join Korea Desk as").click()
    _lands_in_the_team(page, f"existing-{suffix}", "forecaster")
    page.context.close()

    # An invitation, signed out, then a new account with the invited address: the invited role.
    invitation = team_invite(team=team, email=f"invited-{suffix}@example.org", role="curator", invited_by=lead)
    page = new_page(browser, live_server, viewport)
    page.goto(f"/teams/invitations/{invitation_token(invitation)}/")
    accessible(page)
    page.get_by_role("link", name="Create an account and join").click()
    assert page.get_by_label("Email").input_value() == f"invited-{suffix}@example.org"
    _sign_up(page, f"invited-{suffix}")
    _lands_in_the_team(page, f"invited-{suffix}", "curator")
    page.context.close()

    # An invitation to an existing account, signed in: one click. The same link forwarded to someone else: refused.
    User.objects.create_user(username=f"kim-{suffix}", email=f"kim-{suffix}@example.org", password="kims-pass-phrase-1")
    User.objects.create_user(username=f"eve-{suffix}", email=f"eve-{suffix}@example.net", password="eves-pass-phrase-1")
    invitation = team_invite(team=team, email=f"kim-{suffix}@example.org", role="admin", invited_by=lead)
    path = f"/teams/invitations/{invitation_token(invitation)}/"
    eve = new_page(browser, live_server, viewport)
    log_in(eve, f"eve-{suffix}", "eves-pass-phrase-1")
    response = eve.goto(path)
    assert response.status == 403
    assert "not to your account" in eve.content()
    accessible(eve)
    eve.console.errors[:] = [error for error in eve.console.errors if "403" not in error]
    assert eve.console.errors == []
    eve.context.close()
    assert not Membership.objects.filter(user__username=f"eve-{suffix}").exists()
    page = new_page(browser, live_server, viewport)
    log_in(page, f"kim-{suffix}", "kims-pass-phrase-1", then=path)
    page.get_by_role("button", name="Join Korea Desk as").click()
    _lands_in_the_team(page, f"kim-{suffix}", "admin")
    page.context.close()
