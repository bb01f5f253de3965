"""The discussion API: cursor pagination in either order, posting (with a 429 and Retry-After when too fast),
editing, deleting, hiding, and the curators' export as JSON or CSV, all under the one rule of who reads what."""

import csv
import io

import pytest

from forecasts.models import Comment
from forecasts.services.discussion import comment_create, comment_hide
from tests.api_world import client_for

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def comments_url(world) -> str:
    return f"{V1}/questions/{world.public.pk}/comments/"


def test_list_pages_by_cursor_in_either_order(world, settings):
    settings.SIGNPOST_COMMENT_RATE_COUNT = 100
    made = [comment_create(author=world.forecaster, question=world.public, body=f"Note {n}.") for n in range(7)]
    client = client_for(world.outsider)
    first = client.get(comments_url(world), {"page_size": 3}).json()
    assert [row["id"] for row in first["results"]] == [c.pk for c in made[:3]]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == [c.pk for c in made[3:6]]
    newest = client.get(comments_url(world), {"order": "newest", "page_size": 2}).json()
    assert [row["id"] for row in newest["results"]] == [made[6].pk, made[5].pk]
    assert "count" not in first  # a cursor never counts


def test_post_edit_delete_through_the_api(world):
    client = client_for(world.forecaster)
    created = client.post(comments_url(world), {"body": "Hi **team**", "audience": "team"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["audience"] == "team"
    assert body["team"] == "analysts"
    assert "<strong>team</strong>" in body["body_html"]
    url = f"{comments_url(world)}{body['id']}/"
    assert client_for(world.outsider).get(url).status_code == 404
    edited = client.patch(url, {"body": "Hello team"}, format="json").json()
    assert edited["body"] == "Hello team"
    assert edited["edited_at"] is not None
    assert client.delete(url).status_code == 204
    gone = client.get(url).json()
    assert gone["state"] == "deleted"
    assert gone["body"] is None
    assert gone["body_html"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"body": "Hi", "audience": "everyone"}, "audience"),
        ({"body": "Hi", "evidence_ids": [999999]}, "evidence"),
        ({"body": "Hi", "parent": 999999}, None),
    ],
)
def test_bad_posts_are_a_400_or_404_naming_the_field_and_write_nothing(world, payload, field):
    response = client_for(world.forecaster).post(comments_url(world), payload, format="json")
    assert response.status_code == (404 if field is None else 400), response.content
    if field:
        assert any(error["field"].startswith(field) for error in response.json()["errors"]), response.json()
    assert not Comment.objects.exists()


def test_too_fast_is_a_429_with_retry_after(world, settings):
    settings.SIGNPOST_COMMENT_RATE_COUNT = 2
    client = client_for(world.forecaster)
    for n in range(2):
        assert client.post(comments_url(world), {"body": f"Quick {n}."}, format="json").status_code == 201
    refused = client.post(comments_url(world), {"body": "Too quick."}, format="json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "try again" in refused.json()["errors"][0]["message"]
    assert Comment.objects.count() == 2


def test_hidden_comments_show_the_reason_and_their_text_only_to_curators(world):
    comment = comment_create(author=world.forecaster, question=world.public, body="Rude remark.")
    comment_hide(curator=world.curator, comment=comment, reason="Be civil.")
    url = f"{comments_url(world)}{comment.pk}/"
    seen = client_for(world.outsider).get(url).json()
    assert seen["state"] == "hidden"
    assert seen["hidden_reason"] == "Be civil."
    assert seen["body"] is None
    assert client_for(world.curator).get(url).json()["body"] == "Rude remark."
    unhidden = client_for(world.curator).post(f"{url}unhide/").json()
    assert unhidden["state"] == "visible"


def test_curators_export_the_discussion_as_json_and_csv(world):
    comment_create(author=world.forecaster, question=world.public, body='=HYPERLINK("http://evil")')
    comment_create(author=world.forecaster, question=world.public, body="Team note.", audience="team")
    url = f"{comments_url(world)}export/"
    as_json = client_for(world.curator).get(url).json()
    assert [row["body"] for row in as_json["comments"]] == ['=HYPERLINK("http://evil")', "Team note."]
    response = client_for(world.curator).get(url, {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["audience"] for row in rows] == ["public", "team"]
    assert not rows[0]["body"].startswith("=")  # formula-looking cells are neutralised
    assert client_for(world.curator).get(url, {"format": "xml"}).status_code == 400
    assert client_for(world.outsider).get(url).status_code == 403


def test_vote_a_comment_useful_through_the_api(world):
    author = client_for(world.forecaster)
    created = author.post(comments_url(world), {"body": "A careful rationale."}, format="json").json()
    vote_url = f"{comments_url(world)}{created['id']}/vote/"
    voted = client_for(world.curator).post(vote_url, {"useful": True}, format="json")
    assert voted.status_code == 200
    assert voted.json() == {"useful": True, "useful_count": 1}
    listed = client_for(world.outsider).get(comments_url(world)).json()["results"]
    assert [row["useful_count"] for row in listed if row["id"] == created["id"]] == [1]
    own = author.post(vote_url, {"useful": True}, format="json")
    assert own.status_code == 400
    assert "Your own comment takes no vote from you." in own.content.decode()
    assert client_for(world.curator).post(vote_url, {"useful": "maybe"}, format="json").status_code == 400
    assert client_for(None).post(vote_url, {"useful": True}, format="json").status_code == 401
    team_only = author.post(comments_url(world), {"body": "Desk only.", "audience": "team"}, format="json").json()
    hidden_url = f"{comments_url(world)}{team_only['id']}/vote/"
    assert client_for(world.outsider).post(hidden_url, {"useful": True}, format="json").status_code == 404
