"""REST API v1, endpoint by endpoint: what each returns, what it refuses, and in which shape."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forecasts.models import Forecast
from forecasts.services.forecasting import forecast_submit
from tests.api_world import client_for
from tests.factories import UserFactory, make_question
from tracker.models import ApiToken, Evidence, Membership, Notification, Question, Webhook
from tracker.notifications.services.notifications import notification_send

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def errors(response) -> dict:
    body = response.json()
    assert set(body) == {"errors"}, body
    return {error["field"]: error["message"] for error in body["errors"]}


# --- tokens -----------------------------------------------------------------------------------------------------


def test_a_token_is_shown_once_stored_hashed_scoped_and_revocable(world):
    session = client_for(None)
    session.force_authenticate(world.forecaster)
    created = session.post(f"{V1}/tokens/", {"name": "my bot", "scope": "read"})
    assert created.status_code == 201
    raw = created.json()["token"]
    assert raw.startswith("sp_")
    assert created.json()["prefix"] == raw[:10]
    stored = ApiToken.objects.get(pk=created.json()["id"])
    assert raw not in (stored.token_hash, stored.prefix)
    assert len(stored.token_hash) == 64
    listed = session.get(f"{V1}/tokens/").json()["results"]
    assert "token" not in listed[0]
    assert listed[0]["name"] == "my bot"

    bot = client_for(None)
    bot.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert bot.get(f"{V1}/forecasts/mine/").status_code == 200
    refused = bot.post(f"{V1}/questions/{world.public.pk}/forecasts/", {"probability": 0.4})
    assert refused.status_code == 403
    assert "read-only" in errors(refused)[None]
    assert session.delete(f"{V1}/tokens/{stored.pk}/").status_code == 204
    assert bot.get(f"{V1}/forecasts/mine/").status_code == 401
    assert client_for(None).get(f"{V1}/questions/?token={raw}").status_code == 200  # a URL token means nothing


def test_bad_tokens_are_401_with_a_bearer_challenge(world):
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION="Bearer sp_not-a-real-token")
    response = client.get(f"{V1}/questions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert errors(response)[None].startswith("The token is unknown")


def test_token_names_are_required(world, as_user):
    response = as_user(world.forecaster).post(f"{V1}/tokens/", {"name": " "})
    assert response.status_code == 400
    assert "name" in errors(response)


# --- questions --------------------------------------------------------------------------------------------------


def test_question_list_filters_orders_and_searches(world, as_user):
    client = as_user(world.forecaster)
    slugs = lambda response: [row["slug"] for row in response.json()["results"]]  # noqa: E731
    everything = client.get(f"{V1}/questions/")
    assert everything.status_code == 200
    assert everything.json()["count"] == 4
    assert slugs(client.get(f"{V1}/questions/?status=resolved")) == [world.resolved.slug]
    assert slugs(client.get(f"{V1}/questions/?type=multiple_choice")) == [world.multiple.slug]
    assert slugs(client.get(f"{V1}/questions/?search=private matter")) == [world.private.slug]
    ordered = slugs(client.get(f"{V1}/questions/?ordering=resolve_by"))
    resolve_by = dict(Question.objects.values_list("slug", "resolve_by"))
    assert [resolve_by[slug] for slug in ordered] == sorted(resolve_by[slug] for slug in ordered)
    later = (world.multiple.resolve_by - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert slugs(client.get(f"{V1}/questions/", {"resolve_by_after": later})) == [world.multiple.slug]
    assert world.multiple.slug not in slugs(client.get(f"{V1}/questions/", {"resolve_by_before": later}))
    assert client.get(f"{V1}/questions/?team=elsewhere").json()["count"] == 0
    bad = client.get(f"{V1}/questions/?ordering=password&status=maybe")
    assert bad.status_code == 400
    assert "status" in errors(bad)
    assert errors(client.get(f"{V1}/questions/?resolve_by_before=yesterday"))["resolve_by_before"]


def test_counts_are_exact_up_to_the_limit_then_estimated_and_next_is_always_exact(world, as_user, monkeypatch):
    from django.db import connection

    import tracker.lib.pagination as pagination

    client = as_user(world.forecaster)
    exact = client.get(f"{V1}/questions/?page_size=3").json()
    assert (exact["count"], exact["count_is_estimate"]) == (4, False)
    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 2)
    first = client.get(f"{V1}/questions/?page_size=3").json()
    if connection.vendor == "postgresql":
        assert first["count_is_estimate"] is True
        assert first["count"] >= 3
    else:
        assert (first["count"], first["count_is_estimate"]) == (4, False)
    assert len(first["results"]) == 3
    assert first["next"] is not None
    last = client.get(f"{V1}/questions/?page_size=3&page=2").json()
    assert len(last["results"]) == 1
    assert last["next"] is None  # read one row past the page, not the count
    assert client.get(f"{V1}/questions/?page_size=3&page=3").status_code == 404
    if connection.vendor == "postgresql":
        # An estimate short of the real count still serves every page that has rows.
        monkeypatch.setattr(pagination.BoundedCountPaginator, "count", 3)
        monkeypatch.setattr(pagination.BoundedCountPaginator, "count_is_estimate", True)
        assert len(client.get(f"{V1}/questions/?page_size=1&page=4").json()["results"]) == 1


@pytest.mark.parametrize("deferred_from", [1, 1000])
@pytest.mark.parametrize("ordering", ["", "&ordering=title", "&ordering=-scheduled_close_at"])
def test_deep_pages_picked_by_id_first_hold_the_order_of_one_long_page(
    world, as_user, monkeypatch, ordering, deferred_from
):
    import tracker.lib.pagination as pagination

    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", deferred_from)  # 1: every page after the first
    client = as_user(world.forecaster)
    whole = [row["id"] for row in client.get(f"{V1}/questions/?page_size=200{ordering}").json()["results"]]
    paged = [
        row["id"]
        for page in range(1, len(whole) + 1)
        for row in client.get(f"{V1}/questions/?page_size=1&page={page}{ordering}").json()["results"]
    ]
    assert len(whole) == 4
    assert paged == whole


def test_question_detail_has_options_origin_evidence_count_and_my_forecast(world, as_user):
    forecast_submit(user=world.forecaster, question=world.multiple, probabilities=[0.3, 0.7])
    detail = as_user(world.forecaster).get(f"{V1}/questions/{world.multiple.pk}/").json()
    assert [option["label"] for option in detail["options"]] == ["Low", "High"]
    assert detail["my_forecast"]["probabilities"] == [0.3, 0.7]
    assert detail["evidence_count"] == 0
    assert detail["origin"] is None
    assert detail["opens_at"].endswith("Z")  # ISO-8601 UTC


def test_curators_create_update_and_resolve_questions(world, as_user):
    curator = as_user(world.curator)
    now = timezone.now()
    payload = {
        "title": "Will Seoul send observers to Ukraine by 2027-06-30?",
        "resolution_criteria": "YES if the Ministry of National Defense confirms it.",
        "opens_at": (now + timedelta(days=1)).isoformat(),
        "scheduled_close_at": (now + timedelta(days=60)).isoformat(),
        "resolve_by": (now + timedelta(days=70)).isoformat(),
        "team": "analysts",
        "tags": ["aid"],
        "hide_crowd_until_forecast": True,
    }
    created = curator.post(f"{V1}/questions/", payload)
    assert created.status_code == 201, created.json()
    question = Question.objects.get(pk=created.json()["id"])
    assert question.status == "draft"
    assert question.created_by == world.curator
    assert question.hide_crowd_until_forecast
    patched = curator.patch(f"{V1}/questions/{question.pk}/", {"title": "Will Seoul send military observers?"})
    assert patched.status_code == 200
    assert patched.json()["title"] == "Will Seoul send military observers?"
    backwards = curator.post(f"{V1}/questions/", {**payload, "resolve_by": payload["opens_at"]})
    assert backwards.status_code == 400
    assert "resolve_by" in errors(backwards)
    assert as_user(world.forecaster).post(f"{V1}/questions/", payload).status_code == 403

    resolved = curator.post(f"{V1}/questions/{world.public.pk}/resolve/", {"outcome": "no", "notes": "Not adopted."})
    assert resolved.status_code == 200
    assert resolved.json()["outcome"] == "No"
    again = curator.post(f"{V1}/questions/{world.public.pk}/resolve/", {"outcome": "yes"})
    assert again.status_code == 400
    assert "already resolved" in errors(again)["status"]
    assert curator.post(f"{V1}/questions/{world.public.pk}/unresolve/", {"reason": "Wrong"}).status_code == 200
    annulled = curator.post(f"{V1}/questions/{world.public.pk}/annul/", {"reason": "Premise failed"})
    assert annulled.status_code == 200
    assert annulled.json()["status"] == "annulled"
    assert curator.post(f"{V1}/questions/{world.public.pk}/annul/", {}).status_code == 400
    option = curator.post(f"{V1}/questions/{world.multiple.pk}/resolve/", {"outcome": "High"})
    assert option.status_code == 200
    assert option.json()["outcome"] == "High"


# --- evidence ---------------------------------------------------------------------------------------------------


def test_evidence_add_edit_own_and_delete_by_curators(world, as_user):
    forecaster, curator = as_user(world.forecaster), as_user(world.curator)
    added = forecaster.post(
        f"{V1}/questions/{world.public.pk}/evidence/",
        {"title": "Council agrees", "url": "https://example.org/a", "stance": "supports_yes", "quote": "Agreed."},
    )
    assert added.status_code == 201
    assert added.json()["added_by"] == "finn"
    evidence_id = added.json()["id"]
    assert forecaster.get(f"{V1}/questions/{world.public.pk}/evidence/").json()["count"] == 1
    assert forecaster.patch(f"{V1}/evidence/{evidence_id}/", {"summary": "It agreed."}).status_code == 200
    assert Evidence.objects.get(pk=evidence_id).summary == "It agreed."
    someone = as_user(world.outsider)
    assert someone.patch(f"{V1}/evidence/{evidence_id}/", {"summary": "x"}).status_code == 403
    assert forecaster.delete(f"{V1}/evidence/{evidence_id}/").status_code == 403
    assert curator.delete(f"{V1}/evidence/{evidence_id}/").status_code == 204
    bad = forecaster.post(
        f"{V1}/questions/{world.public.pk}/evidence/", {"title": "x", "url": "ftp://x", "stance": "?"}
    )
    assert bad.status_code == 400
    assert {"url", "stance"} <= set(errors(bad))


# --- forecasts --------------------------------------------------------------------------------------------------


def test_submit_withdraw_history_and_clear_field_errors(world, as_user):
    client = as_user(world.forecaster)
    url = f"{V1}/questions/{world.public.pk}/forecasts/"
    created = client.post(url, {"probability": 0.35, "rationale": "Base rate."})
    assert created.status_code == 201
    assert created.json()["probability"] == 0.35
    bad = client.post(url, {"probability": 1.5})
    assert bad.status_code == 400
    assert "probability" in errors(bad)
    text = client.post(url, {"probability": "lots"})
    assert text.status_code == 400
    assert "probability" in errors(text)
    reaffirmed = client.post(f"{V1}/questions/{world.public.pk}/reaffirm/")
    assert reaffirmed.status_code == 201
    assert (reaffirmed.json()["probability"], reaffirmed.json()["rationale"]) == (0.35, "")
    assert client.post(f"{V1}/questions/{world.public.pk}/withdraw/").status_code == 201
    assert client.post(f"{V1}/questions/{world.public.pk}/withdraw/").status_code == 400
    nothing = client.post(f"{V1}/questions/{world.public.pk}/reaffirm/")
    assert nothing.status_code == 400
    assert "question" in errors(nothing)
    mine = client.get(f"{V1}/forecasts/mine/?question={world.public.pk}").json()["results"]
    assert [row["kind"] for row in mine] == ["withdrawal", "forecast", "forecast"]
    assert client_for(None).post(url, {"probability": 0.5}).status_code == 401  # not signed in
    assert Forecast.objects.filter(question=world.public).count() == 3


def test_an_idempotency_key_makes_a_retry_create_nothing(world, as_user):
    client = as_user(world.forecaster)
    url = f"{V1}/questions/{world.public.pk}/forecasts/"
    first = client.post(url, {"probability": 0.4}, HTTP_IDEMPOTENCY_KEY="retry-1")
    second = client.post(url, {"probability": 0.4}, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Forecast.objects.filter(question=world.public, user=world.forecaster).count() == 1
    reused = client.post(url, {"probability": 0.9}, HTTP_IDEMPOTENCY_KEY="retry-1")
    assert reused.status_code == 422
    assert "Idempotency-Key" in errors(reused)
    assert client.post(url, {"probability": 0.4}, HTTP_IDEMPOTENCY_KEY="retry-2").status_code == 201


def test_bulk_submit_is_all_or_nothing_with_per_item_errors(world, as_user):
    client = as_user(world.forecaster)
    bad = client.post(
        f"{V1}/forecasts/bulk/",
        {
            "forecasts": [
                {"question": world.public.pk, "probability": 0.3},
                {"question": world.multiple.pk, "probabilities": [0.5, 0.6]},
                {"question": 999999, "probability": 0.5},
            ]
        },
    )
    assert bad.status_code == 400
    found = errors(bad)
    assert "forecasts[1].probabilities" in found
    assert found["forecasts[2].question"] == "No such question."
    assert "forecasts[0].probability" not in found
    assert not Forecast.objects.filter(user=world.forecaster, question__in=[world.public, world.multiple]).exists()
    good = client.post(
        f"{V1}/forecasts/bulk/",
        {
            "forecasts": [
                {"question": world.public.pk, "probability": 0.3},
                {"question": world.multiple.pk, "probabilities": [0.25, 0.75], "rationale": "Momentum."},
            ]
        },
    )
    assert good.status_code == 201
    assert [row["question"] for row in good.json()] == [
        world.public.slug,
        world.multiple.slug,
    ]
    assert client.post(f"{V1}/forecasts/bulk/", {"forecasts": []}).status_code == 400


def test_a_question_forecast_history_shows_others_only_once_closed(world, as_user):
    """On an open question: your own forecasts, your teammates' (once the crowd is open to you) and forecasts
    shared with everyone; everyone's once it has closed."""
    forecast_submit(user=world.outsider, question=world.public, probability=0.6, share="private")
    forecast_submit(user=world.forecaster, question=world.public, probability=0.2)
    open_history = as_user(world.forecaster).get(f"{V1}/questions/{world.public.pk}/forecasts/").json()["results"]
    assert [row["user"] for row in open_history] == ["finn"]
    assert len(as_user(world.curator).get(f"{V1}/questions/{world.public.pk}/forecasts/").json()["results"]) == 2
    # A teammate of finn's (in the team, not curating it) sees finn's forecast; otto's stays otto's.
    teammate = UserFactory(username="tess")
    Membership.objects.create(team=world.team, user=teammate)
    as_teammate = as_user(teammate).get(f"{V1}/questions/{world.public.pk}/forecasts/").json()["results"]
    assert [row["user"] for row in as_teammate] == ["finn"]
    # Shared with everyone: readable by anyone who may see the question.
    forecast_submit(user=world.outsider, question=world.public, probability=0.7, rationale="Shared.", share="public")
    anonymous = as_user(None).get(f"{V1}/questions/{world.public.pk}/forecasts/").json()["results"]
    assert [(row["user"], row["probability"]) for row in anonymous] == [("otto", 0.7)]
    closed = as_user(world.outsider).get(f"{V1}/questions/{world.resolved.pk}/forecasts/").json()["results"]
    assert [row["user"] for row in closed] == ["finn"]


