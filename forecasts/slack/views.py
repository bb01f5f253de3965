"""Slack's three addresses: /integrations/slack/commands/, /interactions/ and /events/. Each request's signature is
checked first (401 otherwise); the request is stored and handed to a worker, and Slack gets its answer at once
(an empty 200, or `help`'s text, or the url_verification challenge), never after an outside call."""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forecasts.slack.commands import HELP
from forecasts.slack.parsing import split_command
from tracker.slack.models import SlackRequest
from tracker.slack.services.installations import slack_uninstalled_by_slack
from tracker.slack.services.requests import slack_request_record
from tracker.slack.verification import request_is_from_slack, slack_app_configured


def _verified(request: HttpRequest) -> HttpResponse | None:
    """None when the request is Slack's; the refusal otherwise."""
    if not slack_app_configured():
        return JsonResponse({"error": "The Slack app is not configured on this server."}, status=404)
    try:
        body = request.body
    except RawPostDataException:  # a multipart form, which Slack never sends
        return JsonResponse({"error": "Bad or stale Slack signature."}, status=401)
    if not request_is_from_slack(
        body=body,
        timestamp=request.headers.get("X-Slack-Request-Timestamp"),
        signature=request.headers.get("X-Slack-Signature"),
    ):
        return JsonResponse({"error": "Bad or stale Slack signature."}, status=401)
    return None


def slack_endpoint(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """POST only, no CSRF token (Slack signs instead), and nothing runs before the signature is checked."""

    @csrf_exempt
    @require_POST
    @wraps(view)
    def verified_view(request: HttpRequest) -> HttpResponse:
        refused = _verified(request)
        return refused if refused is not None else view(request)

    return verified_view


@slack_endpoint
def commands(request: HttpRequest) -> HttpResponse:
    form = request.POST
    if split_command(form.get("text", "")).name == "help":
        return JsonResponse({"response_type": "ephemeral", "text": HELP})
    payload = {name: form.get(name, "") for name in ("team_id", "user_id", "text", "response_url", "trigger_id")}
    if not payload["team_id"] or not payload["user_id"] or not payload["trigger_id"]:
        return JsonResponse({"error": "team_id, user_id and trigger_id are required."}, status=400)
    slack_request_record(
        kind=SlackRequest.Kind.COMMAND,
        key=f"command:{payload['trigger_id']}",
        workspace_id=payload["team_id"],
        payload=payload,
    )
    return HttpResponse(status=200)


@slack_endpoint
def interactions(request: HttpRequest) -> HttpResponse:
    payload = _json(request.POST.get("payload", ""))
    if payload is None or not isinstance(payload.get("team"), dict):
        return JsonResponse({"error": "payload must be Slack's interaction JSON."}, status=400)
    if payload.get("type") != "block_actions":
        return HttpResponse(status=200)  # nothing else is offered; Slack only needs the acknowledgement
    key = (
        payload.get("trigger_id")
        or f"{payload['team'].get('id')}:{(payload.get('actions') or [{}])[0].get('action_ts')}"
    )
    slack_request_record(
        kind=SlackRequest.Kind.INTERACTION,
        key=f"interaction:{key}",
        workspace_id=payload["team"].get("id", ""),
        payload=payload,
    )
    return HttpResponse(status=200)


@slack_endpoint
def events(request: HttpRequest) -> HttpResponse:
    payload = _json(request.body.decode("utf-8", "replace"))
    if payload is None:
        return JsonResponse({"error": "The body must be JSON."}, status=400)
    if payload.get("type") == "url_verification":
        return JsonResponse({"challenge": payload.get("challenge", "")})
    event = payload.get("event") or {}
    workspace_id = payload.get("team_id", "")
    if event.get("type") in ("app_uninstalled", "tokens_revoked"):
        slack_uninstalled_by_slack(workspace_id=workspace_id)
    elif event.get("type") == "link_shared" and payload.get("event_id"):
        slack_request_record(
            kind=SlackRequest.Kind.EVENT, key=f"event:{payload['event_id']}", workspace_id=workspace_id, payload=payload
        )
    return HttpResponse(status=200)


def _json(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
