"""The optional language-model drafter against a local stand-in server: a good answer replaces the rules' draft and
says which drafter wrote it; an invented name, a past or misread date, a hedge, an attribution, prose instead of
JSON, an HTTP error or a slow answer keep the rules' draft with a flag naming why; a claim is sent once however often
its task runs, never after a curator decided it, and never beyond the concurrency bound."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache

from tests.factories import TeamFactory
from tests.tracker.curation.model_server import ANSWERS, Reply, model_server
from tracker.curation import model_drafting
from tracker.curation.models import ClaimSuggestion
from tracker.curation.redrafting import SLOT_KEY, suggestion_draft_with_model, suggestion_give_up_on_model
from tracker.curation.services import article_import

ARTICLE = ANSWERS["article"]
PUBLISHED = date.fromisoformat(ARTICLE["published"])


def answer(name: str) -> dict[str, str]:
    return dict(ANSWERS["answers"][name])


# --- the checks, without a database or a server -------------------------------------------------------------------


def test_a_good_answer_passes_the_rules_checks():
    draft = model_drafting.check_draft(answer("good"), article_text=ARTICLE["text"], published=PUBLISHED)
    assert draft.title == "Will South Korea send weapons to Ukraine by 30 June 2027?"
    assert draft.close_date == date(2027, 6, 30)  # what "by the end of June 2027" says, read by the rules too
    assert draft.actor == "South Korea"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("invented_name", "names 'Poland', which the article does not"),
        ("past_date", "is not after publication"),
        ("wrong_date", "is not what “by the end of June 2027” says (2027-06-30)"),
        ("hedge", "keeps a hedge (“likely”)"),
        ("attribution", "keeps an attribution (“analysts”)"),
    ],
)
def test_an_answer_that_fails_a_check_is_refused_with_the_reason(name, reason):
    with pytest.raises(model_drafting.Refused) as refused:
        model_drafting.check_draft(answer(name), article_text=ARTICLE["text"], published=PUBLISHED)
    assert reason in str(refused.value)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": "South Korea sends weapons to Ukraine by 30 June 2027."}, "not one yes/no question"),
        ({"title": "Will South Korea send weapons (and shells to Ukraine by 30 June 2027?"}, "unclosed bracket"),
        ({"title": "Will South Korea send " + "many " * 30 + "weapons by 30 June 2027?"}, "longer than 150"),
        ({"actor": "Poland"}, "actor “Poland” is not named"),
        ({"close_date": "30/06/2027"}, "is not a date"),
        ({"time_phrase": "by the end of the decade"}, "is not in the article"),
        ({"resolution_criteria": "Yes if so."}, "too short"),
        ({"time_phrase": "", "close_date": "2031-01-01"}, "more than three years after publication"),
    ],
)
def test_every_rule_is_checked(change, reason):
    with pytest.raises(model_drafting.Refused) as refused:
        model_drafting.check_draft(answer("good") | change, article_text=ARTICLE["text"], published=PUBLISHED)
    assert reason in str(refused.value)


def test_the_publication_day_passes_only_when_the_phrase_says_so():
    monday = date(2020, 10, 19)
    text = "OPEC+ will meet on Monday to discuss the weakening demand outlook, OPEC+ sources said."
    same_day = {
        "title": "Will OPEC+ meet to discuss the weakening demand outlook by 19 October 2020?",
        "resolution_criteria": "Resolves YES if OPEC+ holds its meeting on the demand outlook on 19 October 2020.",
        "actor": "OPEC+",
        "close_date": "2020-10-19",
        "time_phrase": "will meet on Monday",
    }
    assert model_drafting.check_draft(same_day, article_text=text, published=monday).close_date == monday
    with pytest.raises(model_drafting.Refused) as refused:
        model_drafting.check_draft(same_day | {"time_phrase": ""}, article_text=text, published=monday)
    assert "is not after publication" in str(refused.value)


def test_an_actor_named_by_another_of_its_names_is_in_the_article():
    # The article says "Kyiv"; the title says "Ukraine": the same actor.
    assert "Ukraine" not in ARTICLE["text"]
    model_drafting.check_draft(answer("good"), article_text=ARTICLE["text"], published=PUBLISHED)


@pytest.mark.parametrize(
    "body",
    [
        "not json at all",
        '{"choices": []}',
        '{"choices": [{"message": {"content": "Sure! Here is a question."}}]}',
        '{"choices": [{"message": {"content": "[1, 2]"}}]}',
        '{"choices": [{"message": {"content": "{\\"title\\": \\"Will it?\\"}"}}]}',
    ],
)
def test_an_answer_that_is_not_the_json_asked_for_is_refused(body):
    with pytest.raises(model_drafting.Refused):
        model_drafting.read_answer(body)


def test_the_request_carries_the_versioned_prompt_the_claim_and_the_schema():
    long_text = "Filler sentence about other things. " * 400 + ARTICLE["text"]
    chat = model_drafting.messages(
        article_title=ARTICLE["title"],
        article_text=long_text,
        published=PUBLISHED,
        claim=ANSWERS["claim"],
        rules_title="Will analysts change by 30 June 2027?",
    )
    system, user = chat
    assert system["role"] == "system"
    assert "yes/no question" in system["content"]
    assert "$" not in user["content"]  # every placeholder filled
    assert not system["content"].startswith("#")  # the file's comments left out
    assert ANSWERS["claim"] in user["content"]
    assert len(user["content"]) < model_drafting.ARTICLE_CHARS + 1000  # a long article is cut around the claim
    assert "Published: 2026-12-02" in user["content"]
    body = model_drafting.request_body(model="stand-in-7b", chat=chat)
    assert b'"json_schema"' in body
    assert b'"close_date"' in body
    assert model_drafting.drafter_name("stand-in-7b") == "model stand-in-7b (prompt v1)"


# --- the service, against the stand-in server --------------------------------------------------------------------


@pytest.fixture
def stand_in(settings):
    with model_server() as server:
        settings.SIGNPOST_DRAFTER_URL = server.url
        settings.SIGNPOST_DRAFTER_MODEL = "stand-in-7b"
        settings.SIGNPOST_DRAFTER_API_KEY = "test-key"
        settings.SIGNPOST_DRAFTER_TIMEOUT = 5.0
        settings.SIGNPOST_DRAFTER_CONCURRENCY = 2
        cache.clear()
        yield server
        cache.clear()


@pytest.fixture
def claim(db):
    team = TeamFactory(slug="korea-desk")
    _, suggestions = article_import(
        title=ARTICLE["title"],
        content=ARTICLE["text"],
        published_at=datetime.combine(PUBLISHED, datetime.min.time(), tzinfo=UTC),
        team=team,
    )
    found = [suggestion for suggestion in suggestions if "this stance" in suggestion.quote]
    assert found, [suggestion.quote for suggestion in suggestions]
    return found[0]


def test_a_good_answer_replaces_the_rules_draft_and_says_who_wrote_it(stand_in, claim):
    assert claim.drafter == "rules"
    assert claim.flags  # the rules could not name what "this stance" is
    stand_in.answer("good")

    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "drafted"

    claim.refresh_from_db()
    assert claim.title == "Will South Korea send weapons to Ukraine by 30 June 2027?"
    assert claim.deadline == date(2027, 6, 30)
    assert claim.actors == ["South Korea"]
    assert claim.flags == []
    assert claim.confidence > 0.5
    assert claim.drafter == "model stand-in-7b (prompt v1)"
    assert "by the end of June 2027" in claim.model_outcome
    path, headers, body = stand_in.requests[0]
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer test-key"
    assert body["model"] == "stand-in-7b"
    assert body["response_format"]["json_schema"]["schema"] == model_drafting.ANSWER_SCHEMA
    assert claim.quote in body["messages"][1]["content"]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("invented_name", "'Poland'"),
        ("past_date", "not after publication"),
        ("wrong_date", "is not what"),
        ("hedge", "hedge"),
        ("attribution", "attribution"),
        ("not_json", "not the JSON asked for"),
    ],
)
def test_a_bad_answer_keeps_the_rules_draft_flagged_with_the_reason(stand_in, claim, name, why):
    before = (claim.title, claim.deadline, claim.criteria)
    stand_in.answer(name)

    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "kept"

    claim.refresh_from_db()
    assert (claim.title, claim.deadline, claim.criteria) == before
    assert claim.drafter == "rules"
    assert why in claim.flags[-1]
    assert "this is the rules' draft" in claim.flags[-1]
    assert claim.confidence < 0.5  # flagged drafts rank below unflagged ones
    assert claim.model_outcome.startswith("kept the rules' draft")


def test_an_http_error_or_a_slow_answer_keeps_the_rules_draft(stand_in, claim, settings):
    settings.SIGNPOST_DRAFTER_TIMEOUT = 0.5
    stand_in.replies.append(Reply(content="{}", delay=3.0))
    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "kept"
    claim.refresh_from_db()
    assert "No response within 0.5 s" in claim.flags[-1]

    other = ClaimSuggestion.objects.exclude(pk=claim.pk).filter(state="proposed").first()
    if other is not None:
        stand_in.replies.append(Reply(status=500))
        assert suggestion_draft_with_model(suggestion_id=other.pk) == "kept"
        other.refresh_from_db()
        assert "HTTP 500" in other.flags[-1]


def test_a_claim_is_sent_once_however_often_its_task_runs(stand_in, claim):
    stand_in.answer("good")
    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "drafted"
    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "skipped"
    assert len(stand_in.requests) == 1


def test_a_claim_a_curator_decided_is_never_sent(stand_in, claim):
    ClaimSuggestion.objects.filter(pk=claim.pk).update(state=ClaimSuggestion.State.REJECTED)
    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "skipped"
    assert stand_in.requests == []


def test_every_slot_taken_means_busy_and_the_claim_is_left_for_a_retry(stand_in, claim, settings):
    settings.SIGNPOST_DRAFTER_CONCURRENCY = 1
    cache.add(SLOT_KEY.format(index=0), 1, timeout=60)  # another call holds the only slot

    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "busy"
    assert stand_in.requests == []
    claim.refresh_from_db()
    assert (claim.model_lease_until, claim.model_outcome) == (None, "")

    cache.delete(SLOT_KEY.format(index=0))
    stand_in.answer("good")
    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "drafted"

    suggestion_give_up_on_model(suggestion_id=claim.pk, reason="every drafter slot stayed busy")
    claim.refresh_from_db()
    assert claim.model_outcome.startswith("drafted")  # giving up never overwrites an outcome


def test_off_by_default_nothing_is_sent(settings, claim):
    settings.SIGNPOST_DRAFTER_URL = ""
    assert suggestion_draft_with_model(suggestion_id=claim.pk) == "skipped"
    claim.refresh_from_db()
    assert (claim.drafter, claim.model_outcome) == ("rules", "")


def test_an_imported_article_queues_its_claims_for_the_model(
    stand_in, db, celery_eager, django_capture_on_commit_callbacks
):
    stand_in.answer("good")
    stand_in.replies.extend(Reply(content="not json") for _ in range(5))
    with django_capture_on_commit_callbacks(execute=True):
        _, suggestions = article_import(
            title=ARTICLE["title"],
            content=ARTICLE["text"],
            published_at=datetime.combine(PUBLISHED, datetime.min.time(), tzinfo=UTC),
            team=TeamFactory(slug="desk-two"),
        )
    proposed = [suggestion for suggestion in suggestions if suggestion.state == ClaimSuggestion.State.PROPOSED]
    assert len(stand_in.requests) == len(proposed) >= 1
    assert all(row.model_outcome for row in ClaimSuggestion.objects.filter(pk__in=[s.pk for s in proposed]))


def test_names_are_found_however_the_article_spells_the_actor():
    text = "The European Union's foreign ministers met in Brussels. They agreed to review sanctions by March 2027."
    good = answer("good") | {
        "title": "Will the EU adopt new sanctions on North Korea by 31 March 2027?",
        "actor": "EU",
        "close_date": "2027-03-31",
        "time_phrase": "by March 2027",
    }
    with pytest.raises(model_drafting.Refused, match="'North Korea'"):
        model_drafting.check_draft(good, article_text=text, published=PUBLISHED)
    draft = model_drafting.check_draft(
        good, article_text=text.replace("review sanctions", "review sanctions on Pyongyang"), published=PUBLISHED
    )
    assert draft.actor == "EU"
