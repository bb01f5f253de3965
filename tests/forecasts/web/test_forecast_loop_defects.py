"""Defects of the forecaster's loop (issue 16), each with the test that failed before its fix: precise binary input
in percent, multiple-choice inputs never rescaled behind the forecaster's back, a Withdraw button, an evidence form
that keeps everything typed on an error, focus kept after an HTMX save, the leaderboard's crowd row never "(you)"."""

from datetime import timedelta

import pytest

from forecasts.models import Forecast
from forecasts.services.forecasting import forecast_submit
from forecasts.services.scores import question_score
from tests.factories import UserFactory, make_question
from tracker.models import Evidence
from tracker.questions.services.lifecycle import question_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def question():
    return make_question(title="Will the talks resume?", slug="talks-resume")


@pytest.fixture
def forecaster(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize(("typed", "stored"), [("0.5", 0.005), ("99.5", 0.995), ("0.1", 0.001), ("72.5", 0.725)])
def test_binary_input_takes_tenths_of_a_percent(client, question, forecaster, typed, stored):
    page = client.get("/questions/talks-resume/").content.decode()
    assert 'min="0.1" max="99.9" step="0.1"' in page
    client.post("/questions/talks-resume/forecast/", {"probability": typed})
    assert Forecast.objects.get(user=forecaster).probability == pytest.approx(stored)
    assert f'value="{typed}"' in client.get("/questions/talks-resume/").content.decode()


@pytest.mark.parametrize("typed", ["0", "0.05", "100", "99.95", "1e3", "nan"])
def test_out_of_range_input_is_refused_in_percent_words(client, question, forecaster, typed):
    html = client.post("/questions/talks-resume/forecast/", {"probability": typed}).content.decode()
    assert "between 0.1% and 99.9%" in html
    assert "0.001" not in html
    assert "0.999" not in html
    assert not Forecast.objects.exists()


def test_multiple_choice_inputs_keep_what_was_typed_when_the_total_is_off(client, forecaster):
    make_question(title="Which package?", slug="which", type="multiple_choice", options=["A", "B", "C"])
    response = client.post("/questions/which/forecast/", {"option_0": "30", "option_1": "50", "option_2": "19"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "add up to 99%" in html
    assert 'value="30"' in html
    assert 'value="50"' in html
    assert 'value="19"' in html
    client.post("/questions/which/forecast/", {"option_0": "30", "option_1": "50", "option_2": "20"})
    assert Forecast.objects.get(user=forecaster).probabilities == pytest.approx([0.3, 0.5, 0.2])
    page = client.get("/questions/which/").content.decode()
    assert "data-normalise" in page
    assert 'value="30"' in page


def test_withdraw_from_the_page(client, question, forecaster):
    assert "Withdraw my forecast" not in client.get("/questions/talks-resume/").content.decode()
    forecast_submit(user=forecaster, question=question, probability=0.4)
    assert "Withdraw my forecast" in client.get("/questions/talks-resume/").content.decode()
    response = client.post("/questions/talks-resume/withdraw/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forecast withdrawn." in html
    assert "Withdraw my forecast" not in html
    assert [row.kind for row in Forecast.objects.filter(user=forecaster).order_by("id")] == ["forecast", "withdrawal"]
    again = client.post("/questions/talks-resume/withdraw/", follow=True).content.decode()
    assert "no standing forecast" in again


def test_an_htmx_save_says_where_focus_goes(client, question, forecaster):
    saved = client.post("/questions/talks-resume/forecast/", {"probability": "40"}, HTTP_HX_REQUEST="true")
    assert 'role="status" tabindex="-1" data-focus-after-swap' in saved.content.decode()
    refused = client.post("/questions/talks-resume/forecast/", {"probability": "400"}, HTTP_HX_REQUEST="true")
    assert 'role="alert" tabindex="-1" data-focus-after-swap' in refused.content.decode()


def test_an_evidence_error_keeps_publisher_quote_and_stance(client, question, forecaster):
    response = client.post(
        "/questions/talks-resume/evidence/",
        {
            "title": "Envoys met",
            "url": "not a url",
            "stance": "supports_no",
            "publisher": "Yonhap",
            "quote": "The envoys met in Geneva.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Yonhap"' in html
    assert "The envoys met in Geneva.</textarea>" in html
    assert '<option value="supports_no" selected>' in html
    assert '<option value="supports_yes" selected>' not in html
    assert not Evidence.objects.exists()


def test_after_an_evidence_error_the_focus_goes_to_what_went_wrong(client, question, forecaster):
    """After an evidence-form error over HTMX the focus fell to the page's body (issue #28, 7)."""
    import re

    swapped = client.post(
        "/questions/talks-resume/evidence/",
        {"title": "Envoys met", "url": "not a url", "stance": "supports_no"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    summary = re.search(r'<p class="error-summary"[^>]*data-focus-after-swap[^>]*>(.*?)</p>', swapped, re.S)
    assert summary is not None
    assert "Not added yet" in summary.group(1)
    assert "URL" in summary.group(1).upper()


def test_signed_out_the_crowd_row_is_never_you(client):
    question = make_question(title="Resolved?", slug="resolved")
    for p in (0.8, 0.6):
        forecast_submit(user=UserFactory(), question=question, probability=p)
    question_resolve(question=question, outcome="yes", resolved_by=UserFactory(is_superuser=True))
    question_score(question_id=question.pk)
    html = client.get("/leaderboard/").content.decode()
    assert "Crowd" in html or "crowd" in html
    assert "(you)" not in html
    assert 'class="crowd me"' not in html


def test_a_save_returns_the_crowd_line_with_the_new_forecast(client, question, forecaster, settings):
    """The panel that comes back shows the community forecast including the forecast just made, with no worker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False  # nothing runs in the background: only the request itself
    forecast_submit(user=UserFactory(), question=question, probability=0.2)
    from forecasts.services.community import community_forecast_update

    community_forecast_update(question_id=question.pk)
    html = client.post(
        "/questions/talks-resume/forecast/", {"probability": "60"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Community: 40%" in html  # the median of 20% and 60%
    withdrawn = client.post("/questions/talks-resume/withdraw/", HTTP_HX_REQUEST="true").content.decode()
    assert withdrawn.count("Community: 20%") >= 2  # back to the one remaining forecast


def test_just_after_a_resolution_the_page_says_scores_are_being_computed(client, question, forecaster):
    forecast_submit(user=forecaster, question=question, probability=0.7)
    question_resolve(question=question, outcome="yes", resolved_by=UserFactory(is_superuser=True))
    from forecasts.models import Score

    Score.objects.filter(question=question).delete()  # as if the scoring task had not run yet
    html = client.get("/questions/talks-resume/").content.decode()
    assert "Scores are being computed" in html
    assert 'hx-trigger="every 3s" hx-select="#resolution-scores"' in html
    question_score(question_id=question.pk)
    html = client.get("/questions/talks-resume/").content.decode()
    assert "Scores are being computed" not in html
    assert 'id="scores"' in html


def test_a_multiple_choice_chart_has_a_colour_key_and_value_per_option(client, forecaster):
    question = make_question(title="Which package?", slug="which", type="multiple_choice", options=["Low", "High"])
    forecast_submit(user=UserFactory(), question=question, probabilities=[0.3, 0.7])
    from forecasts.services.community import community_forecast_update

    community_forecast_update(question_id=question.pk)
    html = client.get("/questions/which/").content.decode()
    caption = html.split("<figcaption>")[1].split("</figcaption>")[0]
    assert "Community forecast" not in caption  # not one label in the colour of one line
    assert '<span class="key key-series-0"></span> Low <strong>30%</strong>' in caption
    assert '<span class="key key-series-1"></span> High <strong>70%</strong>' in caption
    assert '<span class="key key-series-1"></span> High <small class="muted">crowd 70%</small>' in html


def test_a_chart_is_one_tab_stop(client, question, forecaster):
    for n in range(5):
        forecast_submit(user=forecaster, question=question, probability=0.1 + 0.1 * n)
    html = client.get("/questions/talks-resume/").content.decode()
    chart = html.split('<svg class="chart chart-wide"')[1].split("</svg>")[0]
    assert chart.count('tabindex="0"') == 1
    assert 'tabindex="-1"' in chart


def test_the_question_list_defaults_to_open_questions_and_keeps_any_status_a_choice(client):
    make_question(title="Open one?", slug="open-one")
    closed = make_question(title="Resolved one?", slug="resolved-one", closes_in=timedelta(days=1))
    question_resolve(question=closed, outcome="yes", resolved_by=UserFactory(is_superuser=True))
    default = client.get("/questions/").content.decode()
    assert "Open one?" in default
    assert "Resolved one?" not in default
    every = client.get("/questions/?status=all").content.decode()
    assert "Open one?" in every
    assert "Resolved one?" in every
    assert "Resolved one?" in client.get("/questions/?status=resolved").content.decode()


def test_the_header_states_crowd_and_mine_as_numbers(client, question, forecaster):
    from forecasts.services.community import community_forecast_update

    other = UserFactory()
    forecast_submit(user=other, question=question, probability=0.3)
    community_forecast_update(question_id=question.pk)
    header = client.get("/questions/talks-resume/").content.decode().split('class="question-header"')[1]
    header = header.split("</section>")[0]
    assert ">30%</p>" in header
    assert "1 forecaster<" in header
    assert "Not forecast yet" in header
    client.post("/questions/talks-resume/forecast/", {"probability": "40"})
    client.post("/questions/talks-resume/forecast/", {"probability": "47.5"})
    header = client.get("/questions/talks-resume/").content.decode().split('class="question-header"')[1]
    header = header.split("</section>")[0]
    assert "2 forecasters" in header
    assert ">47.5%</p>" in header
    assert "up 7.5 points since your previous forecast" in header
    assert "minutes ago" in header


def test_the_header_respects_the_hidden_crowd(client, forecaster):
    question = make_question(title="Hidden?", slug="hidden", hide_crowd_until_forecast=True)
    forecast_submit(user=UserFactory(), question=question, probability=0.3)
    from forecasts.services.community import community_forecast_update

    community_forecast_update(question_id=question.pk)
    header = client.get("/questions/hidden/").content.decode().split('class="question-header"')[1]
    assert "Hidden until you forecast" in header.split("</section>")[0]
    assert "30%" not in header.split("</section>")[0]


def test_every_score_name_links_to_an_explanation_in_words(client, question, forecaster):
    forecast_submit(user=forecaster, question=question, probability=0.7)
    forecast_submit(user=UserFactory(), question=question, probability=0.4)
    question_resolve(question=question, outcome="yes", resolved_by=UserFactory(is_superuser=True))
    question_score(question_id=question.pk)
    page = client.get("/questions/talks-resume/").content.decode()
    explained = client.get("/scores/explained/").content.decode()
    from forecasts.web.question_page import SCORE_RULES

    for rule in SCORE_RULES:
        assert f'href="/scores/explained/#{rule}"' in page
        assert f'id="{rule}"' in explained
    assert 'id="crps"' in explained  # numeric and date questions' own rule
    assert "Lower is better" in explained
    assert "Higher is better" in explained
    assert "by construction" in explained
    board = client.get("/leaderboard/").content.decode()
    assert "Σ ÷ max(30" not in board
    assert "Peer score per question forecast, at least 30 counted" in board
    assert "(questions' worth)" in board
    assert 'href="/scores/explained/#coverage"' in board


def test_signed_out_the_home_page_says_what_this_is_with_numbers_and_links(client, django_assert_max_num_queries):
    from forecasts.services.community import community_forecast_update
    from tracker.scenarios.services.scenarios import scenario_create

    scenario = scenario_create(title="Escalation on the peninsula", summary="Missiles, tests and clashes.")
    for n in range(3):
        question = make_question(title=f"Will test {n} happen?", slug=f"test-{n}", scenario=scenario)
        forecast_submit(user=UserFactory(), question=question, probability=0.25)
        community_forecast_update(question_id=question.pk)
    make_question(title="A draft?", slug="draft", status="draft")
    with django_assert_max_num_queries(12):
        html = client.get("/").content.decode()
    assert "Forecast the news" in html
    assert 'href="/accounts/signup/"' in html
    assert "Will test 0 happen?" in html
    assert ">25%</strong>" in html
    assert "1 forecaster" in html
    assert f'href="/scenarios/{scenario.slug}/"' in html
    assert "3 open questions" in html
    assert "draft" not in html.lower().replace("drafted", "")
    overview = client.get("/scenarios/").content.decode()
    assert f'<a href="/scenarios/{scenario.slug}/">Escalation on the peninsula</a>' in overview
    assert "annulled" not in overview
    assert "scheduled" not in overview


def test_quick_forecast_from_the_list_and_the_dashboard(client, question, forecaster):
    page = client.get("/questions/").content.decode()
    assert 'id="quick-input-' in page
    assert "Forecast</button>" in page
    cell = client.post(
        "/questions/talks-resume/quick-forecast/", {"probability": "12.5"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert cell.lstrip().startswith('<span class="quick-forecast"')
    assert "12.5%" in cell
    assert "Saved" in cell
    assert Forecast.objects.get(user=forecaster).probability == pytest.approx(0.125)
    refused = client.post(
        "/questions/talks-resume/quick-forecast/", {"probability": "120"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "between 0.1% and 99.9%" in refused
    assert 'value="120"' in refused
    back = client.post("/questions/talks-resume/quick-forecast/", {"probability": "30", "next": "/"})
    assert back.status_code == 302
    assert back["Location"] == "/"
    evil = client.post(
        "/questions/talks-resume/quick-forecast/", {"probability": "31", "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/questions/"
    assert "Update</button>" in client.get("/").content.decode()  # the dashboard's closing-soon list has it too
    assert Forecast.objects.filter(user=forecaster).count() == 3


def test_the_chart_shows_all_time_or_the_last_months(client, forecaster):
    import re

    question = make_question(
        title="Long one?", slug="long", opens_in=timedelta(days=-200), closes_in=timedelta(days=20)
    )
    from django.utils import timezone

    from forecasts.models import Forecast as Row

    Row.objects.create(
        user=forecaster, question=question, probability=0.2, created_at=timezone.now() - timedelta(days=150)
    )
    Row.objects.create(
        user=forecaster, question=question, probability=0.6, created_at=timezone.now() - timedelta(days=10)
    )

    def mine_points(query):
        html = client.get(f"/questions/long/{query}").content.decode()
        chart = html.split('<svg class="chart chart-wide"')[1].split("</svg>")[0]
        return re.findall(r'aria-label="You: ([\d.]+%) on', chart)

    assert mine_points("") == ["20%", "60%"]
    assert mine_points("?range=1m") == ["60%"]
    assert '<strong aria-current="true">1 month</strong>' in client.get("/questions/long/?range=1m").content.decode()
    assert mine_points("?range=bogus") == ["20%", "60%"]


def test_the_quick_forecast_cell_in_each_state(client, question, forecaster):
    """The cell is written in Python (rendered 50 times a page): what it shows for each reader and question state,
    with the title escaped and the error tied to its input."""
    import re

    risky = make_question(title="Will <b>bold</b> & co win?", slug="risky")
    choice = make_question(title="Which one?", slug="which", type="multiple_choice", options=["A", "B"])
    page = client.get("/questions/").content.decode()
    risky_cell = re.search(rf'<span class="quick-forecast" id="quick-{risky.pk}">.*?</form>', page, re.S).group(0)
    assert "Will &lt;b&gt;bold&lt;/b&gt; &amp; co win?" in risky_cell
    assert "<b>" not in risky_cell
    assert 'name="csrfmiddlewaretoken"' in risky_cell
    assert 'name="next" value="/questions/"' in risky_cell
    assert 'action="/questions/risky/quick-forecast/" hx-post="/questions/risky/quick-forecast/"' in risky_cell
    assert f'<a href="/questions/{choice.slug}/#forecast-panel">Forecast</a>' in page  # multiple choice: its page
    refused = client.post("/questions/risky/quick-forecast/", {"probability": "abc"}, HTTP_HX_REQUEST="true")
    cell = refused.content.decode()
    assert f'aria-invalid="true" aria-describedby="quick-error-{risky.pk}"' in cell
    assert f'id="quick-error-{risky.pk}" role="alert"' in cell
    assert 'value="abc"' in cell
    assert "Saved" not in cell
    client.logout()
    anonymous = client.get("/questions/").content.decode()
    assert "quick-input-" not in anonymous
    assert 'class="quick-forecast"' in anonymous


def test_a_forecast_from_the_page_costs_what_the_apis_does_plus_its_own_panel(
    client, question, forecaster, django_capture_on_commit_callbacks
):
    """One forecast, one policy for the crowd (issue #28, 8): the form and the API both update it in the forecast's
    transaction. The form reads the question alone, as the API does; the session costs one query more than a token;
    an HTMX save then reads what the panel shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from tracker.accounts.tokens import api_token_create

    path = f"/questions/{question.slug}/forecast/"
    client.post(path, {"probability": "40"})  # the first forecast also makes its author follow
    _, token = api_token_create(user=forecaster, name="count", scope="write")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    api.get("/api/v1/scenarios/")  # the token's first use records last_used_at
    counts = {}
    for name, send in (
        ("api", lambda: api.post(f"/api/v1/questions/{question.pk}/forecasts/", {"probability": 0.41}, format="json")),
        ("web", lambda: client.post(path, {"probability": "42"})),
        ("htmx", lambda: client.post(path, {"probability": "43"}, HTTP_HX_REQUEST="true")),
    ):
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks():
            assert send().status_code in (200, 201, 302)
        counts[name] = len(queries)
    assert counts["web"] == counts["api"] + 1, counts  # a session is two queries, a token one
    panel = counts["htmx"] - counts["web"]
    # The panel's own reads (it was 14 when the whole page was rebuilt): options, history, chart, chart markers,
    # evidence titles, the reader's teams, the thread's count and page, key factors, following.
    assert panel == 9, counts
    assert Forecast.objects.filter(question=question, user=forecaster).count() == 4


def test_after_a_save_everything_the_save_changed_comes_back_with_the_panel(client, question):
    """The chart and header updated after a save; the team panel, the thread and the list's community cell only on
    reload (issue #28, 6). They now come back with the answer, swapped in out of band."""
    import re

    from tests.factories import TeamFactory, member

    team = TeamFactory(name="Desk")
    teammate, me = member(team, username="teammate"), member(team, username="me")
    forecast_submit(user=teammate, question=question, probability=0.2)
    client.force_login(me)
    panel = client.post(
        f"/questions/{question.slug}/forecast/",
        {"probability": "64", "rationale": "Talks are scheduled.", "share": "team"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    discussion = re.search(r'<section id="discussion"[^>]*hx-swap-oob="true".*?</section>\s*$', panel, re.S)
    assert discussion is not None
    assert "Talks are scheduled." in discussion.group(0)  # the thread has the shared rationale
    assert "Desk: 2 of 2 forecasting" in discussion.group(0)  # the team panel counts the new forecaster
    assert 'id="question-header" aria-label="The numbers at a glance" hx-swap-oob="true"' in panel
    # From the list: the row's community cell comes back with the quick-forecast cell.
    cell = client.post(
        f"/questions/{question.slug}/quick-forecast/", {"probability": "80"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    community = re.search(
        rf'<span class="community-value" id="community-{question.pk}" hx-swap-oob="true">(.*?)</span>', cell
    )
    assert community is not None
    assert community.group(1) == "50%"  # the median of 20% and 80%
    listed = client.get("/questions/").content.decode()
    assert f'id="community-{question.pk}"' in listed  # the swap has its target on the list
    assert f'id="community-{question.pk}"' in client.get("/").content.decode()  # and on the dashboard


def test_the_you_figure_of_a_multiple_choice_question_is_a_list_like_the_crowds(client, forecaster):
    """It was one headline-size sentence across five lines on a phone (issue #28, 7)."""
    import re

    question = make_question(type="multiple_choice", options=["Low", "Mid", "High"], title="Which level?")
    forecast_submit(user=forecaster, question=question, probabilities=[0.2, 0.3, 0.5])
    page = client.get(f"/questions/{question.slug}/").content.decode()
    you = re.search(r'<p class="figure-label">You</p>(.*?)</div>', page, re.S).group(1)
    assert '<p class="figure-value">' not in you
    items = re.findall(r"<li>.*?</span> (\w+) <strong>([\d.]+%)</strong></li>", you)
    assert items == [("Low", "20%"), ("Mid", "30%"), ("High", "50%")]


def test_reaffirm_from_the_page(client, question, forecaster):
    assert "Reaffirm" not in client.get("/questions/talks-resume/").content.decode()
    forecast_submit(user=forecaster, question=question, probability=0.4)
    assert "Reaffirm 40%" in client.get("/questions/talks-resume/").content.decode()
    response = client.post("/questions/talks-resume/reaffirm/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Forecast reaffirmed" in response.content.decode()
    rows = list(Forecast.objects.filter(user=forecaster).order_by("id").values_list("kind", "probability"))
    assert rows == [("forecast", 0.4), ("forecast", 0.4)]
    client.post("/questions/talks-resume/withdraw/")
    refused = client.post("/questions/talks-resume/reaffirm/", follow=True).content.decode()
    assert "no standing forecast" in refused
