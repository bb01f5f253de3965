"""The discussion services and the one rule of who reads what: audiences, replies, edits, deletion, hiding, rate
limits, mentions and followers (exactly once, never to someone who cannot read), webhooks, forecasts in the thread,
key factors and the team panel."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from forecasts.models import Comment, Forecast, QuestionFollow
from forecasts.selectors.discussion import (
    Reader,
    comment_readers,
    comment_thread,
    key_factors,
    reader_of,
    team_panels,
)
from forecasts.services.discussion import (
    CommentRateLimited,
    comment_create,
    comment_delete,
    comment_edit,
    comment_hide,
    comment_unhide,
    comment_vote_set,
    question_follow_set,
)
from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Membership, Notification, Question, Webhook, WebhookDelivery
from tracker.questions.services.evidence import evidence_add
from tracker.webhooks.services.webhooks import webhook_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    """Team A (Korea desk) with a curator and two forecasters; team B with one member; a public question owned by
    A, a team-only question of A, evidence on the public one."""
    team, other = TeamFactory(slug="korea-desk", name="Korea desk"), TeamFactory(slug="other", name="Other desk")
    curator = member(team, Membership.Role.CURATOR, username="cura")
    alex = member(team, username="alex")
    bailey = member(team, username="bailey")
    outsider = member(other, username="otto")
    public = make_question(team=team, title="Will Seoul send air defence?")
    private = make_question(team=team, visibility="team", title="Will the desk's private matter hold?")
    report = evidence_add(question=public, title="Yonhap report", url="https://example.org/y", stance="supports_yes")
    return type("Desk", (), locals())


def ids(comments):
    return [comment.pk for comment in comments]


# --- posting ------------------------------------------------------------------------------------------------------


def test_a_public_comment_renders_markdown_and_cites_evidence(desk):
    comment = comment_create(author=desk.alex, question=desk.public, body="**Yes**: see", evidence_ids=[desk.report.pk])
    assert comment.audience == Comment.Audience.PUBLIC
    assert comment.team is None
    assert "<strong>Yes</strong>" in comment.body_html
    assert list(comment.cited_evidence.all()) == [desk.report]


def test_team_only_needs_a_team_of_the_author(desk):
    team_only = comment_create(author=desk.alex, question=desk.public, body="Between us.", audience="team")
    assert team_only.audience == "team"
    assert team_only.team == desk.team
    loner = UserFactory(username="loner")
    with pytest.raises(ValidationError) as error:
        comment_create(author=loner, question=desk.public, body="Hm.", audience="team")
    assert "audience" in error.value.message_dict
    Membership.objects.create(team=desk.other, user=desk.alex)
    with pytest.raises(ValidationError) as error:
        comment_create(author=desk.alex, question=desk.public, body="Which?", audience="team")
    assert "team" in error.value.message_dict
    with pytest.raises(ValidationError):
        comment_create(author=desk.bailey, question=desk.public, body="Theirs.", audience="team", team="other")
    chosen = comment_create(author=desk.alex, question=desk.public, body="Other.", audience="team", team="other")
    assert chosen.team == desk.other


def test_every_comment_on_a_team_question_is_the_teams(desk):
    comment = comment_create(author=desk.alex, question=desk.private, body="Ours.", audience="public")
    assert comment.audience == "team"
    assert comment.team == desk.team


def test_replies_are_one_level_and_stay_in_a_team_only_thread(desk):
    top = comment_create(author=desk.alex, question=desk.public, body="Team view.", audience="team")
    reply = comment_create(author=desk.bailey, question=desk.public, body="Agreed.", parent=top)
    assert reply.audience == "team"
    assert reply.team == desk.team
    assert reply.parent == top
    deeper = comment_create(author=desk.alex, question=desk.public, body="Reply to reply.", parent=reply)
    assert deeper.parent == top
    other_question = make_question(team=desk.team, title="Another?")
    with pytest.raises(ValidationError) as error:
        comment_create(author=desk.alex, question=other_question, body="Wrong thread.", parent=top)
    assert "parent" in error.value.message_dict


@pytest.mark.parametrize(
    ("body", "field"),
    [("", "body"), ("   \n\t ", "body"), (None, "body"), ("x" * 10_001, "body")],
)
def test_bad_bodies_are_refused_with_the_field_and_nothing_written(desk, body, field):
    with pytest.raises(ValidationError) as error:
        comment_create(author=desk.alex, question=desk.public, body=body)
    assert field in error.value.message_dict
    assert not Comment.objects.exists()
    assert not Notification.objects.exists()


def test_evidence_of_another_question_and_drafts_are_refused(desk):
    elsewhere = make_question(team=desk.team, title="Elsewhere?")
    foreign = evidence_add(question=elsewhere, title="Other report", url="https://example.org/o")
    with pytest.raises(ValidationError) as error:
        comment_create(author=desk.alex, question=desk.public, body="Cites.", evidence_ids=[foreign.pk])
    assert "evidence" in error.value.message_dict
    draft = make_question(team=desk.team, status=Question.Status.DRAFT, title="Draft?")
    with pytest.raises(ValidationError):
        comment_create(author=desk.curator, question=draft, body="Early.")
    with pytest.raises(PermissionDenied):
        comment_create(author=desk.outsider, question=desk.private, body="Let me in.")
    assert not Comment.objects.exists()


def test_posting_is_rate_limited_per_user_with_a_clear_message(desk, settings):
    settings.SIGNPOST_COMMENT_RATE_COUNT = 3
    settings.SIGNPOST_COMMENT_RATE_SECONDS = 300
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for n in range(3):
            comment_create(author=desk.alex, question=desk.public, body=f"Post {n}.")
            clock.shift(timedelta(seconds=10))
        with pytest.raises(CommentRateLimited) as error:
            comment_create(author=desk.alex, question=desk.public, body="One too many.")
        assert "try again in about" in error.value.message_dict["body"][0]
        assert 0 < error.value.retry_after <= 300
        comment_create(author=desk.bailey, question=desk.public, body="Someone else may.")
        clock.shift(timedelta(seconds=300))
        comment_create(author=desk.alex, question=desk.public, body="After the window.")
    assert Comment.objects.filter(author=desk.alex).count() == 4


def test_rationales_shared_into_the_thread_count_against_the_same_limit(desk, settings):
    """Sharing a rationale with each forecast posted to the thread without limit (issue #27, 7)."""
    settings.SIGNPOST_COMMENT_RATE_COUNT = 3
    settings.SIGNPOST_COMMENT_RATE_SECONDS = 300
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        comment_create(author=desk.alex, question=desk.public, body="A comment.")
        for n in range(2):
            forecast_submit(
                user=desk.alex, question=desk.public, probability=0.4, rationale=f"Why {n}.", share="public"
            )
        with pytest.raises(CommentRateLimited) as error:
            forecast_submit(user=desk.alex, question=desk.public, probability=0.5, rationale="Again.", share="team")
        assert "keep this rationale private" in error.value.message_dict["share"][0]
        assert Forecast.objects.filter(user=desk.alex).count() == 2  # nothing of the refused one was written
        with pytest.raises(CommentRateLimited):
            comment_create(author=desk.alex, question=desk.public, body="And a comment.")
        # Kept private, or without a rationale, a forecast is never held back: it reaches nobody's thread.
        forecast_submit(user=desk.alex, question=desk.public, probability=0.5, rationale="Mine.", share="private")
        forecast_submit(user=desk.alex, question=desk.public, probability=0.55)
    assert Forecast.objects.filter(user=desk.alex).count() == 4


def test_a_shared_rationale_over_the_limit_is_a_429_in_the_api(desk, settings):
    from rest_framework.test import APIClient

    settings.SIGNPOST_COMMENT_RATE_COUNT = 1
    api = APIClient()
    api.force_authenticate(desk.alex)
    body = {"probability": 0.4, "rationale": "Because.", "share": "public"}
    assert api.post(f"/api/v1/questions/{desk.public.pk}/forecasts/", body, format="json").status_code == 201
    refused = api.post(f"/api/v1/questions/{desk.public.pk}/forecasts/", body, format="json")
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["field"] == "share"
    assert int(refused["Retry-After"]) > 0


# --- edit, delete, hide ---------------------------------------------------------------------------------------


def test_edit_within_the_window_keeps_history_and_shows_edited(desk, settings):
    settings.SIGNPOST_COMMENT_EDIT_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        comment = comment_create(author=desk.alex, question=desk.public, body="First take.")
        clock.shift(timedelta(minutes=10))
        comment_edit(user=desk.alex, comment=comment, body="Second take.")
        comment.refresh_from_db()
        assert comment.body == "Second take."
        assert comment.edited_at == start + timedelta(minutes=10)
        assert [row.body for row in comment.history.order_by("history_date")] == ["First take.", "Second take."]
        with pytest.raises(PermissionDenied):
            comment_edit(user=desk.bailey, comment=comment, body="Not mine.")
        clock.shift(timedelta(minutes=21))
        with pytest.raises(ValidationError) as error:
            comment_edit(user=desk.alex, comment=comment, body="Too late.")
        assert "30 minutes" in error.value.message_dict["body"][0]
    comment.refresh_from_db()
    assert comment.body == "Second take."


def test_delete_own_leaves_a_placeholder_and_hide_needs_a_curator_and_a_reason(desk):
    comment = comment_create(author=desk.alex, question=desk.public, body="Regrettable.")
    reply = comment_create(author=desk.bailey, question=desk.public, body="Indeed.", parent=comment)
    with pytest.raises(PermissionDenied):
        comment_delete(user=desk.bailey, comment=comment)
    comment_delete(user=desk.alex, comment=comment)
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert comment.body == "Regrettable."  # kept for the audit history
    reader = reader_of(user=desk.outsider, question=desk.public)
    thread = list(comment_thread(reader=reader, question=desk.public))
    assert ids(thread) == [comment.pk]
    assert ids(thread[0].replies.all()) == [reply.pk]

    with pytest.raises(PermissionDenied):
        comment_hide(curator=desk.alex, comment=reply, reason="Spam")
    with pytest.raises(ValidationError) as error:
        comment_hide(curator=desk.curator, comment=reply, reason="  ")
    assert "reason" in error.value.message_dict
    comment_hide(curator=desk.curator, comment=reply, reason="Personal attack.")
    reply.refresh_from_db()
    assert reply.hidden_by == desk.curator
    assert reply.hidden_reason == "Personal attack."
    assert reply.history.latest().history_change_reason == "Personal attack."
    comment_unhide(curator=desk.curator, comment=reply)
    reply.refresh_from_db()
    assert reply.hidden_at is None
    assert reply.history.count() == 3


# --- the rule: who reads what -----------------------------------------------------------------------------------


def test_team_only_comments_are_read_by_the_team_only(desk):
    public = comment_create(author=desk.alex, question=desk.public, body="Public view.")
    team_only = comment_create(author=desk.alex, question=desk.public, body="Team view.", audience="team")
    seen = {
        name: ids(comment_thread(reader=reader_of(user=user, question=desk.public), question=desk.public))
        for name, user in {
            "anonymous": None,
            "teammate": desk.bailey,
            "curator": desk.curator,
            "other team": desk.outsider,
            "superuser": UserFactory(is_superuser=True),
            "staff": UserFactory(is_staff=True),
        }.items()
    }
    from django.contrib.auth.models import AnonymousUser

    seen["anonymous"] = ids(
        comment_thread(reader=reader_of(user=AnonymousUser(), question=desk.public), question=desk.public)
    )
    everyone, team = [public.pk], [public.pk, team_only.pk]
    assert seen == {
        "anonymous": everyone,
        "teammate": team,
        "curator": team,
        "other team": everyone,
        "superuser": team,
        "staff": everyone,
    }


def test_forecasts_in_the_thread_follow_the_hidden_crowd_rule(desk):
    question = make_question(team=desk.team, title="Hidden crowd?", hide_crowd_until_forecast=True)
    forecast_submit(user=desk.alex, question=question, probability=0.35, rationale="Base rate.", share="public")
    forecast_submit(user=desk.alex, question=question, probability=0.22, rationale="New report.", share="public")
    entries = Comment.objects.filter(question=question, kind="forecast").order_by("created_at")
    assert [entry.body for entry in entries] == ["Base rate.", "New report."]
    assert entries[1].previous_forecast.probability == 0.35
    assert entries[1].forecast.probability == 0.22

    def sees(user):
        return ids(comment_thread(reader=reader_of(user=user, question=question), question=question))

    assert sees(desk.bailey) == []
    assert sees(desk.outsider) == []
    assert sees(desk.curator) == ids(entries)  # curators see the crowd
    forecast_submit(user=desk.outsider, question=question, probability=0.5)  # no rationale: no entry
    assert sees(desk.outsider) == ids(entries)
    assert Comment.objects.filter(question=question).count() == 2


def test_a_private_forecast_entry_is_its_authors_only(desk):
    forecast_submit(
        user=desk.alex, question=desk.public, probability=0.4, share="private", evidence_ids=[desk.report.pk]
    )
    entry = Comment.objects.get(kind="forecast")
    assert entry.audience == "author"
    assert ids(comment_thread(reader=reader_of(user=desk.alex, question=desk.public), question=desk.public)) == [
        entry.pk
    ]
    forecast_submit(user=desk.bailey, question=desk.public, probability=0.4)
    assert list(comment_thread(reader=reader_of(user=desk.bailey, question=desk.public), question=desk.public)) == []


class TestReaderRuleAgreesWithItsQuery(HypothesisTestCase):
    """Reader.may_read (a comment in hand: notifications) and Reader.readable (a query: pages, API) are one rule."""

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        audiences=st.lists(st.sampled_from(["public", "team", "author"]), min_size=1, max_size=6),
        kinds=st.lists(st.sampled_from(["comment", "forecast"]), min_size=6, max_size=6),
        authors=st.lists(st.integers(0, 2), min_size=6, max_size=6),
        reader_user=st.integers(-1, 2),
        reader_teams=st.sets(st.integers(0, 1)),
        everywhere=st.booleans(),
        crowd=st.booleans(),
    )
    def test_same_answer(self, audiences, kinds, authors, reader_user, reader_teams, everywhere, crowd):
        team_a, team_b = TeamFactory(), TeamFactory()
        people = [UserFactory() for _ in range(3)]
        question = make_question(team=team_a)
        comments = []
        for index, audience in enumerate(audiences):
            kind = "forecast" if audience == "author" else kinds[index]
            author = people[authors[index]]
            forecast = None
            if kind == "forecast":
                from forecasts.models import Forecast

                forecast = Forecast.objects.create(user=author, question=question, probability=0.5)
            comments.append(
                Comment.objects.create(
                    question=question,
                    author=author,
                    kind=kind,
                    audience=audience,
                    team=(team_a, team_b)[index % 2] if audience == "team" else None,
                    forecast=forecast,
                    body="x",
                    body_html="x",
                )
            )
        reader = Reader(
            user_id=None if reader_user < 0 else people[reader_user].pk,
            team_ids=frozenset((team_a.pk, team_b.pk)[t] for t in reader_teams),
            everywhere=everywhere,
            crowd_visible=crowd,
            can_curate=False,
        )
        by_query = set(Comment.objects.filter(reader.readable(), question=question).values_list("pk", flat=True))
        by_hand = {comment.pk for comment in comments if reader.may_read(comment)}
        assert by_query == by_hand


