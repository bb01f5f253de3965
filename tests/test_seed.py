"""The seed story: what it loads, that loading it twice changes nothing, and that it leaves users' rows alone."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from forecasts.models import Forecast
from tests.factories import make_question
from tests.seed_snapshot import _restore, _tables, _take, seed_story
from tracker import seeding
from tracker.models import (
    ClaimSuggestion,
    Evidence,
    Membership,
    Option,
    Question,
    Scenario,
    Signpost,
    Source,
    Tag,
    Team,
    User,
)
from tracker.monitor.models import ArticleAddress, EvidenceProposal, NewsSource
from tracker.questions.services.ranges import as_range_number

pytestmark = pytest.mark.django_db
MODELS = [
    Signpost,
    Team,
    Membership,
    User,
    Tag,
    Scenario,
    Source,
    Question,
    Option,
    Evidence,
    Forecast,
    ClaimSuggestion,
    NewsSource,
    ArticleAddress,
    EvidenceProposal,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def seed():
    """The first seeding of a test: from the process's snapshot when there is one (tests/seed_snapshot.py)."""
    seed_story()


def seed_again():
    """Seeding again runs the real command: what these tests are about."""
    call_command("seed", verbosity=0)


@pytest.fixture
def story():
    return seeding.read_story()


def test_the_story_file_covers_what_the_product_promises(story):
    questions = story["questions"]
    assert len(questions) >= 30
    assert len(story["scenarios"]) >= 3
    assert {q["type"] for q in questions} == {"binary", "multiple_choice", "numeric", "date"}
    assert len({q["slug"] for q in questions}) == len(questions)
    for question in questions:
        source = next(s for s in story["sources"] if s["slug"] == question["origin"]["source"])
        text = (seeding.SEEDS_DIR / source["file"]).read_text(encoding="utf-8")
        assert question["origin"]["quote"] in text, question["slug"]
        assert question["resolution_criteria"].strip()


def test_seed_loads_the_story_through_its_lifecycle(story):
    seed()
    questions = Question.objects.all()
    assert questions.count() == len(story["questions"])
    assert Source.objects.count() == 5
    assert all(source.text for source in Source.objects.all())
    now = timezone.now()
    by_status = {status: questions.filter(status=status) for status in Question.Status.values}

    # Known outcomes are resolved, with their evidence.
    for entry in story["questions"]:
        question = Question.objects.get(slug=entry["slug"])
        if entry["resolution"]:
            assert question.status == Question.Status.RESOLVED, entry["slug"]
            expected = entry["resolution"]["outcome"]
            if question.is_continuous:
                is_date = question.type == Question.Type.DATE
                assert question.resolution_value == as_range_number(expected, field="outcome", is_date=is_date)
            else:
                assert (question.resolution or question.resolved_option.label) == expected
        assert question.evidence.count() == len(entry["evidence"])
        assert question.origin_source is not None
        assert question.origin_source.text[question.origin_quote_start :].startswith(question.origin_quote)

    # Unknown outcomes wait for resolution, some of them overdue so due reminders have work.
    awaiting = by_status["closed"]
    assert awaiting.exists()
    assert awaiting.filter(resolve_by__lt=now).exists()
    # Forward-looking questions are open now and close in 2027.
    open_now = by_status["open"]
    assert open_now.count() >= 5
    assert all(q.scheduled_close_at.year == 2027 for q in open_now)
    assert open_now.filter(type="multiple_choice").exists()
    # Early resolutions carry the date the event happened.
    early = Question.objects.get(slug="nk-icbm-test-by-2025-06-30")
    assert early.effective_close_at == datetime(2024, 10, 31, 12, tzinfo=UTC)
    # Evidence stances from the research notes, including an option of a multiple-choice question.
    assert Evidence.objects.filter(stance="supports_option", option__isnull=False).exists()
    assert Evidence.objects.filter(published_precision="year").exists()
    # Scenarios list open indicator questions as signposts, with the direction each pushes them.
    seeded_signposts = Signpost.objects.select_related("question", "scenario")
    assert seeded_signposts.count() == len(story["signposts"]) >= 5
    assert {s.direction for s in seeded_signposts} == {"yes_more_likely", "yes_less_likely"}
    assert all(s.question.status == "open" and s.question.type == "binary" for s in seeded_signposts)
    # Baselines come from the community forecast of the demo histories.
    assert all(s.baseline_probability is not None for s in seeded_signposts)


