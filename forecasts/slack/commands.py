"""/signpost's sub-commands, run by a worker after Slack got its answer: `forecast`, `ask`, `mine`, `link`,
`help`. Each returns the reply (a Slack message payload); what is private to the person is ephemeral."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from forecasts.selectors.history import latest_forecast, my_latest_forecasts
from forecasts.services.forecasting import forecast_submit
from forecasts.slack.cards import question_blocks, question_picker, question_url
from forecasts.slack.parsing import (
    CommandError,
    parse_probability,
    parse_when,
    split_ask,
    split_command,
    split_option,
    split_reference,
    split_values,
)
from tracker.accounts.models import User
from tracker.lib.errors import refusal_text
from tracker.models import Question
from tracker.questions.selectors import access_question_by_slug, question_visible_filter
from tracker.questions.services.quick import question_ask
from tracker.slack.models import SlackInstallation
from tracker.slack.services.links import slack_link_code_create

HELP = (
    "*Signpost in Slack*\n"
    "• `/signpost forecast <question link or slug> 30%` — forecast (multiple choice: `… <option> 40%`; numbers and "
    "dates: `… low median high`); `/signpost forecast` alone lists open questions to pick from\n"
    "• `/signpost ask Will X happen? by 30 June 2027` — pose a quick question to your team\n"
    "• `/signpost mine` — your open questions, closing soonest first\n"
    "• `/signpost link` — link your Slack account to your Signpost account (once)\n"
    "Links to Signpost questions unfurl with what you may see."
)

# What a refusal without a text of its own says in Slack.
NOT_ALLOWED = "That is not allowed."


def ephemeral(text: str, blocks: list[dict] | None = None) -> dict[str, Any]:
    reply: dict[str, Any] = {"response_type": "ephemeral", "text": text}
    if blocks:
        reply["blocks"] = blocks
    return reply


def link_prompt(installation: SlackInstallation, slack_user_id: str) -> dict[str, Any]:
    code = slack_link_code_create(workspace_id=installation.workspace_id, slack_user_id=slack_user_id)
    url = settings.SITE_URL + reverse("slack-link", args=[code])
    return ephemeral(
        f"Link your Slack account to Signpost first: <{url}|open this link> while signed in to Signpost "
        "(it works once, for 30 minutes). Until then you see public questions only."
    )


def run_command(*, installation: SlackInstallation, account: User | None, slack_user_id: str, text: str) -> dict:
    command = split_command(text)
    if command.name == "help":
        return ephemeral(HELP)
    if command.name == "link" or account is None:
        return link_prompt(installation, slack_user_id)
    try:
        if command.name == "forecast":
            return forecast_command(installation=installation, account=account, text=command.rest)
        if command.name == "ask":
            return ask_command(installation=installation, account=account, text=command.rest)
        if command.name == "mine":
            return mine_command(account=account)
    except (CommandError, ValidationError, PermissionDenied) as error:
        return ephemeral(f":warning: {refusal_text(error, NOT_ALLOWED)}")
    return ephemeral(f"I don't know “{command.name}”.\n{HELP}")


def forecastable_questions(*, installation: SlackInstallation, account: User) -> list[Question]:
    return list(
        Question.objects.filter(question_visible_filter(account), status=Question.Status.OPEN)
        .filter(team=installation.team)
        .order_by("scheduled_close_at")[:100]
    )


def forecast_command(*, installation: SlackInstallation, account: User, text: str) -> dict:
    slug, rest = split_reference(text)
    if slug is None:
        questions = forecastable_questions(installation=installation, account=account)
        return ephemeral("Pick a question to forecast.", question_picker(questions))
    try:
        question = access_question_by_slug(account, slug, with_related=False)
    except Http404:
        raise CommandError(f"No question “{slug}” that you can see.") from None
    if not rest:
        return ephemeral(question.title, question_blocks(question, reader=account))
    return forecast_reply(question=question, account=account, text=rest)


def forecast_values(question: Question, account: User, text: str) -> dict[str, Any]:
    """The forecast's values for the question's type from what was typed."""
    if question.is_binary:
        return {"probability": parse_probability(text)}
    if question.is_continuous:
        low, median, high = split_values(text)
        values: list[Any] = [low, median, high]
        if question.type == Question.Type.NUMERIC:
            try:
                values = [float(value.replace("_", "")) for value in values]
            except ValueError:
                raise CommandError("Give three numbers, low median high: e.g. 2000 3000 4500.") from None
        return {"quantiles": [[0.1, values[0]], [0.5, values[1]], [0.9, values[2]]]}
    label, chance = split_option(text)
    labels = list(question.options.order_by("position").values_list("label", flat=True))
    matches = [index for index, option in enumerate(labels) if option.casefold().startswith(label.casefold())]
    if len(matches) != 1:
        choices = "; ".join(labels)
        raise CommandError(f"“{label}” names {'no' if not matches else 'more than one'} option. Options: {choices}.")
    return {"probabilities": _with_option(account, question, len(labels), matches[0], chance)}


def _with_option(account: User, question: Question, count: int, index: int, chance: float) -> list[float]:
    """The person's standing forecast (or an even split) with one option set to `chance` and the others scaled to
    share the rest as they did."""
    previous = latest_forecast(user=account, question=question)
    base = list(previous.probabilities) if previous and previous.probabilities else [1 / count] * count
    others = sum(value for position, value in enumerate(base) if position != index)
    values = [
        chance if position == index else (1 - chance) * (value / others if others else 1 / (count - 1))
        for position, value in enumerate(base)
    ]
    return [round(value, 4) for value in values[:-1]] + [round(1 - sum(round(v, 4) for v in values[:-1]), 4)]


def forecast_reply(*, question: Question, account: User, text: str) -> dict:
    forecast_submit(user=account, question=question, **forecast_values(question, account, text))
    question.refresh_from_db()
    return ephemeral(
        f"Saved your forecast on “{question.title}”.",
        [
            {"type": "section", "text": {"type": "mrkdwn", "text": ":white_check_mark: Forecast saved."}},
            *question_blocks(question, reader=account, forecastable=False),
        ],
    )


def ask_command(*, installation: SlackInstallation, account: User, text: str) -> dict:
    asked, when_text = split_ask(text)
    closes_at = parse_when(when_text, zone=account.time_zone or "UTC", now=timezone.now())
    question = question_ask(team=installation.team, asked_by=account, text=asked, closes_at=closes_at)
    return {
        "response_type": "in_channel",
        "text": f"{account.get_username()} asked: {question.title}",
        "blocks": [
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"Quick question from {account.get_username()}"}],
            },
            *question_blocks(question, reader=None, forecastable=True),
        ],
    }


def mine_command(*, account: User) -> dict:
    open_questions = Question.objects.filter(question_visible_filter(account), status=Question.Status.OPEN)
    mine = my_latest_forecasts(user=account, question_ids=open_questions.values("pk"))
    questions = sorted(Question.objects.filter(pk__in=list(mine)), key=lambda question: question.scheduled_close_at)[
        :10
    ]
    if not questions:
        return ephemeral("You have no forecasts on open questions. Try /signpost forecast to pick one.")
    lines = []
    for question in questions:
        forecast = mine[question.pk]
        yours = f"{forecast.probability:.0%}" if forecast.probability is not None else "standing"
        lines.append(
            f"• <{question_url(question)}|{question.title}> — yours {yours}, "
            f"closes {question.scheduled_close_at:%-d %b %Y}"
        )
    return ephemeral("Your open questions", [{"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}}])