# --- mentions, followers, webhooks ------------------------------------------------------------------------------


def notified(kind=None):
    rows = Notification.objects.all() if kind is None else Notification.objects.filter(kind=kind)
    return sorted(row.recipient.username for row in rows)


def test_followers_and_mentions_are_told_once_and_only_if_they_may_read(desk):
    forecast_submit(user=desk.bailey, question=desk.public, probability=0.3)  # forecasting follows
    question_follow_set(user=desk.outsider, question=desk.public, active=True)
    assert QuestionFollow.objects.filter(question=desk.public, is_active=True).count() == 2

    comment = comment_create(author=desk.alex, question=desk.public, body="@cura @otto @ALEX @nobody look.")
    assert notified(Notification.Kind.MENTION) == ["cura", "otto"]  # not the author, not unknown names
    assert notified(Notification.Kind.COMMENT) == ["bailey"]  # a follower mentioned gets the mention only
    mention = Notification.objects.get(recipient=desk.curator)
    assert mention.url == f"/questions/{desk.public.slug}/comments/{comment.pk}/"
    assert QuestionFollow.objects.filter(user=desk.alex, question=desk.public, is_active=True).exists()

    Notification.objects.all().delete()
    comment_create(author=desk.alex, question=desk.public, body="Team only, @otto and @cura.", audience="team")
    assert notified(Notification.Kind.MENTION) == ["cura"]  # otto cannot read it
    assert notified(Notification.Kind.COMMENT) == ["bailey"]  # otto follows, but cannot read it either


