"""The team's Slack channel hears of its questions: new questions (with the field to forecast from the message),
resolutions with the team's best scores, big moves of the community forecast, and evidence the story monitor
proposes for curators. Each kind can be switched off; each message is keyed by the event that caused it, so it is
posted once whatever retries happen. Numbers are those anyone in the channel may see: never a crowd hidden until
one forecasts."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from forecasts.engine.aggregation import DEFAULT_METHOD
from forecasts.engine.charts import percent_text
from forecasts.models import AggregateForecast
from forecasts.selectors.community import crowd_visible
from forecasts.slack.cards import question_blocks, question_url
from tracker.models import EvidenceProposal, Membership, Question
from tracker.slack.models import SlackInstallation
from tracker.slack.services.outbox import slack_message_queue

Kind = SlackInstallation.MessageKind
# A move of the community forecast at least this large within a day is news for the channel (once a day at most).
CROWD_MOVE = 0.15
EVENT_KINDS = {
    "question.opened": Kind.NEW_QUESTIONS,
    "score.computed": Kind.RESOLUTIONS,
    "forecast.created": Kind.CROWD_MOVES,
    "evidence.proposed": Kind.PROPOSALS,
}


def on_team_event(sender, *, team_id: int, event: str, key: str, data, **kwargs) -> None:
    kind = EVENT_KINDS.get(event)
    if kind is None or not settings.SIGNPOST_SLACK_CLIENT_ID:
        return
    installation = SlackInstallation.objects.filter(team_id=team_id, uninstalled_at__isnull=True).first()
    if installation is None or not installation.sends(kind):
        return
    if kind == Kind.NEW_QUESTIONS:
        message, message_key = new_question_message(data()["question"]["id"]), key
    elif kind == Kind.RESOLUTIONS:
        message, message_key = resolution_message(data(), team_id), key
    elif kind == Kind.CROWD_MOVES:
        message, message_key = crowd_move_message(data()["question"]["id"])
    else:
        message, message_key = proposal_message(int(key.rsplit(":", 1)[1])), key
    if message is not None:
        slack_message_queue(
            installation=installation,
            key=f"channel:{message_key}",
            arguments={"channel": installation.channel_id, "unfurl_links": False, **message},
        )


def new_question_message(question_id: int) -> dict | None:
    question = Question.objects.get(pk=question_id)
    intro = "New quick question" if question.quick else "New question"
    return {
        "text": f"{intro}: {question.title}",
        "blocks": [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"*{intro}*"}]},
            *question_blocks(question, reader=None),
        ],
    }


def resolution_message(data: dict, team_id: int) -> dict | None:
    question = Question.objects.get(pk=data["question"]["id"])
    members = set(
        get_user_model()
        .objects.filter(pk__in=Membership.objects.filter(team_id=team_id).values("user_id"))
        .values_list("username", flat=True)
    )
    rule = next((r for r in ("peer", "relative_brier", "crps") if data["crowd"].get(r) is not None), "peer")
    rows = [row for row in data["forecasters"] if row["user"] in members and row.get(rule) is not None]
    # Higher peer scores are better; lower relative Brier and CRPS are.
    rows.sort(key=lambda row: -row[rule] if rule == "peer" else row[rule])
    lines = [
        f"{place}. {row['user']}: {rule.replace('_', ' ')} {row[rule]:+.3f}" for place, row in enumerate(rows[:3], 1)
    ]
    best = "\n".join(lines) if lines else "No team member's forecast was scored."
    text = (
        f"*Resolved {question.outcome_label}:* <{question_url(question)}|{question.title}>\nBest in the team:\n{best}"
    )
    return {"text": f"Resolved {question.outcome_label}: {question.title}", "blocks": [_section(text)]}


def crowd_move_message(question_id: int) -> tuple[dict | None, str]:
    question = Question.objects.get(pk=question_id)
    day = f"{timezone.now():%Y-%m-%d}"
    key = f"crowd-move:question:{question.pk}:{day}"
    if question.is_continuous or not crowd_visible(question=question, has_forecast=False):
        return None, key
    steps = AggregateForecast.objects.filter(question=question, method=DEFAULT_METHOD)
    latest = steps.order_by("-at").first()
    before = steps.filter(at__lte=timezone.now() - timedelta(days=1)).order_by("-at").first()
    if latest is None or before is None or not latest.values or not before.values:
        return None, key
    moves = [new - old for new, old in zip(latest.values, before.values, strict=False)]
    index = max(range(len(moves)), key=lambda i: abs(moves[i]))
    if question.is_binary:
        index = 1
    if abs(moves[index]) < CROWD_MOVE:
        return None, key
    label = "" if question.is_binary else f" on “{question.options.order_by('position')[index].label}”"
    change = f"{percent_text(before.values[index])} → {percent_text(latest.values[index])}"
    text = f"*The community moved{label}: {change}* in a day\n<{question_url(question)}|{question.title}>"
    return {"text": f"The community moved {change}: {question.title}", "blocks": [_section(text)]}, key


def proposal_message(proposal_id: int) -> dict | None:
    proposal = EvidenceProposal.objects.select_related("question", "article").filter(pk=proposal_id).first()
    if proposal is None:
        return None
    inbox = settings.SITE_URL + reverse("inbox")
    text = (
        f"*Evidence proposed* for <{question_url(proposal.question)}|{proposal.question.title}> "
        f"({proposal.get_stance_display().lower()}): “{proposal.quote[:300]}”\nCurators: <{inbox}|review it in the inbox>"
    )
    return {"text": f"Evidence proposed for {proposal.question.title}", "blocks": [_section(text)]}


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:2900]}}
