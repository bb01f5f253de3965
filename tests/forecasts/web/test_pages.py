"""Web UI pages: status, permissions, HTMX fragments, form errors that keep the input, and a bounded number of
queries however many rows a page shows."""

import re
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forecasts.models import Forecast
from forecasts.services.community import community_forecast_update
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Evidence, Membership, Question, ResolutionProposal
from tracker.questions.services.lifecycle import question_resolve
from tracker.scenarios.services.scenarios import scenario_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    q = make_question(title="Will the talks resume?", slug="talks-resume")
    forecast_submit(user=UserFactory(), question=q, probability=0.3)
    community_forecast_update(question_id=q.pk)
    return q


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_question_page_for_readers_and_forecasters(client, question):
    anonymous = client.get("/questions/talks-resume/").content.decode()
    assert "Log in</a> to forecast" in anonymous
    assert "Save forecast" not in anonymous
    assert "Community: 30%" in anonymous  # the chart's point, with its value and date on hover/focus
    assert "Data behind the chart" in anonymous
    client.force_login(UserFactory())
    page = client.get("/questions/talks-resume/").content.decode()
    assert 'id="probability"' in page
    assert 'for="probability"' in page
    assert "Add evidence" in page


def test_a_forecast_through_htmx_returns_the_panel_with_the_new_point_and_history(client, question):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/questions/talks-resume/forecast/", {"probability": "72", "rationale": "Envoys met."}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="forecast-panel"')
    assert "Forecast saved." in html
    assert "You: 72%" in html
    assert "Envoys met." in html
    assert Forecast.objects.get(user=user).probability == pytest.approx(0.72)


def test_a_refused_forecast_says_why_and_keeps_the_input(client, question):
    user = UserFactory()
    client.force_login(user)
    for value, reason in (("150", "must be between 0.1% and 99.9%"), ("abc", "enter a number between 0.1% and 99.9%")):
        response = client.post("/questions/talks-resume/forecast/", {"probability": value, "rationale": "Kept."})
        html = response.content.decode()
        assert response.status_code == 400
        assert reason in html
        assert f'value="{value}"' in html
        assert "Kept." in html
    assert not Forecast.objects.filter(user=user).exists()
    # Without HTMX a good forecast redirects back to the page.
    response = client.post("/questions/talks-resume/forecast/", {"probability": "40"})
    assert response.status_code == 302
    assert response["Location"] == "/questions/talks-resume/"


def test_multiple_choice_forecasts_take_one_percentage_per_option(client):
    make_question(title="Which package?", slug="which", type="multiple_choice", options=["A", "B", "C"])
    user = UserFactory()
    client.force_login(user)
    page = client.get("/questions/which/").content.decode()
    assert 'name="option_0" min="0.1" max="99.9" step="0.1" inputmode="decimal" value="34"' in page  # sums to 100
    bad = client.post("/questions/which/forecast/", {"option_0": "50", "option_1": "30", "option_2": "30"})
    assert bad.status_code == 400
    assert "add up to 110%; make them add up to exactly 100%" in bad.content.decode()
    client.post("/questions/which/forecast/", {"option_0": "50", "option_1": "30", "option_2": "20"})
    assert Forecast.objects.get(user=user).probabilities == pytest.approx([0.5, 0.3, 0.2])


def test_forecasting_and_evidence_need_an_account_and_team_questions_stay_hidden(client, question):
    assert client.post("/questions/talks-resume/forecast/", {"probability": "50"}).status_code == 302
    assert client.post("/questions/talks-resume/evidence/", {"title": "x"}).status_code == 302
    team = TeamFactory()
    secret = make_question(title="Secret?", slug="secret", team=team, visibility="team")
    client.force_login(UserFactory())
    assert client.get("/questions/secret/").status_code == 404
    assert client.post("/questions/secret/forecast/", {"probability": "50"}).status_code == 404
    client.force_login(member(team))
    assert client.get(f"/questions/{secret.slug}/").status_code == 200


def test_evidence_and_proposals_from_the_question_page(client, question):
    user = UserFactory()
    client.force_login(user)
    refused = client.post(
        "/questions/talks-resume/evidence/",
        {"title": "Envoys met", "url": "not a url", "stance": "supports_yes"},
        HTTP_HX_REQUEST="true",
    )
    assert "Enter a valid URL." in refused.content.decode()
    assert not Evidence.objects.exists()
    added = client.post(
        "/questions/talks-resume/evidence/",
        {"title": "Envoys met", "url": "https://example.org/envoys", "stance": "supports_yes"},
        HTTP_HX_REQUEST="true",
    )
    assert added.content.decode().lstrip().startswith('<section id="evidence"')
    assert "Envoys met" in added.content.decode()
    assert Evidence.objects.get().added_by == user
    client.post(
        "/questions/talks-resume/propose/",
        {"outcome": "yes", "evidence_url": "https://example.org/deal", "note": "Signed."},
    )
    assert ResolutionProposal.objects.get().proposed_by == user
    page = client.post("/questions/talks-resume/propose/", {"outcome": "maybe", "evidence_url": "x"}, follow=True)
    assert ResolutionProposal.objects.count() == 1
    assert "message-error" in page.content.decode()