def test_an_edit_tells_the_newly_mentioned_once(desk):
    comment = comment_create(author=desk.alex, question=desk.public, body="Thoughts, @bailey?")
    comment_edit(user=desk.alex, comment=comment, body="Thoughts, @bailey and @cura?")
    comment_edit(user=desk.alex, comment=comment, body="Thoughts, @bailey and @cura!")
    assert notified(Notification.Kind.MENTION) == ["bailey", "cura"]


def test_a_follow_turned_off_stays_off(desk):
    question_follow_set(user=desk.bailey, question=desk.public, active=False)
    forecast_submit(user=desk.bailey, question=desk.public, probability=0.3)
    comment_create(author=desk.bailey, question=desk.public, body="Still not following.")
    comment_create(author=desk.alex, question=desk.public, body="Anyone?")
    assert notified() == []


def test_comment_created_goes_to_the_webhooks_of_the_audience(desk):
    ours = webhook_create(team=desk.team, url="https://hooks.example.org/a")
    theirs = webhook_create(team=desk.other, url="https://hooks.example.org/b")
    public = comment_create(author=desk.alex, question=desk.public, body="Public.")
    comment_create(author=desk.outsider, question=desk.public, body="Their team only.", audience="team")
    comment_create(author=desk.alex, question=desk.public, body="Our team only.", audience="team")
    forecast_submit(user=desk.alex, question=desk.public, probability=0.3, rationale="Shared.", share="public")
    events = sorted(
        (delivery.webhook_id, delivery.body.split('"body":"')[1].split('"')[0])
        for delivery in WebhookDelivery.objects.filter(event=Webhook.Event.COMMENT_CREATED)
    )
    assert events == sorted([(ours.pk, "Public."), (ours.pk, "Our team only."), (theirs.pk, "Their team only.")])
    import json

    body = json.loads(WebhookDelivery.objects.get(event_key=f"comment.created:comment:{public.pk}").body)
    assert body["data"]["comment"]["author"] == "alex"
    assert body["data"]["question"]["id"] == desk.public.pk


