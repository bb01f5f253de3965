"""Proposals, approvals, rejections, clarifications — legal and illegal transitions — and the audit history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forecasts.services.forecasting import forecast_submit
from tests.factories import TeamFactory, UserFactory, make_question, member
from tracker.models import Clarification, Membership, Notification, Question, ResolutionProposal
from tracker.questions.services.clarifications import clarification_add
from tracker.questions.services.evidence import evidence_add, evidence_update
from tracker.questions.services.lifecycle import question_annul
from tracker.questions.services.questions import question_update
from tracker.resolution.services.proposals import proposal_approve, proposal_create, proposal_reject

pytestmark = pytest.mark.django_db
SOURCE = "https://en.yna.co.kr/view/AEN20270301"


@pytest.fixture
def desk():
    team = TeamFactory()
    return {
        "team": team,
        "curator": member(team, Membership.Role.CURATOR),
        "forecaster": member(team, Membership.Role.FORECASTER),
        "question": make_question(team=team),
    }


def test_a_forecaster_proposes_and_a_curator_approves(desk):
    question, curator = desk["question"], desk["curator"]
    proposal = proposal_create(question=question, proposed_by=desk["forecaster"], outcome="YES", evidence_url=SOURCE)
    other = proposal_create(question=question, proposed_by=UserFactory(), outcome="no", evidence_url=SOURCE)
    assert Notification.objects.filter(recipient=curator, kind="proposal").count() == 2
    proposal_approve(proposal=proposal, curator=curator)
    question.refresh_from_db()
    assert (question.status, question.resolution, question.resolved_by) == ("resolved", "yes", curator)
    assert SOURCE in question.resolution_notes
    other.refresh_from_db()
    assert other.state == "superseded"
    assert other.reason == "The question was resolved Yes."
    assert proposal.history.count() == 2  # created, approved
    assert question.history.filter(status="resolved").exists()


def test_a_curator_rejects_with_a_reason(desk):
    proposal = proposal_create(
        question=desk["question"], proposed_by=desk["forecaster"], outcome="no", evidence_url=SOURCE
    )
    with pytest.raises(ValidationError, match="Say why"):
        proposal_reject(proposal=proposal, curator=desk["curator"], reason=" ")
    proposal_reject(proposal=proposal, curator=desk["curator"], reason="The report is about another package.")
    proposal.refresh_from_db()
    assert proposal.state == "rejected"
    assert proposal.decided_by == desk["curator"]
    with pytest.raises(ValidationError, match="already rejected"):
        proposal_approve(proposal=proposal, curator=desk["curator"])


def test_illegal_transitions_give_clear_errors(desk):
    question, curator = desk["question"], desk["curator"]
    proposal = proposal_create(question=question, proposed_by=desk["forecaster"], outcome="yes", evidence_url=SOURCE)
    with pytest.raises(PermissionDenied):
        proposal_approve(proposal=proposal, curator=desk["forecaster"])
    question_annul(question=question, annulled_by=curator, reason="Premise failed")
    with pytest.raises(ValidationError, match="already superseded"):  # the annulment overtook it
        proposal_approve(proposal=proposal, curator=curator)
    with pytest.raises(ValidationError, match="Only an open or closed question takes proposals"):
        proposal_create(question=question, proposed_by=desk["forecaster"], outcome="yes", evidence_url=SOURCE)
    with pytest.raises(ValidationError, match="cannot be clarified"):
        clarification_add(question=question, curator=curator, text="Counts from 1 March.")
    with pytest.raises(ValidationError) as error:
        proposal_create(
            question=make_question(team=desk["team"]),
            proposed_by=desk["forecaster"],
            outcome="maybe",
            evidence_url="ftp://x",
        )
    assert "outcome" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        proposal_create(
            question=make_question(team=TeamFactory(), visibility="team"),
            proposed_by=desk["forecaster"],
            outcome="yes",
            evidence_url=SOURCE,
        )
    proposal.refresh_from_db()
    assert proposal.state == "superseded"  # by the annulment; none of the refusals wrote anything


def test_multiple_choice_proposals_name_an_option(desk):
    question = make_question(team=desk["team"], type="multiple_choice", options=["Low", "High"])
    with pytest.raises(ValidationError, match="one of this question's options"):
        proposal_create(question=question, proposed_by=desk["forecaster"], outcome="Medium", evidence_url=SOURCE)
    proposal = proposal_create(question=question, proposed_by=desk["forecaster"], outcome="High", evidence_url=SOURCE)
    proposal_approve(proposal=proposal, curator=desk["curator"])
    question.refresh_from_db()
    assert question.resolved_option.label == "High"


def test_clarifications_notify_the_question_s_forecasters_and_are_audited(desk):
    question = desk["question"]
    forecast_submit(user=desk["forecaster"], question=question, probability=0.4)
    bystander = member(desk["team"])
    clarification = clarification_add(question=question, curator=desk["curator"], text="Deliveries via Poland count.")
    assert Clarification.objects.get() == clarification
    recipients = set(Notification.objects.filter(kind="clarification").values_list("recipient", flat=True))
    assert recipients == {desk["forecaster"].pk}
    assert bystander.pk not in recipients
    with pytest.raises(PermissionDenied):
        clarification_add(question=question, curator=desk["forecaster"], text="x")
    assert clarification.history.count() == 1


def test_every_change_to_a_question_its_options_and_evidence_is_in_the_history(desk):
    question = make_question(team=desk["team"], type="multiple_choice", options=["Low", "High"], status="draft")
    question_update(question=question, actor=desk["curator"], title="Will the level be high?")
    evidence = evidence_add(question=question, title="Report", url="https://example.org/r")
    evidence_update(evidence=evidence, actor=desk["curator"], summary="Summarised.")
    question = Question.objects.get(pk=question.pk)
    titles = list(question.history.order_by("history_date").values_list("title", flat=True))
    assert titles[-1] == "Will the level be high?"
    assert len(titles) >= 2
    assert question.options.first().history.count() == 1
    assert evidence.history.count() == 2
    assert ResolutionProposal.history.model.__name__ == "HistoricalResolutionProposal"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_admin_approves_rejects_clarifies_and_shows_history(desk, admin_client):
    question = desk["question"]
    first = proposal_create(question=question, proposed_by=desk["forecaster"], outcome="no", evidence_url=SOURCE)
    changelist = "/admin/tracker/resolutionproposal/"
    # Reject asks for the reason first; without one nothing changes.
    asked = admin_client.post(changelist, {"action": "reject", "_selected_action": [first.pk]})
    assert asked.status_code == 200
    assert "Reject proposals" in asked.content.decode()
    blank = {"action": "reject", "_selected_action": [first.pk], "apply": "1", "reason": ""}
    assert "This field is required." in admin_client.post(changelist, blank).content.decode()
    first.refresh_from_db()
    assert first.state == "pending"
    # The proposal's own page shows it and cannot be edited: the decision goes through the service.
    assert admin_client.post(f"{changelist}{first.pk}/change/", {"reason": "x"}).status_code == 403
    admin_client.post(changelist, {**blank, "reason": "Wrong package."}, follow=True)
    first.refresh_from_db()
    assert first.state == "rejected"
    assert first.reason == "Wrong package."

    forecast_submit(user=desk["forecaster"], question=question, probability=0.6)
    response = admin_client.post("/admin/tracker/clarification/add/", {"question": question.pk, "text": "UTC dates."})
    assert response.status_code == 302
    assert Notification.objects.filter(kind="clarification", recipient=desk["forecaster"]).count() == 1

    second = proposal_create(question=question, proposed_by=desk["forecaster"], outcome="yes", evidence_url=SOURCE)
    page = admin_client.post(changelist, {"action": "approve", "_selected_action": [second.pk]}, follow=True)
    assert "Resolved" in page.content.decode()
    assert Question.objects.get(pk=question.pk).status == "resolved"
    page = admin_client.post(
        "/admin/tracker/clarification/add/", {"question": question.pk, "text": "Too late."}, follow=True
    )
    assert "cannot be clarified" in page.content.decode()
    assert Clarification.objects.count() == 1
    history = admin_client.get(f"/admin/tracker/question/{question.pk}/history/").content.decode()
    records = list(Question.objects.get(pk=question.pk).history.all())
    assert any(record.status == "resolved" for record in records)
    assert all(f"history/{record.history_id}/" in history for record in records)


def test_a_resolution_made_another_way_overtakes_pending_proposals(desk):
    """A proposal never stays "Waiting for a curator" once the curator has settled the question some other way."""
    from tracker.questions.services.lifecycle import question_resolve, question_unresolve

    question, curator = desk["question"], desk["curator"]
    pending = proposal_create(question=question, proposed_by=desk["forecaster"], outcome="no", evidence_url=SOURCE)
    question_resolve(question=question, outcome="yes", resolved_by=curator)
    pending.refresh_from_db()
    assert (pending.state, pending.decided_by, pending.reason) == (
        "superseded",
        curator,
        "The question was resolved Yes.",
    )
    assert pending.get_state_display() == "Overtaken by the resolution"
    question_unresolve(question=question, actor=curator, reason="Wrong source.")
    late = proposal_create(question=question, proposed_by=desk["forecaster"], outcome="yes", evidence_url=SOURCE)
    question_annul(question=question, annulled_by=curator, reason="Premise failed.")
    late.refresh_from_db()
    assert late.state == "superseded"
    assert late.reason == "The question was annulled."


def decided_notices(user):
    return list(
        Notification.objects.filter(recipient=user, kind=Notification.Kind.PROPOSAL_DECIDED).values_list(
            "title", "body", "url"
        )
    )


def test_proposers_hear_what_became_of_their_proposals(desk):
    question, curator, forecaster = desk["question"], desk["curator"], desk["forecaster"]
    rival = member(desk["team"], Membership.Role.FORECASTER)
    rejected = proposal_create(question=question, proposed_by=rival, outcome="no", evidence_url=SOURCE)
    proposal_reject(proposal=rejected, curator=curator, reason="The report is about another package.")
    assert decided_notices(rival) == [
        (
            f"Your proposal was rejected: {question.title}",
            "You proposed “no”; it was rejected. The report is about another package.",
            f"/questions/{question.slug}/",
        )
    ]
    approved = proposal_create(question=question, proposed_by=forecaster, outcome="yes", evidence_url=SOURCE)
    overtaken = proposal_create(question=question, proposed_by=rival, outcome="no", evidence_url=SOURCE)
    proposal_approve(proposal=approved, curator=curator)
    assert decided_notices(forecaster) == [
        (
            f"Your proposal was approved: {question.title}",
            "You proposed “yes”; it was approved.",
            f"/questions/{question.slug}/",
        )
    ]
    overtaken_notice = (
        f"Your proposal was overtaken: {question.title}",
        "You proposed “no”; it was overtaken by the resolution. The question was resolved Yes.",
        f"/questions/{question.slug}/",
    )
    assert overtaken_notice in decided_notices(rival)
    assert len(decided_notices(rival)) == 2
    overtaken.refresh_from_db()
    assert overtaken.state == "superseded"
    assert not decided_notices(curator)


def test_no_notice_to_a_curator_deciding_their_own_proposal_nor_to_one_who_lost_sight(desk):
    from tracker.questions.services.lifecycle import question_resolve

    question = make_question(team=desk["team"], visibility="team")
    curator, forecaster = desk["curator"], desk["forecaster"]
    own = proposal_create(question=question, proposed_by=curator, outcome="yes", evidence_url=SOURCE)
    gone = proposal_create(question=question, proposed_by=forecaster, outcome="no", evidence_url=SOURCE)
    Membership.objects.filter(user=forecaster, team=desk["team"]).delete()  # left the team: the question is hidden
    question_resolve(question=question, outcome="yes", resolved_by=curator)
    for proposal in (own, gone):
        proposal.refresh_from_db()
        assert proposal.state == "superseded"
    assert not decided_notices(curator)
    assert not decided_notices(forecaster)