# --- community forecast and the hidden crowd --------------------------------------------------------------------


def test_community_series_downsamples_and_picks_the_method(world, as_user):
    from forecasts.services.catch_up import engine_catch_up
    from tests.factories import UserFactory

    for n in range(6):
        forecast_submit(user=UserFactory(), question=world.public, probability=0.1 + 0.1 * n)
    engine_catch_up(question_ids=[world.public.pk])
    client = as_user(world.forecaster)
    full = client.get(f"{V1}/questions/{world.public.pk}/community/?method=mean&points=100").json()
    assert len(full["points"]) == 6
    assert full["points"][-1]["probability"] == pytest.approx(0.35)
    few = client.get(f"{V1}/questions/{world.public.pk}/community/?points=3").json()["points"]
    assert len(few) == 3
    assert few[0]["at"] == full["points"][0]["at"]
    assert few[-1]["at"] == full["points"][-1]["at"]
    assert client.get(f"{V1}/questions/{world.public.pk}/community/?method=vibes").status_code == 400
    assert client.get(f"{V1}/questions/{world.public.pk}/community/?points=0").status_code == 400


def test_hide_the_crowd_until_you_forecast_everywhere(world, as_user):
    from forecasts.services.catch_up import engine_catch_up
    from tests.factories import UserFactory

    question = make_question(team=world.team, title="Hidden crowd?")
    Question.objects.filter(pk=question.pk).update(hide_crowd_until_forecast=True)
    question.refresh_from_db()
    forecast_submit(user=UserFactory(), question=question, probability=0.9)
    engine_catch_up(question_ids=[question.pk])
    client = as_user(world.forecaster)
    row = next(r for r in client.get(f"{V1}/questions/").json()["results"] if r["id"] == question.pk)
    assert row["crowd_hidden"] is True
    assert row["community_forecast"] is None
    detail = client.get(f"{V1}/questions/{question.pk}/").json()
    assert detail["crowd_hidden"] is True
    assert detail["community_forecast"] is None
    assert client.get(f"{V1}/questions/{question.pk}/community/").status_code == 403
    export = client.get(f"{V1}/export/").json()
    # The question is listed (its title is on every list anyway) but nobody else's forecast on it is.
    assert not [row for row in export["forecasts"] if row["question"] == question.slug]
    curator_view = as_user(world.curator).get(f"{V1}/questions/{question.pk}/").json()
    assert curator_view["community_forecast"]["probability"] == pytest.approx(0.9)
    forecast_submit(user=world.forecaster, question=question, probability=0.5)
    engine_catch_up(question_ids=[question.pk])
    shown = client.get(f"{V1}/questions/{question.pk}/").json()
    assert shown["crowd_hidden"] is False
    assert shown["community_forecast"]["forecaster_count"] == 2
    assert client.get(f"{V1}/questions/{question.pk}/community/").status_code == 200


