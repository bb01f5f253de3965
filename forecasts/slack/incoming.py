"""What a worker does with a request Slack sent (stored by the views, tracker.slack.models.SlackRequest): run a slash
command, act on a button or a typed forecast, unfurl links. Every reply is an outbox message keyed by the request,
so a request handled twice (a retried task) answers once; the work and its replies commit together."""

import logging
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from forecasts.slack.cards import FORECAST_ACTION, PICK_ACTION, question_blocks
from forecasts.slack.commands import NOT_ALLOWED, ephemeral, forecast_reply, link_prompt, run_command
from forecasts.slack.parsing import CommandError, question_reference
from tracker.accounts.models import User
from tracker.lib.errors import refusal_text
from tracker.models import Question
from tracker.questions.selectors import access_question, access_question_by_slug
from tracker.slack.models import SlackInstallation, SlackMessage, SlackRequest
from tracker.slack.services.installations import slack_installation_for_workspace
from tracker.slack.services.links import slack_account
from tracker.slack.services.outbox import slack_message_queue

logger = logging.getLogger(__name__)
MAX_UNFURLS = 10


def slack_request_handle(*, request_id: int) -> str | None:
    """Handle one stored request if nobody else holds it; its new state, or None when there was nothing to do."""
    with transaction.atomic():
        request = (
            SlackRequest.objects.select_for_update(skip_locked=True)
            .filter(pk=request_id, state=SlackRequest.State.PENDING)
            .first()
        )
        if request is None:
            return None
        installation = slack_installation_for_workspace(request.workspace_id)
        request.state, request.handled_at = SlackRequest.State.DONE, timezone.now()
        if installation is None:
            request.error = "The app is not installed in this workspace."
        else:
            try:
                with transaction.atomic():
                    _dispatch(request, installation)
            except Exception as error:
                logger.exception("Slack request %s failed", request.key)
                request.state, request.error = SlackRequest.State.FAILED, f"{type(error).__name__}: {error}"[:300]
                _reply(installation, request, ephemeral(":x: Something went wrong; the team's admins can see why."))
        request.save(update_fields=["state", "error", "handled_at"])
    return request.state


def _reply(installation: SlackInstallation, request: SlackRequest, payload: dict[str, Any]) -> None:
    response_url = request.payload.get("response_url", "")
    if not response_url:
        return
    slack_message_queue(
        installation=installation,
        key=f"reply:{request.key}",
        method=SlackMessage.Method.RESPOND,
        arguments={"response_url": response_url, "payload": {"replace_original": False, **payload}},
    )


def _dispatch(request: SlackRequest, installation: SlackInstallation) -> None:
    payload = request.payload
    if request.kind == SlackRequest.Kind.COMMAND:
        account = slack_account(workspace_id=installation.workspace_id, slack_user_id=payload["user_id"])
        reply = run_command(
            installation=installation, account=account, slack_user_id=payload["user_id"], text=payload.get("text", "")
        )
        _reply(installation, request, reply)
    elif request.kind == SlackRequest.Kind.INTERACTION:
        _reply(installation, request, interaction_reply(installation, payload))
    elif payload.get("event", {}).get("type") == "link_shared":
        unfurl(installation, request.key, payload["event"])


def interaction_reply(installation: SlackInstallation, payload: dict[str, Any]) -> dict[str, Any]:
    slack_user_id = payload.get("user", {}).get("id", "")
    account = slack_account(workspace_id=installation.workspace_id, slack_user_id=slack_user_id)
    if account is None:
        return link_prompt(installation, slack_user_id)
    action = (payload.get("actions") or [{}])[0]
    try:
        if action.get("action_id") == PICK_ACTION:
            question = _question(account, action.get("selected_option", {}).get("value"))
            return ephemeral(question.title, question_blocks(question, reader=account))
        if str(action.get("action_id", "")).startswith(FORECAST_ACTION):
            question = _question(account, str(action.get("block_id", "")).partition(":")[2])
            return forecast_reply(question=question, account=account, text=action.get("value") or "")
    except (CommandError, ValidationError, PermissionDenied) as error:
        return ephemeral(f":warning: {refusal_text(error, NOT_ALLOWED)}")
    return ephemeral("That button is not one I know.")


def _question(account: User, question_id: Any) -> Question:
    try:
        return access_question(account, int(question_id), with_related=False)
    except (Http404, TypeError, ValueError):
        raise CommandError("That question is gone, or you cannot see it.") from None


def unfurl_question(*, installation: SlackInstallation, account: User | None, url: str) -> Question | None:
    """The question a shared link names, when the person who shared it may see it and the channel may be told: a
    team question unfurls only in its own team's workspace; an unlinked person unfurls public questions only."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    slug = question_reference(parts.path)
    if slug is None:
        return None
    try:
        question = access_question_by_slug(account or AnonymousUser(), slug, with_related=False)
    except Http404:
        return None
    if question.visibility != Question.Visibility.PUBLIC and question.team_id != installation.team_id:
        return None
    return question


def unfurl(installation: SlackInstallation, key: str, event: dict[str, Any]) -> None:
    account = slack_account(workspace_id=installation.workspace_id, slack_user_id=event.get("user", ""))
    unfurls = {}
    for link in event.get("links", [])[:MAX_UNFURLS]:
        question = unfurl_question(installation=installation, account=account, url=link.get("url", ""))
        if question is not None:
            # Everyone in the conversation reads the unfurl: the crowd as a reader who has not forecast sees it.
            unfurls[link["url"]] = {"blocks": question_blocks(question, reader=None, forecastable=False)}
    if not unfurls:
        return
    arguments: dict[str, Any] = {"unfurls": unfurls}
    if event.get("unfurl_id"):
        arguments.update(unfurl_id=event["unfurl_id"], source=event.get("source", "conversations_history"))
    else:
        arguments.update(channel=event.get("channel", ""), ts=event.get("message_ts", ""))
    slack_message_queue(
        installation=installation, key=f"unfurl:{key}", method=SlackMessage.Method.UNFURL, arguments=arguments
    )