def test_resolved_questions_show_my_scores_and_the_crowds(client, celery_eager, django_capture_on_commit_callbacks):
    staff = UserFactory(is_staff=True, is_superuser=True)
    q = make_question(title="Done?", slug="done", opens_in=timedelta(days=-5))
    user = UserFactory()
    forecast_submit(user=user, question=q, probability=0.8)
    forecast_submit(user=UserFactory(), question=q, probability=0.4)
    with django_capture_on_commit_callbacks(execute=True):
        question_resolve(question=q, outcome="yes", resolved_by=staff)
    client.force_login(user)
    html = client.get("/questions/done/").content.decode()
    # The Brier score over both outcomes (docs/forecasting.md): (1 − 0.8)² + (0 − 0.2)² = 0.08.
    assert 'id="scores"' in html
    assert "Brier (final)" in html
    assert '<td title="0.08">0.08</td>' in html  # two decimals shown, six in the title


def test_scores_are_shown_to_the_digits_that_mean_something():
    """Totals showed three decimals everywhere (issue #28, 7): peer 94.712 and Brier 0.080."""
    from forecasts.templatetags.signpost_ui import score, score_digits

    assert score(94.71234, "peer") == "94.7"
    assert score(-105.06, "global") == "-105.1"
    assert score(0.08, "final_brier") == "0.08"
    assert score(-0.2231, "log") == "-0.22"
    assert score(None, "peer") == "—"
    assert score_digits(0.07999999999999996) == "0.08"
    assert score_digits(-94.712345678) == "-94.712346"


def test_question_list_filters_and_shows_community_mine_and_evidence(client, question):
    hidden = make_question(title="Hidden crowd?", slug="hidden", hide_crowd_until_forecast=True)
    forecast_submit(user=UserFactory(), question=hidden, probability=0.9)
    community_forecast_update(question_id=hidden.pk)
    user = UserFactory()
    forecast_submit(user=user, question=question, probability=0.55)
    client.force_login(user)
    Evidence.objects.create(question=question, url="https://example.org/a", title="Report A")
    Evidence.objects.create(question=question, url="https://example.org/b", title="Report B")
    html = client.get("/questions/").content.decode()
    assert "hidden until you forecast" in html
    assert "55%" in html
    rows = {
        slug: next(row for row in html.split("<tr>") if f'href="/questions/{slug}/"' in row)
        for slug in ("talks-resume", "hidden")
    }
    assert '<td data-label="Evidence">2</td>' in rows["talks-resume"]
    assert '<td data-label="Evidence">0</td>' in rows["hidden"]
    assert "Will the talks resume?" in client.get("/questions/?search=talks").content.decode()
    assert "Will the talks resume?" not in client.get("/questions/?status=resolved").content.decode()
    assert client.get("/questions/?sort=bogus&page=99").status_code == 200