def test_comment_readers_is_a_fixed_number_of_queries(desk, django_assert_max_num_queries):
    comment = comment_create(author=desk.alex, question=desk.private, body="Team.")
    people = [member(desk.team) for _ in range(20)] + [UserFactory() for _ in range(20)]
    with django_assert_max_num_queries(4):
        readers = comment_readers(comment=comment, users=people)
    assert len(readers) == 20


# --- key factors and the team panel ----------------------------------------------------------------------------


def test_key_factors_count_only_citations_the_reader_may_read(desk):
    second = evidence_add(question=desk.public, title="KCNA denial", url="https://example.org/k", stance="supports_no")
    comment_create(author=desk.alex, question=desk.public, body="See it.", evidence_ids=[second.pk])
    comment_create(author=desk.bailey, question=desk.public, body="And this.", evidence_ids=[second.pk, desk.report.pk])
    for n in range(3):
        comment_create(
            author=desk.curator, question=desk.public, body=f"Ours {n}.", audience="team", evidence_ids=[desk.report.pk]
        )
    removed = comment_create(author=desk.alex, question=desk.public, body="Gone.", evidence_ids=[desk.report.pk])
    comment_delete(user=desk.alex, comment=removed)

    def factors(user):
        found = key_factors(reader=reader_of(user=user, question=desk.public), question=desk.public)
        return [(item.title, item.citation_count) for item in found]

    assert factors(desk.outsider) == [("KCNA denial", 2), ("Yonhap report", 1)]
    assert factors(desk.bailey) == [("Yonhap report", 4), ("KCNA denial", 2)]