# --- scores, leaderboards, calibration, export ------------------------------------------------------------------


def test_scores_leaderboards_and_calibration(world, as_user):
    client = as_user(world.forecaster)
    scores = client.get(f"{V1}/scores/?question={world.resolved.pk}&rule=final_brier").json()["results"]
    by_user = {row["user"]: row["value"] for row in scores}
    assert by_user["finn"] == pytest.approx(2 * 0.2**2)  # two-sided Brier of 0.8 on a yes
    assert client.get(f"{V1}/scores/?user=crowd&rule=peer").json()["count"] == 1
    board = client.get(f"{V1}/leaderboards/?rule=peer&team=analysts").json()
    assert board["questions"] == 1
    assert {row["name"] for row in board["rows"]} >= {"Finn"}
    relative = client.get(f"{V1}/leaderboards/?rule=relative_brier").json()
    assert relative["rule"] == "relative_brier"
    assert client.get(f"{V1}/leaderboards/?rule=elo").status_code == 400
    calibration = client.get(f"{V1}/calibration/").json()
    assert calibration["predictions"] == 1
    assert sum(b["count"] for b in calibration["bins"]) == 1
    assert client_for(None).get(f"{V1}/calibration/").status_code == 400
    assert client_for(None).get(f"{V1}/calibration/?user=finn").json()["questions"] == 1