def test_seed_articles_carry_their_claims_for_curators(story):
    seed()
    suggestions = ClaimSuggestion.objects.select_related("source", "question")
    accepted = suggestions.filter(state=ClaimSuggestion.State.ACCEPTED)

    # Every question the story draws from an article is an accepted claim of it: the claim's sentence holds the
    # question's origin quote, or (a quote of two sentences) the other way round.
    def same_claim(question, suggestion):
        quote, sentence = question.origin_quote.lower(), suggestion.quote.lower()
        return suggestion.source_id == question.origin_source_id and (quote in sentence or sentence in quote)

    for question in Question.objects.exclude(origin_quote=""):
        assert any(same_claim(question, suggestion) for suggestion in accepted), question.slug
    assert all(same_claim(suggestion.question, suggestion) for suggestion in accepted)
    # The rest wait for a curator, some flagged as needing a human title.
    waiting = suggestions.filter(state=ClaimSuggestion.State.PROPOSED)
    assert waiting.exists()
    assert any(suggestion.flags for suggestion in waiting)
    for suggestion in waiting:
        assert suggestion.source.text[suggestion.start : suggestion.end] == suggestion.quote


def test_demo_forecasts_are_plausible_and_made_while_questions_were_open():
    seed()
    demo_users = User.objects.filter(is_demo=True, username__startswith="demo-")
    assert all("(demo" in user.display_name for user in demo_users)
    forecasts = Forecast.objects.select_related("question")
    assert forecasts.count() > 300
    for forecast in forecasts:
        question = forecast.question
        assert question.opened_at <= forecast.created_at
        assert forecast.created_at < (question.closed_at or question.scheduled_close_at)
    assert Forecast.objects.filter(kind=Forecast.Kind.WITHDRAWAL).exists()
    # Resolved questions: the demo crowd leans the right way at the end.
    final_right = final_total = 0
    for question in Question.objects.filter(status="resolved", type="binary"):
        standing = {}
        for forecast in question.forecasts.order_by("created_at", "id"):
            standing[forecast.user_id] = forecast.probability
        values = [p for p in standing.values() if p is not None]
        if values:
            final_total += 1
            mean = sum(values) / len(values)
            final_right += (mean > 0.5) == (question.resolution == "yes")
    assert final_right / final_total > 0.75


def test_seeding_twice_changes_nothing():
    seed()
    first = row_counts()
    forecasts_before = list(Forecast.objects.values_list("id", "probability", "created_at"))
    seed_again()
    assert row_counts() == first
    assert list(Forecast.objects.values_list("id", "probability", "created_at")) == forecasts_before


def test_reseeding_leaves_user_rows_alone(story):
    seed()
    mine = make_question(title="A question a curator wrote by hand?", slug="my-own-question")
    staff = User.objects.create(username="analyst", is_staff=True)
    seeded = Question.objects.get(slug=story["questions"][-1]["slug"])
    seed_again()
    assert Question.objects.filter(pk=mine.pk, title="A question a curator wrote by hand?").exists()
    assert User.objects.filter(pk=staff.pk).exists()
    seeded.refresh_from_db()
    assert seeded.seeded


def test_a_user_question_with_a_seed_slug_is_not_overwritten(story):
    entry = story["questions"][0]
    mine = make_question(title="Mine, not the seed's?", slug=entry["slug"])
    report = seeding.seed_story(story)
    mine.refresh_from_db()
    assert mine.title == "Mine, not the seed's?"
    assert f"question {entry['slug']} (created by a user)" in report.skipped


def test_seed_updates_changed_wording_of_its_own_open_questions(story):
    seed()
    entry = next(q for q in story["questions"] if q["slug"] == "nk-icbm-flight-test-by-2027-06-30")
    entry["fine_print"] = "Amended fine print."
    report = seeding.seed_story(story)
    assert Question.objects.get(slug=entry["slug"]).fine_print == "Amended fine print."
    assert report.updated == {"questions": 1}


def test_a_broken_story_is_a_one_line_error_and_writes_nothing(tmp_path, monkeypatch):
    broken = tmp_path / "story.json"
    broken.write_text("{not json")
    monkeypatch.setattr(seeding, "STORY_PATH", broken)
    monkeypatch.setattr(seeding.read_story, "__defaults__", (broken,))
    with pytest.raises(CommandError, match="is not valid JSON"):
        seed_again()
    assert Question.objects.count() == 0


def test_an_invalid_question_in_the_story_is_reported(story):
    story["questions"] = [dict(story["questions"][0], scheduled_close_at="2020-01-01T00:00:00Z")]
    with pytest.raises(seeding.SeedError, match="must close after it opens"):
        seeding.seed_story(story)
    assert Question.objects.count() == 0


def test_demo_logins_are_refused_in_production_before_anything_is_written(settings):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="never set in production"):
        call_command("seed", "--demo-logins", verbosity=0)
    assert not Question.objects.exists()
    assert not get_user_model().objects.exists()