def test_the_team_panel_shows_rationales_and_spread_once_the_reader_has_forecast(desk):
    question = make_question(team=desk.team, title="Team panel?", hide_crowd_until_forecast=True)
    forecast_submit(user=desk.alex, question=question, probability=0.10, rationale="Unlikely.")
    forecast_submit(user=desk.curator, question=question, probability=0.80, rationale="Likely.", share="private")
    forecast_submit(user=desk.outsider, question=question, probability=0.5)

    def panel(user):
        reader = reader_of(user=user, question=question)
        return team_panels(user=user, reader=reader, question=question, options=[])

    assert panel(desk.bailey) == []  # the crowd (the team included) is hidden until bailey forecasts
    forecast_submit(user=desk.bailey, question=question, probability=0.5)
    (shown,) = panel(desk.bailey)
    assert shown.team == desk.team
    assert shown.members == 3
    rows = {row.user.username: (row.forecast.probability, row.forecast.rationale) for row in shown.forecasts}
    assert rows == {"alex": (0.10, "Unlikely."), "cura": (0.80, "Likely."), "bailey": (0.5, "")}
    assert shown.spread == [("Yes", 0.10, 0.80)]
    assert [panel.team for panel in panel(desk.outsider)] == [desk.other]


def test_a_mention_email_is_plain_text_so_stored_xss_stays_inert(desk, mailoutbox):
    from tracker.notifications.services.emails import emails_send_immediate
    from tracker.notifications.services.notifications import notification_preference_set

    desk.bailey.email = "bailey@example.org"
    desk.bailey.save(update_fields=["email"])
    notification_preference_set(user=desk.bailey, kind=Notification.Kind.MENTION, email="immediate")
    payload = "@bailey <script>alert(1)</script> [x](javascript:alert(1)) <svg onload=alert(1)>"
    comment_create(author=desk.alex, question=desk.public, body=payload)
    assert emails_send_immediate() == 1
    (message,) = mailoutbox
    assert message.content_subtype == "plain"
    assert not getattr(message, "alternatives", None)
    assert "<script>alert(1)</script>" in message.body  # shown as the text that was typed, never as markup
    assert "alex mentioned you" in message.subject.lower() or "mentioned you" in message.body


