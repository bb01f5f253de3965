"""From article to question: import (text, HTML, Markdown), suggestions, accept with its origin at the right
offsets, reject (remembered on re-import), merge, and duplicate detection."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.curation.article_text import article_text, html_to_text, markdown_to_text
from tracker.curation.services import (
    article_import,
    source_create,
    suggestion_accept,
    suggestion_reject,
    suggestions_merge,
    suggestions_refresh,
)
from tracker.curation.similar import similar_questions
from tracker.models import ClaimSuggestion, Membership

pytestmark = pytest.mark.django_db
ARTICLE = (
    "Seoul Weighs Its Options\n"
    "South Korea sent observers last year. Analysts expect Seoul to approve artillery shells by June 2027. "
    "The decision could strain ties with Moscow. Officials should explain the policy."
)


@pytest.fixture
def desk():
    team = TeamFactory()
    return team, member(team, Membership.Role.CURATOR)


def test_import_proposes_the_forecasting_sentences(desk):
    _, curator = desk
    source, suggestions = article_import(title="Seoul weighs", content=ARTICLE, imported_by=curator)
    assert [s.quote for s in suggestions] == [
        "Analysts expect Seoul to approve artillery shells by June 2027.",
        "The decision could strain ties with Moscow.",
    ]
    for suggestion in suggestions:
        assert source.text[suggestion.start : suggestion.end] == suggestion.quote
    assert suggestions[0].deadline.isoformat() == "2027-06-30"
    assert suggestions_refresh(source=source) == []  # running again proposes nothing new


def test_a_claim_the_article_already_has_a_question_for_is_recorded_as_accepted(desk):
    source = source_create(title="Seoul weighs", text=ARTICLE)
    quote = "Analysts expect Seoul to approve artillery shells by June 2027."
    question = make_question(
        title="Will Seoul approve artillery shells by 30 June 2027?",
        origin_source=source,
        origin_quote=quote,
    )
    by_quote = {s.quote: s for s in suggestions_refresh(source=source)}
    assert (by_quote[quote].state, by_quote[quote].question) == (ClaimSuggestion.State.ACCEPTED, question)
    other = by_quote["The decision could strain ties with Moscow."]
    assert (other.state, other.question) == (ClaimSuggestion.State.PROPOSED, None)


def test_only_curators_import_and_empty_articles_are_refused(desk):
    with pytest.raises(PermissionDenied):
        article_import(title="x", content=ARTICLE, imported_by=UserFactory())
    with pytest.raises(ValidationError) as error:
        article_import(title="x", content="<html><script>x()</script></html>", filename="a.html")
    assert "no text" in error.value.message_dict["content"][0]


def test_accept_creates_a_draft_whose_origin_is_the_quote_at_its_offsets(desk):
    team, curator = desk
    source, suggestions = article_import(title="Seoul weighs", content=ARTICLE, imported_by=curator)
    now = timezone.now()
    suggestion, question = suggestion_accept(
        suggestion=suggestions[1],
        actor=curator,
        team=team,
        title="Will South Korea's relations with Russia be downgraded by 2027-12-31?",
        opens_at=now + timedelta(days=1),
        scheduled_close_at=now + timedelta(days=200),
        resolve_by=now + timedelta(days=210),
    )
    assert question.status == "draft"
    assert question.origin_source == source
    assert question.team == team
    start = question.origin_quote_start
    assert source.text[start : start + len(question.origin_quote)] == question.origin_quote == suggestion.quote
    assert suggestion.state == "accepted"
    assert suggestion.question == question
    with pytest.raises(ValidationError, match="already accepted"):
        suggestion_accept(suggestion=suggestion, actor=curator, team=team)


@time_machine.travel(datetime(2026, 11, 26, 12, tzinfo=UTC), tick=False)
def test_the_deadline_the_close_date_and_the_criteria_name_one_date(desk):
    team, curator = desk
    _, suggestions = article_import(
        title="Seoul weighs", content=ARTICLE, imported_by=curator, published_at=datetime(2026, 11, 20, tzinfo=UTC)
    )
    drafted = suggestions[0]
    assert drafted.title == "Will Seoul approve artillery shells by 30 June 2027?"
    assert drafted.flags == []
    assert "on or before 2027-06-30 (UTC)" in drafted.criteria
    _, question = suggestion_accept(suggestion=drafted, actor=curator, team=team)
    assert question.scheduled_close_at.date().isoformat() == "2027-06-30" == drafted.deadline.isoformat()
    assert question.title == drafted.title
    assert question.resolution_criteria == drafted.criteria


def test_a_draft_that_needs_a_human_title_is_flagged_on_the_article_page_and_in_the_admin(desk, admin_client):
    _, curator = desk
    content = ARTICLE + " These measures could add $2 billion to farm incomes."
    source, suggestions = article_import(title="Seoul weighs", content=content, imported_by=curator)
    flagged = suggestions[2]  # "These measures could …": which measures?
    assert flagged.flags
    assert "refers back" in flagged.flags[0]
    assert flagged.confidence < 0.5
    reader = Client()
    reader.force_login(curator)
    page = reader.get(f"/articles/{source.slug}/").content.decode()
    assert "Needs a human title." in page
    assert "refers back to an earlier sentence" in page
    response = admin_client.get("/admin/tracker/claimsuggestion/?needs_title=yes")
    assert response.status_code == 200, response
    listing = response.content.decode()
    assert flagged.title in listing
    assert suggestions[0].title not in listing
    change = admin_client.get(f"/admin/tracker/claimsuggestion/{flagged.pk}/change/").content.decode()
    assert "refers back to an earlier sentence" in change


def test_accepting_with_a_deadline_in_the_past_is_a_field_error(desk):
    team, curator = desk
    old = ARTICLE.replace("June 2027", "June 2020")  # an article of 2019: its deadline has passed
    _, suggestions = article_import(
        title="Old news", content=old, imported_by=curator, published_at=datetime(2019, 5, 1, tzinfo=UTC)
    )
    assert suggestions[0].deadline.isoformat() == "2020-06-30"
    with pytest.raises(ValidationError) as error:
        suggestion_accept(suggestion=suggestions[0], actor=curator, team=team)
    assert "scheduled_close_at" in error.value.message_dict
    assert ClaimSuggestion.objects.get(pk=suggestions[0].pk).state == "proposed"


def test_rejections_are_remembered_when_the_article_is_imported_again(desk):
    _, curator = desk
    _, suggestions = article_import(title="Seoul weighs", content=ARTICLE, imported_by=curator)
    suggestion_reject(suggestion=suggestions[1], actor=curator, reason="Too vague")
    _, again = article_import(title="Seoul weighs (again)", content=ARTICLE.replace("  ", " "), imported_by=curator)
    assert [s.quote for s in again] == ["Analysts expect Seoul to approve artillery shells by June 2027."]


def test_merge_folds_suggestions_of_one_article(desk):
    _, curator = desk
    _, suggestions = article_import(title="Seoul weighs", content=ARTICLE, imported_by=curator)
    into = suggestions_merge(into=suggestions[0], others=[suggestions[1]], actor=curator)
    merged = ClaimSuggestion.objects.get(pk=suggestions[1].pk)
    assert merged.state == "merged"
    assert merged.merged_into == into
    with pytest.raises(ValidationError):
        suggestions_merge(into=suggestions[0], others=[suggestions[0]], actor=curator)


def test_similar_questions_are_found_before_a_duplicate_is_made(desk):
    team, _ = desk
    existing = make_question(team=team, title="Will South Korea approve artillery shells for Ukraine by June 2027?")
    make_question(team=team, title="Will the EU adopt a new sanctions package?")
    found = similar_questions(title="Will Seoul approve artillery shells for Ukraine by June 2027?")
    assert [question_id for _, question_id, _ in found] == [existing.pk]
    assert similar_questions(title="Will Japan revise its security strategy?") == []


def test_html_and_markdown_become_clean_text():
    html = (
        "<html><head><style>p{}</style></head><body><nav>Home</nav><h1>Title</h1>"
        "<p>First &amp; <b>bold</b> paragraph.</p><script>track()</script><p>Second.</p></body></html>"
    )
    assert html_to_text(html) == "Title\nFirst & bold paragraph.\nSecond."
    markdown = "# Title\n\nSome **bold** and _italic_ text with [a link](https://x.org).\n\n- item one\n> quoted"
    assert markdown_to_text(markdown) == "Title\nSome bold and italic text with a link.\nitem one\nquoted"
    assert article_text("<p>Hi there.</p>") == "Hi there."
    assert article_text("plain  text\n", filename="a.txt") == "plain  text"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "name",
    [
        "000_f3496298b4f174d5.txt",
        "001_1520986f7bab7115.txt",
        "002_2323e470a6d18323.txt",
        "003_03fa2d11b3bbc317.txt",
        "004_5002f70813df1946.txt",
    ],
)
def test_importing_a_seed_article_through_the_admin_proposes_its_claims(admin_client, name, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (settings.BASE_DIR / "seeds" / "articles" / name).read_bytes()
    response = admin_client.post(
        "/admin/tracker/source/import/",
        {"title": f"Seed {name}", "published_at": "2024-10-28 09:00", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    assert "claimsuggestion" in response["Location"]
    suggestions = list(ClaimSuggestion.objects.filter(source__title=f"Seed {name}").select_related("source"))
    assert len(suggestions) >= 5
    listing = admin_client.get(response["Location"])
    assert listing.status_code == 200
    assert suggestions[0].title[:40] in listing.content.decode()

    # Every seed question written from this article is covered: its origin sentence is one of the suggestions.
    story = json.loads((settings.BASE_DIR / "seeds" / "story.json").read_text())
    source_slug = next(source["slug"] for source in story["sources"] if source["file"].endswith(name))
    origins = {q["origin"]["quote"] for q in story["questions"] if q.get("origin", {}).get("source") == source_slug}
    assert origins
    # (An origin quote spanning two sentences is covered by a suggestion of either.)
    covering = {origin: [s for s in suggestions if s.quote in origin or origin in s.quote] for origin in origins}
    assert all(covering.values()), [origin for origin, found in covering.items() if not found]

    # Accepting one gives a draft whose origin quote is the article's text at the stored offset. The article is
    # old, so its suggested deadline has passed: the curator accepts with dates of their own.
    suggestion = covering[sorted(origins)[0]][0]
    changelist = "/admin/tracker/claimsuggestion/"
    page = admin_client.post(changelist, {"action": "accept", "_selected_action": [suggestion.pk]}, follow=True)
    assert "The question must close after it opens." in page.content.decode()
    chosen = {"action": "accept_with_settings", "_selected_action": [suggestion.pk]}
    form = admin_client.post(changelist, chosen)
    assert form.status_code == 200
    assert "Accept suggestions" in form.content.decode()
    close = (timezone.now() + timedelta(days=120)).strftime("%Y-%m-%d %H:%M")
    page = admin_client.post(changelist, {**chosen, "apply": "1", "scheduled_close_at": close}, follow=True)
    assert "Draft created" in page.content.decode()
    suggestion.refresh_from_db()
    question = suggestion.question
    text = suggestion.source.text
    assert question.status == "draft"
    assert question.origin_source_id == suggestion.source_id
    assert text[question.origin_quote_start : question.origin_quote_start + len(question.origin_quote)] == (
        question.origin_quote
    )


def test_admin_import_errors_accept_reject_and_merge(admin_client):
    response = admin_client.post("/admin/tracker/source/import/", {"title": "Nothing"})
    assert response.status_code == 400
    assert "Paste the article or upload a file." in response.content.decode()
    admin_client.post(
        "/admin/tracker/source/import/",
        {
            "title": "Seoul weighs",
            "text": ARTICLE.replace("June 2027", "June 2030") + " Consumer prices will rise sharply by 2029.",
        },
    )
    first, second, third = ClaimSuggestion.objects.order_by("start")
    changelist = "/admin/tracker/claimsuggestion/"
    page = admin_client.post(changelist, {"action": "accept", "_selected_action": [first.pk]}, follow=True)
    assert "Draft created" in page.content.decode()
    first.refresh_from_db()
    assert first.state == "accepted"
    assert first.question.status == "draft"
    page = admin_client.post(changelist, {"action": "accept", "_selected_action": [first.pk]}, follow=True)
    assert "already accepted" in page.content.decode()
    admin_client.post(changelist, {"action": "merge", "_selected_action": [second.pk, third.pk]}, follow=True)
    third.refresh_from_db()
    assert third.state == "merged"
    assert third.merged_into_id == second.pk
    page = admin_client.post(changelist, {"action": "reject", "_selected_action": [second.pk]}, follow=True)
    assert "Rejected 1 suggestion(s)." in page.content.decode()


def test_a_claim_about_a_count_can_be_accepted_as_a_numeric_question(desk):
    team, curator = desk
    text = "Troops Head East\nNorth Korea will send 10,000 more troops to Russia by June 2027. Talks continue."
    _, suggestions = article_import(title="Troops head east", content=text, imported_by=curator)
    [counted] = [s for s in suggestions if "troops" in s.quote]
    numeric, dated = counted.alternatives
    assert numeric["title"].startswith("How many more troops will North Korea send to Russia by")
    assert numeric["range_max"] == 50_000
    assert dated["title"] == "When will North Korea send 10,000 more troops to Russia?"
    assert dated["range_max"] == "2027-06-30"
    _, question = suggestion_accept(suggestion=counted, actor=curator, team=team, ask_as="numeric")
    assert question.type == "numeric"
    assert question.title == numeric["title"]
    assert (question.range_min, question.range_max, question.open_upper_bound, question.unit) == (
        0,
        50_000,
        True,
        "troops",
    )
    assert question.origin_quote == counted.quote
    assert "Resolves to the figure" in question.resolution_criteria
    _, others = article_import(title="Seoul weighs", content=ARTICLE, imported_by=curator)
    plain = [s for s in others if not any(a["type"] == "numeric" for a in s.alternatives)]
    assert plain
    for suggestion in plain:  # a claim about no count cannot become a number; nothing is written
        with pytest.raises(ValidationError) as error:
            suggestion_accept(suggestion=suggestion, actor=curator, team=team, ask_as="numeric")
        assert "ask_as" in error.value.message_dict
        assert suggestion.question is None


def test_a_claim_with_a_deadline_can_be_accepted_as_a_date_question(desk):
    team, curator = desk
    _, suggestions = article_import(
        title="Seoul weighs", content=ARTICLE, imported_by=curator, published_at=datetime(2026, 11, 2, tzinfo=UTC)
    )
    [shells] = [s for s in suggestions if "shells" in s.quote]
    _, question = suggestion_accept(suggestion=shells, actor=curator, team=team, ask_as="date")
    assert question.type == "date"
    assert question.title.startswith("When will Seoul approve artillery shells")
    assert question.range_min == datetime(2026, 11, 2, tzinfo=UTC).timestamp()
    assert question.range_max == datetime(2027, 6, 30, tzinfo=UTC).timestamp()
    assert question.open_upper_bound
    assert "Resolves to the date (UTC)" in question.resolution_criteria


def test_the_article_page_offers_the_number_and_the_form_accepts_it(desk):
    team, curator = desk
    text = "Troops Head East\nNorth Korea will send 10,000 more troops to Russia by June 2027."
    source, [counted] = article_import(title="Troops head east", content=text, imported_by=curator, team=team)
    client = Client()
    client.force_login(curator)
    page = client.get(f"/articles/{source.slug}/").content.decode()
    assert "A number: “How many more troops" in page
    response = client.post(
        f"/suggestions/{counted.pk}/decide/", {"decision": "accept", "team": team.pk, "ask_as": "numeric"}
    )
    assert response.status_code == 302
    counted.refresh_from_db()
    assert counted.question.type == "numeric"