def log_in(client, username, password) -> bool:
    """Through the login page, as a person does (and as the login throttling sees it)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_demo_logins_create_a_working_admin(client):
    seed_story("--demo-logins")
    assert log_in(client, "admin", "signpost-admin")
    assert client.get("/admin/tracker/question/").status_code == 200
    assert log_in(client, "demo-curator", "signpost-demo")


def test_seed_before_the_forward_questions_open_leaves_them_scheduled(story):
    before = datetime(2026, 6, 1, tzinfo=UTC)
    seeding.seed_story(story, now=before)
    forward = Question.objects.get(slug="nk-icbm-flight-test-by-2027-06-30")
    assert forward.status == Question.Status.SCHEDULED
    assert not Forecast.objects.filter(created_at__gt=before).exists()
    assert Question.objects.get(slug="nk-icbm-flight-test-h1-2026").status == Question.Status.OPEN


def test_story_dates_are_utc_iso_strings(story):
    for entry in story["questions"]:
        for name in ("opens_at", "scheduled_close_at", "resolve_by"):
            parsed = datetime.fromisoformat(entry[name].replace("Z", "+00:00"))
            assert parsed.utcoffset() == timedelta(0)
    json.dumps(story)  # round-trips


def test_the_seeded_story_is_on_the_home_page(client, story):
    seed()
    page = client.get("/scenarios/").content.decode()
    for scenario in story["scenarios"]:
        assert scenario["title"].replace("'", "&#x27;") in page
    public = [q for q in story["questions"] if q["visibility"] == "public"]
    # Each public question's link, and the header's link to the question list (the wide header's and the one behind
    # a phone's Menu: the page carries both, CSS shows one).
    assert page.count('href="/questions/') == len(public) + 2
    landing = client.get("/").content.decode()  # signed out: the landing page links every scenario
    for scenario in story["scenarios"]:
        assert scenario["title"].replace("'", "&#x27;") in landing


def test_the_demo_team_follows_a_source_whose_proposals_wait_in_the_inbox(client, settings, story):
    seed()
    team = Team.objects.get(slug=story["team"]["slug"])
    source = NewsSource.objects.get(team=team)
    assert source.url == settings.SITE_URL + "/articles/feed.xml"
    seeded = Source.objects.filter(seeded=True)
    addresses = ArticleAddress.objects.filter(news_source=source)
    assert source.article_count == addresses.count() == seeded.count() == len(story["sources"])
    assert {address.url for address in addresses} == {
        f"{settings.SITE_URL}/articles/{article.slug}/" for article in seeded
    }
    # Matched as the monitor would have: against the questions open when each article came out, and now.
    proposals = EvidenceProposal.objects.filter(team=team, state=EvidenceProposal.State.PENDING)
    assert proposals.count() >= 3
    for proposal in proposals:
        assert proposal.quote in f"{proposal.article.title}\n{proposal.article.text}"  # the headline, or a sentence
        window = proposal.question.opens_at <= proposal.article.published_at <= proposal.question.scheduled_close_at
        assert window or proposal.question.status == Question.Status.OPEN
    assert proposals.filter(question__status=Question.Status.OPEN).exists()

    curator = User.objects.get(username=next(p["username"] for p in story["people"] if p["role"] == "curator"))
    client.force_login(curator)
    inbox = client.get("/inbox/").content.decode()
    for proposal in proposals:
        assert proposal.question.title in inbox
    assert "North Korea confirms its troops fight for Russia" in inbox  # a new article, its drafted claims counted


def _rows(copied) -> list:
    """A table's rows from a snapshot: COPY's lines on PostgreSQL, tuples on SQLite."""
    if copied is None:
        return []
    _, data = copied
    return data.split(b"\n") if isinstance(data, bytes) else [repr(row) for row in data]


def test_a_restored_snapshot_is_row_for_row_what_seeding_writes(story):
    call_command("seed", "--demo-logins", verbosity=0)
    tables = _tables()
    seeded = _take(tables)
    assert len(seeded) > 30
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    assert Question.objects.count() == 0
    _restore(seeded)
    restored = _take(tables)
    # Compared table by table, row by row (order aside): a diff of the whole copy would be megabytes long.
    differing = [table for table in seeded if sorted(_rows(restored.get(table))) != sorted(_rows(seeded[table]))]
    assert differing == []
    assert set(restored) == set(seeded)
    assert Question.objects.count() == len(story["questions"])
    # The id sequences moved past the restored rows: new rows get new ids.
    mine = make_question(title="Made after the restore?", slug="made-after-the-restore")
    assert mine.pk > max(Question.objects.exclude(pk=mine.pk).values_list("pk", flat=True))
