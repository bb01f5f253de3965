"""Calls to Slack's Web API: slack_sdk's WebClient (methods, arguments, errors), sent through Signpost's outbound
policy (tracker.lib.outbound) so that every call has one total deadline and a bounded answer, and retried by our
outbox rather than by the client.

SIGNPOST_SLACK_API_URL is the operator's own setting (Slack, or a stand-in in tests and demos), so the address is
not checked as a user-given one would be."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.error import URLError
from urllib.request import Request

from django.conf import settings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from tracker.lib import outbound

__all__ = ["SlackApiError", "SlackCallError", "slack_call", "slack_client", "slack_oauth_access", "slack_post_json"]


class SlackCallError(Exception):
    """Slack could not be reached, or answered outside the Web API's shape."""


class _DeadlineWebClient(WebClient):
    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        body = req.data if isinstance(req.data, bytes) else b""
        headers = {name: str(value) for name, value in req.header_items()}
        response = outbound.post(url, body, headers, timeout=settings.SIGNPOST_SLACK_TIMEOUT, allow_private=True)
        if response.status is None:
            raise URLError(response.error)
        return {"status": response.status, "headers": {}, "body": response.body}


def slack_client(token: str = "") -> WebClient:
    """A Web API client with the installation's bot token (none for oauth.v2.access)."""
    return _DeadlineWebClient(
        token=token or None,
        base_url=settings.SIGNPOST_SLACK_API_URL,
        timeout=int(settings.SIGNPOST_SLACK_TIMEOUT) or 1,
        retry_handlers=[],
    )


@contextmanager
def _reaching_slack() -> Iterator[None]:
    """Slack unreachable, too slow or answering outside the Web API's shape: one SlackCallError, whatever the call."""
    try:
        yield
    except (URLError, SlackRequestError, ValueError) as error:
        raise SlackCallError(str(getattr(error, "reason", error))[:300]) from None


def slack_call(token: str, method: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """One Web API call; its answer's data, SlackApiError when Slack refuses it, SlackCallError when unreachable."""
    with _reaching_slack():
        return slack_client(token).api_call(method, json=arguments).data  # type: ignore[return-value]
    raise AssertionError("unreachable")  # for mypy: _reaching_slack re-raises


def slack_oauth_access(*, code: str, redirect_uri: str) -> dict[str, Any]:
    """Exchange an install's code for the bot token (oauth.v2.access, the client's credentials as HTTP Basic); the
    same errors as slack_call."""
    with _reaching_slack():
        response = slack_client().oauth_v2_access(
            client_id=settings.SIGNPOST_SLACK_CLIENT_ID,
            client_secret=settings.SIGNPOST_SLACK_CLIENT_SECRET,
            code=code,
            redirect_uri=redirect_uri,
        )
        return response.data if isinstance(response.data, dict) else {}
    raise AssertionError("unreachable")


def slack_post_json(url: str, payload: dict[str, Any]) -> None:
    """POST to a command's response_url (Slack's own hooks address), within the same deadline."""
    response = outbound.post(
        url,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json"},
        timeout=settings.SIGNPOST_SLACK_TIMEOUT,
        allow_private=True,
    )
    if not response.ok:
        raise SlackCallError(response.error or f"response_url answered {response.status}")