def test_question_list_rows_show_each_state_with_every_text_escaped(client, question):
    """A list row is written in Python (question_list_row): its link, scenario, status with the outcome, community
    and close date, for an open, a resolved yes/no and a resolved multiple-choice question."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    scenario = scenario_create(title="Talks & <tension>")
    binary = make_question(title="Will <b>it</b> pass?", slug="passes", scenario=scenario)
    choice = make_question(title="Which way?", slug="which", type="multiple_choice", options=["<i>Up</i>", "Down"])
    forecast_submit(user=UserFactory(), question=choice, probabilities=[0.25, 0.75])
    community_forecast_update(question_id=choice.pk)
    question_resolve(question=binary, outcome="yes", resolved_by=staff)
    question_resolve(question=choice, outcome="<i>Up</i>", resolved_by=staff)
    html = client.get("/questions/?status=all").content.decode()
    rows = {
        slug: next(row for row in html.split("<tr>") if f'href="/questions/{slug}/"' in row)
        for slug in ("talks-resume", "passes", "which")
    }
    assert (
        '<a href="/questions/passes/">Will &lt;b&gt;it&lt;/b&gt; pass?</a>'
        '<br><small class="muted">Talks &amp; &lt;tension&gt;</small></td>'
    ) in rows["passes"]
    assert '<td data-label="Status"><span class="status status-resolved">Resolved: Yes</span></td>' in rows["passes"]
    assert '<span class="status status-resolved">Resolved: &lt;i&gt;Up&lt;/i&gt;</span>' in rows["which"]
    which_id, talks_id = (Question.objects.get(slug=slug).pk for slug in ("which", "talks-resume"))
    assert (
        f'<td data-label="Community"><span class="community-value" id="community-{which_id}">'
        "&lt;i&gt;Up&lt;/i&gt; 25% · Down 75%</span></td>"
    ) in rows["which"]
    assert "<small" not in rows["which"]
    assert "<i>" not in html
    opened = rows["talks-resume"]
    assert '<span class="status status-open">Open</span>' in opened
    assert (
        f'<td data-label="Community"><span class="community-value" id="community-{talks_id}">30%</span></td>' in opened
    )
    closes = question.scheduled_close_at.astimezone(UTC)
    assert f'<td data-label="Closes"><time datetime="{closes.isoformat()}"' in opened
    assert f">{closes:%Y-%m-%d}</time></td>" in opened


def test_the_question_list_counts_up_to_a_bound_then_says_about(client, question, monkeypatch):
    import tracker.lib.pagination as pagination
    from forecasts.web import questions as question_list_page

    for n in range(4):
        make_question(title=f"Counted {n}?", slug=f"counted-{n}")
    monkeypatch.setattr(question_list_page, "PER_PAGE", 2)
    exact = client.get("/questions/").content.decode()
    assert "5 questions" in exact
    assert "Page 1 of 3" in exact
    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 2)
    bounded = client.get("/questions/?page=2").content.decode()
    if connection.vendor == "postgresql":
        assert "About " in bounded
        assert "Page 2 of about" in bounded
    else:  # no planner estimate: past the bound SQLite counts exactly
        assert "5 questions" in bounded
        assert "Page 2 of 3" in bounded
    assert ">Next</a>" in bounded
    assert ">Previous</a>" in bounded
    # A page past the end or not a number shows a page that exists rather than an error.
    for page in ("99", "x", "0"):
        response = client.get(f"/questions/?page={page}")
        assert response.status_code == 200
        assert "Counted" in response.content.decode()


def test_pages_do_a_bounded_number_of_queries(client, question):
    user = UserFactory()
    forecast_submit(user=user, question=question, probability=0.3)
    client.force_login(user)
    urls = ["/", "/questions/", "/questions/talks-resume/", "/leaderboard/", "/track-record/"]
    few = {url: queries(client, url) for url in urls}
    for index in range(8):
        q = make_question(
            title=f"More {index}?", slug=f"more-{index}", type="multiple_choice" if index % 2 else "binary"
        )
        if index % 2:
            forecast_submit(user=user, question=q, probabilities=[0.2, 0.3, 0.5])
        else:
            forecast_submit(user=user, question=q, probability=0.6)
        forecast_submit(user=user, question=question, probability=0.3 + index / 100)
        community_forecast_update(question_id=q.pk)
    many = {url: queries(client, url) for url in urls}
    # The list reads options only for a page that shows a multiple-choice question: one query, not one a row.
    few["/questions/"] += 1
    assert many == few


def test_leaderboard_and_track_record_permissions(client):
    team = TeamFactory()
    assert client.get("/leaderboard/?rule=relative_brier&season=2025").status_code == 200
    assert client.get("/track-record/").status_code == 302
    client.force_login(UserFactory())
    assert client.get(f"/track-record/?team={team.slug}").status_code == 404
    client.force_login(member(team, Membership.Role.FORECASTER))
    assert client.get(f"/track-record/?team={team.slug}").status_code == 200


def test_the_dashboard_lists_closing_questions_due_resolutions_and_unread_notifications(client, question):
    team = TeamFactory()
    curator = member(team, Membership.Role.CURATOR)
    overdue = make_question(
        title="Overdue?", team=team, status="closed", opens_in=timedelta(days=-60), closes_in=timedelta(days=-35)
    )
    make_question(
        title="Someone else's?",
        team=TeamFactory(),
        status="closed",
        opens_in=timedelta(days=-60),
        closes_in=timedelta(days=-35),
    )
    client.force_login(curator)
    html = client.get("/").content.decode()
    assert "Closing soon" in html
    assert "Will the talks resume?" in html
    assert "Due for resolution" in html
    assert overdue.title in html
    assert "Someone else" not in html
    client.logout()
    assert "Sign up to forecast" in client.get("/").content.decode()  # anonymous readers get the landing page


def test_the_track_record_explains_each_brier_term_in_words(client):
    """The decomposition's terms were bare numbers with four decimals (issue #28, 7)."""
    from forecasts.services.forecasting import forecast_submit
    from forecasts.services.scores import question_score
    from tracker.questions.services.lifecycle import question_resolve

    user = UserFactory()
    question = make_question(title="Will it settle?", closes_in=timedelta(days=3))
    forecast_submit(user=user, question=question, probability=0.8)
    question_resolve(question=question, outcome="yes", resolved_by=None)
    question_score(question_id=question.pk)
    client.force_login(user)
    page = client.get("/track-record/").content.decode()
    for term, words in (
        ("Brier score", "0 is perfect"),
        ("Reliability", "Lower is better"),
        ("Resolution", "Higher is better"),
        ("Uncertainty", "how hard the questions were"),
        ("Sharpness", "bold forecasters"),
    ):
        row = re.search(rf'<th scope="row">{term}</th><td title="[^"]*">([^<]*)</td><td>([^<]*)</td>', page)
        assert row is not None, term
        assert re.fullmatch(r"\d+\.\d\d", row.group(1)), row.group(1)
        assert words.lower() in row.group(2).lower(), term
