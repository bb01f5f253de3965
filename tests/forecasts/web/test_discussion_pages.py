"""The discussion on the question page: the thread as each reader may see it, posting and the errors that keep the
input, permalinks to the right page, edit, delete, hide, follow, the team panel and key factors, stored XSS that
stays inert (page and admin), and the same number of queries for a thread of 5 or 50 comments."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from forecasts.models import Comment, QuestionFollow
from forecasts.services.discussion import comment_create, comment_hide
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Membership
from tracker.questions.services.evidence import evidence_add

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert('xss')</script>",
    "[click me](javascript:alert('xss'))",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)></svg>",
    '<a href="#" onclick="alert(1)">a</a>',
]
EXECUTABLE = re.compile(r"<script>alert|<img src=x|<svg onload|href=\"javascript:|<a href=\"#\" onclick", re.IGNORECASE)


@pytest.fixture
def desk():
    team, other = TeamFactory(slug="desk", name="Korea desk"), TeamFactory(slug="other", name="Other desk")
    curator = member(team, Membership.Role.CURATOR, username="cura")
    alex = member(team, username="alex")
    bailey = member(team, username="bailey")
    outsider = member(other, username="otto")
    question = make_question(team=team, title="Will Seoul send air defence?", slug="air-defence")
    report = evidence_add(question=question, title="Yonhap report", url="https://example.org/y", stance="supports_no")
    return type("Desk", (), locals())


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def page_of(user, query="") -> str:
    response = client_for(user).get(f"/questions/air-defence/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_thread_shows_each_reader_what_the_rule_allows(desk):
    comment_create(author=desk.alex, question=desk.question, body="Public take.")
    comment_create(author=desk.alex, question=desk.question, body="Team-only take.", audience="team")
    for user, sees_team in ((None, False), (desk.outsider, False), (desk.bailey, True), (desk.curator, True)):
        html = page_of(user)
        assert "Public take." in html
        assert ("Team-only take." in html) is sees_team
        assert ("Team only · Korea desk" in html) is sees_team


def test_posting_a_comment_redirects_to_its_permalink_and_notifies(desk):
    client = client_for(desk.alex)
    response = client.post(
        "/questions/air-defence/comments/",
        {"body": "What do you think, @bailey?", "audience": "team:desk", "evidence": [str(desk.report.pk)]},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/questions/air-defence/comments/{comment.pk}/"
    assert comment.audience == "team"
    assert comment.team == desk.team
    assert list(comment.cited_evidence.all()) == [desk.report]
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"].endswith(f"#comment-{comment.pk}")
    assert desk.bailey.notifications.get().kind == "mention"
    html = page_of(desk.bailey)
    assert "Key factors" in html
    assert "cited 1 time" in html


def test_a_refused_comment_says_why_and_keeps_what_was_typed(desk):
    client = client_for(desk.outsider)
    response = client.post("/questions/air-defence/comments/", {"body": "   ", "audience": "public"})
    assert response.status_code == 400
    assert "the comment is empty" in response.content.decode()
    long = "word " * 2500
    response = client.post("/questions/air-defence/comments/", {"body": long, "audience": "team:desk"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 10,000 characters" in html
    assert "word word" in html
    response = client.post("/questions/air-defence/comments/", {"body": "Sneaky.", "audience": "team:desk"})
    assert response.status_code == 400
    assert "only to a team you belong to" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_permalink_finds_the_page_of_its_thread(desk, settings):
    settings.SIGNPOST_COMMENT_RATE_COUNT = 1000
    comments = [comment_create(author=desk.alex, question=desk.question, body=f"Comment {n}.") for n in range(25)]
    reply = comment_create(author=desk.bailey, question=desk.question, body="Late reply.", parent=comments[22])
    client = client_for(desk.outsider)
    location = client.get(f"/questions/air-defence/comments/{reply.pk}/")["Location"]
    assert location == f"/questions/air-defence/?corder=oldest&cpage=2#comment-{reply.pk}"
    html = client.get(location.split("#")[0]).content.decode()
    assert "Late reply." in html
    assert "Comment 22." in html
    assert "Comment 3." not in html
    newest = client.get(f"/questions/air-defence/comments/{comments[0].pk}/?corder=newest")["Location"]
    assert newest.startswith("/questions/air-defence/?corder=newest&cpage=2")
    team_only = comment_create(author=desk.alex, question=desk.question, body="Ours.", audience="team")
    assert client.get(f"/questions/air-defence/comments/{team_only.pk}/").status_code == 404


def test_chart_range_and_comment_links_keep_each_others_choice(desk, settings):
    settings.SIGNPOST_COMMENT_RATE_COUNT = 1000
    for n in range(25):
        comment_create(author=desk.alex, question=desk.question, body=f"Comment {n}.")
    html = client_for(desk.outsider).get("/questions/air-defence/?corder=newest&cpage=2&range=1m").content.decode()
    assert 'href="?corder=newest&amp;cpage=2&amp;range=3m#forecast-panel"' in html
    assert 'href="?corder=newest&amp;cpage=1&amp;range=1m#discussion">Previous</a>' in html
    # Changing the order starts the thread again from its first page, in the chosen range.
    assert 'href="?corder=oldest&amp;cpage=1&amp;range=1m#discussion">oldest first</a>' in html


def test_edit_delete_and_hide_from_the_page(desk):
    comment = comment_create(author=desk.alex, question=desk.question, body="Frist!")
    author = client_for(desk.alex)
    assert "Edit</a>" in page_of(desk.alex)
    assert "Edit</a>" not in page_of(desk.bailey)
    assert client_for(desk.bailey).get(f"/questions/air-defence/comments/{comment.pk}/edit/").status_code == 404
    bad = author.post(f"/questions/air-defence/comments/{comment.pk}/edit/", {"body": ""})
    assert bad.status_code == 400
    assert "the comment is empty" in bad.content.decode()
    author.post(f"/questions/air-defence/comments/{comment.pk}/edit/", {"body": "First!"})
    assert "First!" in page_of(desk.bailey)
    assert ">edited<" in page_of(desk.bailey)

    curator = client_for(desk.curator)
    refused = curator.post(f"/questions/air-defence/comments/{comment.pk}/moderate/", {"reason": ""}, follow=True)
    assert "Say why the comment is hidden" in refused.content.decode()
    curator.post(f"/questions/air-defence/comments/{comment.pk}/moderate/", {"reason": "Off topic."})
    html = page_of(desk.bailey)
    assert "Hidden by a curator: Off topic." in html
    assert "First!" not in html
    assert "Hidden text (curators only)" in page_of(desk.curator)
    client_for(desk.bailey).post(f"/questions/air-defence/comments/{comment.pk}/moderate/", {"reason": "Mine."})
    assert Comment.objects.get().hidden_reason == "Off topic."  # forecasters cannot moderate
    curator.post(f"/questions/air-defence/comments/{comment.pk}/moderate/", {"action": "unhide"})
    author.post(f"/questions/air-defence/comments/{comment.pk}/delete/")
    html = page_of(desk.bailey)
    assert "Deleted by its author." in html
    assert "First!" not in html


def test_follow_and_unfollow(desk):
    client = client_for(desk.outsider)
    client.post("/questions/air-defence/follow/", {"follow": "1"})
    assert QuestionFollow.objects.get(user=desk.outsider).is_active
    assert "You follow this question." in page_of(desk.outsider)
    client.post("/questions/air-defence/follow/", {"follow": "0"})
    assert not QuestionFollow.objects.get(user=desk.outsider).is_active


def test_a_forecast_with_a_rationale_joins_the_thread_and_marks_the_chart(desk):
    client = client_for(desk.alex)
    client.post(
        "/questions/air-defence/forecast/",
        {"probability": "35", "rationale": "Base rate.", "share": "team"},
    )
    client.post(
        "/questions/air-defence/forecast/",
        {"probability": "22", "rationale": "The report.", "share": "public", "evidence": str(desk.report.pk)},
    )
    html = page_of(desk.outsider)
    assert "Moved 35% → 22%" in html
    assert "The report." in html
    assert "Base rate." not in html
    mine = page_of(desk.alex)
    assert 'class="marker"' in mine
    assert "Changed my mind: Yonhap report" in mine


def test_the_team_panel_waits_for_a_forecast_when_the_crowd_is_hidden(desk):
    make_question(team=desk.team, title="Hidden?", slug="hidden", hide_crowd_until_forecast=True)
    client = client_for(desk.alex)
    client.post("/questions/hidden/forecast/", {"probability": "80", "rationale": "Strong signal."})
    bailey = client_for(desk.bailey)
    before = bailey.get("/questions/hidden/").content.decode()
    assert "Strong signal." not in before
    assert "show once you have forecast" in before
    bailey.post("/questions/hidden/forecast/", {"probability": "10", "rationale": "Weak."})
    after = bailey.get("/questions/hidden/").content.decode()
    assert "Strong signal." in after
    assert "Team spread: 10.0%–80.0%" in after
    assert "Korea desk: 2 of 3 forecasting" in after


@pytest.mark.parametrize("payload", XSS)
def test_stored_xss_is_inert_on_the_page_and_in_the_admin(desk, payload):
    comment = comment_create(author=desk.alex, question=desk.question, body=payload)
    assert not EXECUTABLE.search(page_of(desk.bailey))
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(admin)
    for url in ("/admin/forecasts/comment/", f"/admin/forecasts/comment/{comment.pk}/change/"):
        html = client.get(url).content.decode()
        assert not EXECUTABLE.search(html), url


def test_the_admin_hides_in_bulk_with_a_reason(desk):
    first = comment_create(author=desk.alex, question=desk.question, body="One.")
    second = comment_create(author=desk.bailey, question=desk.question, body="Two.")
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    action = {"action": "hide", "_selected_action": [first.pk, second.pk]}
    asked = client.post("/admin/forecasts/comment/", action)
    assert asked.status_code == 200
    assert "reason" in asked.content.decode()
    client.post("/admin/forecasts/comment/", {**action, "apply": "1", "reason": "Spam wave."})
    assert set(Comment.objects.values_list("hidden_reason", flat=True)) == {"Spam wave."}
    listed = client.get("/admin/forecasts/comment/?state=hidden").content.decode()
    assert "One." in listed
    assert "Two." in listed


def thread_queries(desk, count: int) -> int:
    for n in range(count):
        top = comment_create(
            author=(desk.alex, desk.bailey)[n % 2],
            question=desk.question,
            body=f"Comment **{n}**",
            audience="team" if n % 3 == 0 else "public",
            evidence_ids=[desk.report.pk],
        )
        if n % 2:
            comment_create(author=desk.curator, question=desk.question, body=f"Reply {n}", parent=top)
        if n % 5 == 0:
            comment_hide(curator=desk.curator, comment=top, reason="Test.")
    forecast_submit(user=desk.bailey, question=desk.question, probability=0.4, rationale="Mine.")
    client = client_for(desk.bailey)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/questions/air-defence/?corder=newest").status_code == 200
    return len(captured)


def test_a_thread_of_5_or_50_comments_costs_the_same_queries(desk, settings):
    settings.SIGNPOST_COMMENT_RATE_COUNT = 1000
    five = thread_queries(desk, 5)
    fifty = thread_queries(desk, 45)  # 50 in all
    assert five == fifty


def test_readers_vote_a_comment_useful_and_sort_by_it(desk):
    older = comment_create(author=desk.alex, question=desk.question, body="An older take.")
    better = comment_create(author=desk.bailey, question=desk.question, body="The better take.")
    voter = client_for(desk.outsider)
    response = voter.post(f"/questions/air-defence/comments/{better.pk}/useful/", {"useful": "1", "corder": "useful"})
    assert response.status_code == 302
    assert response["Location"] == f"/questions/air-defence/comments/{better.pk}/?corder=useful"
    html = page_of(desk.outsider, "?corder=useful")
    assert html.index("The better take.") < html.index("An older take.")
    assert 'aria-pressed="true">Useful (1)</button>' in html
    assert "<strong>most useful</strong>" in html
    own = page_of(desk.bailey)
    assert f"comments/{better.pk}/useful/" not in own  # no vote for one's own comment
    voter.post(f"/questions/air-defence/comments/{better.pk}/useful/", {"useful": "0"})
    assert 'aria-pressed="false">Useful (0)</button>' in page_of(desk.outsider)
    team_only = comment_create(author=desk.alex, question=desk.question, body="Desk only.", audience="team")
    assert voter.post(f"/questions/air-defence/comments/{team_only.pk}/useful/", {"useful": "1"}).status_code == 404
    assert older.votes.count() == team_only.votes.count() == 0