def test_a_comment_dated_in_the_past_is_recorded_quietly_and_within_the_window(desk):
    question_follow_set(user=desk.bailey, question=desk.public, active=True)
    earlier = desk.public.opened_at + timedelta(days=1)
    comment = comment_create(author=desk.alex, question=desk.public, body="Back then, @bailey.", at=earlier)
    assert comment.created_at == earlier
    assert not Notification.objects.exists()
    for bad in (desk.public.opened_at - timedelta(days=1), timezone.now() + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            comment_create(author=desk.alex, question=desk.public, body="Out of range.", at=bad)
        assert "at" in error.value.message_dict


def test_team_admins_moderate_like_curators_and_staff_alone_does_not(desk):
    comment = comment_create(author=desk.alex, question=desk.public, body="Heated.")
    with pytest.raises(PermissionDenied):
        comment_hide(curator=UserFactory(is_staff=True), comment=comment, reason="No.")
    team_admin = member(desk.team, Membership.Role.ADMIN)
    comment_hide(curator=team_admin, comment=comment, reason="Cool down.")
    comment.refresh_from_db()
    assert comment.hidden_by == team_admin


# --- votes: the most useful rationale rises ------------------------------------------------------------------------


def test_votes_count_once_per_reader_and_can_be_taken_back(desk):
    comment = comment_create(author=desk.alex, question=desk.public, body="Seoul moves slowly.")
    assert comment_vote_set(user=desk.bailey, comment=comment, useful=True) == 1
    assert comment_vote_set(user=desk.bailey, comment=comment, useful=True) == 1  # twice is once
    assert comment_vote_set(user=desk.outsider, comment=comment, useful=True) == 2
    assert comment_vote_set(user=desk.bailey, comment=comment, useful=False) == 1
    assert comment_vote_set(user=desk.bailey, comment=comment, useful=False) == 1  # nothing to take back
    with pytest.raises(ValidationError, match="own comment"):
        comment_vote_set(user=desk.alex, comment=comment, useful=True)
    comment_hide(curator=desk.curator, comment=comment, reason="Off topic.")
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="deleted or hidden"):
        comment_vote_set(user=desk.bailey, comment=comment, useful=True)


def test_the_most_useful_comment_comes_first_and_each_reader_sees_their_own_vote(desk):
    first = comment_create(author=desk.alex, question=desk.public, body="First.")
    second = comment_create(author=desk.bailey, question=desk.public, body="Second, and better.")
    third = comment_create(author=desk.curator, question=desk.public, body="Third.")
    reply = comment_create(author=desk.alex, question=desk.public, body="A reply.", parent=second)
    for voter in (desk.alex, desk.curator, desk.outsider):
        comment_vote_set(user=voter, comment=second, useful=True)
    comment_vote_set(user=desk.outsider, comment=third, useful=True)
    comment_vote_set(user=desk.bailey, comment=reply, useful=True)
    reader = reader_of(user=desk.outsider, question=desk.public)
    thread = list(comment_thread(reader=reader, question=desk.public, order="useful"))
    assert ids(thread) == [second.pk, third.pk, first.pk]
    assert [(c.useful_count, c.voted) for c in thread] == [(3, True), (1, True), (0, False)]
    assert [(r.useful_count, r.voted) for r in thread[0].replies.all()] == [(1, False)]
    anonymous = comment_thread(reader=reader_of(user=None, question=desk.public), question=desk.public)
    assert [c.voted for c in anonymous] == [False, False, False]