def test_export_json_in_the_interchange_format_and_csv(world, as_user):
    client = as_user(world.forecaster)
    document = client.get(f"{V1}/export/").json()
    assert {"questions", "forecasts"} <= set(document)
    resolved = next(q for q in document["questions"] if q["id"] == world.resolved.slug)
    assert resolved["resolution"] == "yes"
    csv_response = client.get(f"{V1}/export/?format=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode().splitlines()
    assert lines[0] == "question,user,at,probability,probabilities,withdrawn_at"
    assert any(line.startswith(f"{world.resolved.slug},finn,") for line in lines)
    anonymous = client_for(None).get(f"{V1}/export/").json()
    assert world.private.slug not in json.dumps(anonymous)


# --- notifications, webhooks ------------------------------------------------------------------------------------


def test_notifications_list_mark_read_and_preferences(world, as_user):
    client = as_user(world.forecaster)
    Notification.objects.filter(recipient=world.forecaster).delete()  # the world's resolution told them already
    for n in range(2):
        notification_send(
            recipient=world.forecaster, kind="resolved", subject=f"q:{n}", window="w", title=f"T{n}", body="b"
        )
    listed = client.get(f"{V1}/notifications/").json()
    assert listed["count"] == 2
    assert listed["unread_count"] == 2
    first = listed["results"][0]["id"]
    assert client.post(f"{V1}/notifications/read/", {"ids": [first]}).json() == {"marked": 1}
    assert client.get(f"{V1}/notifications/?unread=true").json()["count"] == 1
    assert client.post(f"{V1}/notifications/read/", {}).json() == {"marked": 1}
    preferences = client.get(f"{V1}/notifications/preferences/").json()
    assert {row["kind"] for row in preferences} == set(Notification.Kind.values)
    saved = client.put(
        f"{V1}/notifications/preferences/", [{"kind": "closing_soon", "in_app": False, "email": "immediate"}]
    )
    assert {"kind": "closing_soon", "in_app": False, "email": "immediate", "slack": True} in saved.json()
    bad = client.put(f"{V1}/notifications/preferences/", [{"kind": "closing_soon", "in_app": True, "email": "fax"}])
    assert bad.status_code == 400
    assert "[0].email" in errors(bad)


def test_team_admins_manage_webhooks_through_the_api(world, as_user):
    from tests.factories import member
    from tracker.models import Membership

    admin = member(world.team, Membership.Role.ADMIN, username="ada")
    client = as_user(admin)
    created = client.post(
        f"{V1}/webhooks/", {"team": "analysts", "url": "https://hooks.example.org/in", "events": ["question.resolved"]}
    )
    assert created.status_code == 201
    assert created.json()["secret"].startswith("whsec_")
    webhook_id = created.json()["webhook"]["id"]
    assert client.patch(f"{V1}/webhooks/{webhook_id}/", {"events": ["score.computed"]}).json()["events"] == [
        "score.computed"
    ]
    rotated = client.post(f"{V1}/webhooks/{webhook_id}/rotate-secret/").json()
    assert rotated["secret"] != created.json()["secret"]
    assert rotated["previous_secret_expires_at"]
    test_event = client.post(f"{V1}/webhooks/{webhook_id}/test/")
    assert test_event.status_code == 202
    assert test_event.json()["event"] == "webhook.test"
    assert client.get(f"{V1}/webhooks/{webhook_id}/deliveries/").json()["count"] == 1
    bad = client.post(f"{V1}/webhooks/", {"team": "analysts", "url": "file:///etc/passwd"})
    assert bad.status_code == 400
    assert "url" in errors(bad)
    # A curator is not a team admin; another team's admin cannot see it at all.
    assert (
        as_user(world.curator).post(f"{V1}/webhooks/", {"team": "analysts", "url": "https://x.org"}).status_code == 400
    )
    assert as_user(world.outsider).get(f"{V1}/webhooks/{webhook_id}/").status_code == 404
    assert client.delete(f"{V1}/webhooks/{webhook_id}/").status_code == 204
    assert not Webhook.objects.exists()


# --- conventions ------------------------------------------------------------------------------------------------


def test_etags_and_if_none_match(world, as_user):
    client = as_user(world.forecaster)
    for url in (f"{V1}/questions/", f"{V1}/questions/{world.public.pk}/"):
        first = client.get(url)
        assert first.status_code == 200
        assert first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""


def test_page_size_is_bounded_as_the_schema_says(world, as_user):
    client = as_user(world.forecaster)
    for size in ("100000", "0", "-1", "ten", ""):
        response = client.get(f"{V1}/questions/?page_size={size}")
        assert response.status_code == 400, size
        assert errors(response)["page_size"], size
    assert len(client.get(f"{V1}/questions/?page_size=200").json()["results"]) == 4
    assert client.get(f"{V1}/questions/?page=99").status_code == 404
    # An empty, zero, negative or non-numeric page was quietly page 1 or a 404 (issue #27, 7).
    for page in ("", "0", "-1", "abc", "last", "true"):
        response = client.get(f"{V1}/questions/?page={page}")
        assert response.status_code == 400, page
        assert errors(response)["page"], page
    for size in ("true", "", "0", "201"):
        response = client.get(f"{V1}/questions/{world.public.pk}/comments/?page_size={size}")
        assert response.status_code == 400, size
        assert errors(response)["page_size"], size


def test_question_texts_are_bounded_and_a_longer_one_is_a_400_naming_the_field(world, as_user):
    from tracker.questions.models import QUESTION_TEXT_MAX_CHARACTERS

    client = as_user(world.curator)
    body = {
        "title": "Will the long criteria question be accepted?",
        "resolution_criteria": "x" * (QUESTION_TEXT_MAX_CHARACTERS + 1),
        "team": world.team.slug,
        "opens_at": "2030-01-01T00:00:00Z",
        "scheduled_close_at": "2030-06-01T00:00:00Z",
        "resolve_by": "2030-06-08T00:00:00Z",
    }
    before = Question.objects.count()
    response = client.post(f"{V1}/questions/", body, format="json")
    assert response.status_code == 400
    assert "resolution_criteria" in errors(response)
    assert Question.objects.count() == before


def test_throttling_answers_429_with_retry_after(world):
    from tests.api_world import set_throttle_rates

    set_throttle_rates({"anon": "2/minute", "user": "5/minute"})
    client = client_for(None)
    statuses = [client.get(f"{V1}/scenarios/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.get(f"{V1}/scenarios/")
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in errors(limited)[None].lower()
    signed_in = client_for(world.forecaster)
    assert [signed_in.get(f"{V1}/scenarios/").status_code for _ in range(6)] == [200] * 5 + [429]


def test_throttling_fails_open_when_the_cache_is_down(world, settings):
    from tests.api_world import set_throttle_rates

    set_throttle_rates({"anon": "2/minute", "user": "5/minute"})
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    client = client_for(None)
    assert [client.get(f"{V1}/scenarios/").status_code for _ in range(4)] == [200] * 4


def test_list_pages_cost_the_same_queries_for_5_and_50_rows(world, as_user):
    client = as_user(world.forecaster)

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            question = make_question(team=world.team, title=f"Query count {n}?", tags=["counted"])
            forecast_submit(user=world.forecaster, question=question, probability=0.5)

    def measure(expected_rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{V1}/questions/?tag=counted&page_size=200")
        assert len(response.json()["results"]) == expected_rows
        return len(queries)

    client.get(f"{V1}/scenarios/")  # the token's first use records last_used_at; not part of the page
    add(5, 0)
    five = measure(5)
    add(45, 5)
    assert measure(50) == five


def test_create_api_token_command_prints_a_working_token_once(world, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("create_api_token", "finn", "--scope", "write", "--name", "cli")
    raw = capsys.readouterr().out.strip()
    client = client_for(None)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.post(f"{V1}/questions/{world.public.pk}/forecasts/", {"probability": 0.5}).status_code == 201
    assert ApiToken.objects.get(user=world.forecaster, name="cli").scope == "write"
    with pytest.raises(CommandError, match="No active user named 'nobody'"):
        call_command("create_api_token", "nobody")


def test_the_hand_written_rows_equal_what_drf_would_render(world, as_user):
    """QuestionSerializer writes its rows by hand for speed; DRF's own rendering of the declared fields must
    give the same keys, order and values (list and detail, with and without a community forecast)."""
    from rest_framework import serializers as drf

    from forecasts.api.questions import question_context
    from forecasts.api.serializers.questions import QuestionDetailSerializer, QuestionSerializer
    from forecasts.services.catch_up import engine_catch_up
    from tracker.models import Scenario

    Question.objects.filter(pk=world.public.pk).update(scenario=Scenario.objects.create(slug="story", title="Story"))
    forecast_submit(user=world.forecaster, question=world.public, probability=0.3)
    engine_catch_up()
    request = as_user(world.forecaster).get(f"{V1}/questions/").wsgi_request
    from rest_framework.request import Request

    request = Request(request)
    request.user = world.forecaster
    questions = list(Question.objects.all())
    for question in questions:
        question.evidence_count = 0
    context = question_context(request, questions)
    context["my_forecast"] = None
    for serializer_class in (QuestionSerializer, QuestionDetailSerializer):
        for question in questions:
            serializer = serializer_class(question, context=context)
            fast = serializer.to_representation(question)
            standard = drf.ModelSerializer.to_representation(serializer, question)
            assert list(fast) == list(standard), (serializer_class, question.slug)
            assert fast == dict(standard), (serializer_class, question.slug)


def test_propose_approve_and_clarify_through_the_api(world, as_user):
    forecaster, curator = as_user(world.forecaster), as_user(world.curator)
    proposed = forecaster.post(
        f"{V1}/questions/{world.public.pk}/proposals/",
        {"outcome": "yes", "evidence_url": "https://example.org/report", "note": "Adopted today."},
    )
    assert proposed.status_code == 201
    assert proposed.json()["state"] == "pending"
    bad = forecaster.post(f"{V1}/questions/{world.public.pk}/proposals/", {"outcome": "maybe", "evidence_url": "x"})
    assert bad.status_code == 400
    assert {"outcome"} <= set(errors(bad))
    clarified = curator.post(f"{V1}/questions/{world.public.pk}/clarifications/", {"text": "UTC dates."})
    assert clarified.status_code == 201
    assert [
        c["text"] for c in forecaster.get(f"{V1}/questions/{world.public.pk}/clarifications/").json()["results"]
    ] == ["UTC dates."]
    approved = curator.post(f"{V1}/proposals/{proposed.json()['id']}/approve/", {"notes": "Two wires."})
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"
    assert forecaster.get(f"{V1}/questions/{world.public.pk}/").json()["outcome"] == "Yes"
    again = curator.post(f"{V1}/proposals/{proposed.json()['id']}/reject/", {"reason": "No"})
    assert again.status_code == 400
    assert "already approved" in errors(again)["state"]


def test_editing_an_open_questions_wording_needs_a_clarification_in_the_api_too(world):
    from tracker.models import Clarification

    forecast_submit(user=world.forecaster, question=world.public, probability=0.4)
    curator = client_for(world.curator)
    path = f"{V1}/questions/{world.public.pk}/"
    refused = curator.patch(path, {"resolution_criteria": "YES only if two sources confirm."}, format="json")
    assert refused.status_code == 400
    assert "clarification" in errors(refused)
    world.public.refresh_from_db()
    assert "two sources" not in world.public.resolution_criteria
    body = {"resolution_criteria": "YES only if two sources confirm.", "clarification": "Two sources now."}
    assert curator.patch(path, body, format="json").status_code == 200
    assert Clarification.objects.get(question=world.public).text == "Two sources now."
    assert Notification.objects.filter(recipient=world.forecaster, kind="clarification").exists()
    # Settings that are not wording or dates change without one.
    assert curator.patch(path, {"hide_crowd_until_forecast": True}, format="json").status_code == 200


def test_a_list_row_read_as_values_says_what_the_detail_says(world, as_user):
    """The list renders rows read as values (ListedQuestion), the detail a Question instance: for every state a row can
    be in (resolved binary, resolved multiple choice, annulled, open with a scenario, tags and evidence), the list's
    row equals the detail's fields of the same name."""
    from forecasts.services.catch_up import engine_catch_up
    from tracker.models import Option, Scenario, Tag
    from tracker.questions.services.lifecycle import question_annul, question_resolve

    scenario = Scenario.objects.create(slug="story", title="Story")
    Question.objects.filter(pk=world.public.pk).update(scenario=scenario)
    # Tags are listed by name, as Tag orders them; slugs and ids run the other way on purpose.
    zulu, alpha = Tag.objects.create(slug="a-zulu", name="Zulu"), Tag.objects.create(slug="z-alpha", name="Alpha")
    world.public.tags.add(zulu, alpha)
    for n in range(2):
        Evidence.objects.create(question=world.public, url=f"https://example.org/{n}", title=f"Report {n}")
    forecast_submit(user=world.forecaster, question=world.public, probability=0.3)
    forecast_submit(user=world.forecaster, question=world.multiple, probabilities=[0.2, 0.8])
    high = Option.objects.get(question=world.multiple, label="High")
    question_resolve(question=world.multiple, outcome=high, resolved_by=world.curator)
    annulled = make_question(team=world.team, title="Will the premise hold?")
    question_annul(question=annulled, annulled_by=world.curator, reason="The premise failed.")
    engine_catch_up()

    client = as_user(world.forecaster)
    rows = {row["id"]: row for row in client.get(f"{V1}/questions/?page_size=200").json()["results"]}
    checked = [world.public, world.private, world.resolved, world.multiple, annulled]
    for question in checked:
        detail = client.get(f"{V1}/questions/{question.pk}/").json()
        assert rows[question.pk] == {key: detail[key] for key in rows[question.pk]}, question.slug
    assert rows[world.public.pk]["tags"] == ["z-alpha", "a-zulu"]
    assert rows[world.public.pk]["scenario"] == "story"
    assert rows[world.public.pk]["evidence_count"] == 2
    assert rows[world.multiple.pk]["outcome"] == "High"
    assert rows[world.resolved.pk]["outcome"] == "Yes"
    assert rows[annulled.pk]["outcome"] == "annulled"
    assert rows[world.public.pk]["community_forecast"] is not None


def test_a_forecast_through_the_api_costs_a_pinned_number_of_queries(
    world, as_user, django_capture_on_commit_callbacks
):
    """The permission check before a forecast reads the question alone: the joins and prefetches of a page (tags,
    options, scenario, origin) were a third of a forecast request's time (bench/api.py)."""
    client = as_user(world.forecaster)
    client.get(f"{V1}/scenarios/")  # the token's first use records last_used_at; not part of the count
    path = f"{V1}/questions/{world.public.pk}/forecasts/"
    client.post(path, {"probability": 0.4}, format="json")  # the first forecast also makes its author follow
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks():
        response = client.post(path, {"probability": 0.45}, format="json")
    assert response.status_code == 201
    assert response.json()["probability"] == 0.45
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "tracker_question_tags" not in tables
    assert "tracker_option" not in tables
    # token, visibility check, savepoint, locked re-read, membership and team (how it is shared), latest forecast,
    # insert, follow, the team's webhooks, release; and the crowd's update in the same transaction (savepoint and
    # release, locked cursor, new rows, steps, standing rows, cursor, signposts): 11 + 9
    assert len(queries) == 20, [query["sql"][:80] for query in queries.captured_queries]
