"""Messages to Slack, one row each (the outbox): created once per key in the transaction that caused them, then
claimed, sent and marked one at a time, so a slow or failing Slack call delays only its own message, a retried
task never posts twice, and a worker that dies mid-send leaves the message to be tried again when its lease ends."""

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tracker.ops.jobs import enqueue_after_commit
from tracker.slack.client import SlackApiError, SlackCallError, slack_call, slack_post_json
from tracker.slack.models import SlackInstallation, SlackMessage
from tracker.slack.secrets import token_decrypt

MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=2)
# Slack's answers that no retry will change.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "no_permission",
        "cannot_unfurl_url",
        "user_not_found",
        "msg_too_long",
        "invalid_blocks",
    }
)


def response_url_allowed(url: str) -> bool:
    """A command's reply address must be Slack's own (hooks.slack.com), or the stand-in that plays Slack."""
    parts, api = urlsplit(url), urlsplit(settings.SIGNPOST_SLACK_API_URL)
    if parts.scheme == "https" and parts.hostname == "hooks.slack.com":
        return True
    return (parts.scheme, parts.netloc) == (api.scheme, api.netloc)


def slack_message_queue(
    *, installation: SlackInstallation, key: str, method: str = SlackMessage.Method.POST, arguments: dict[str, Any]
) -> SlackMessage | None:
    """Record a message unless one with this key exists; it is sent after commit. None when refused (a reply
    address that is not Slack's)."""
    if method == SlackMessage.Method.RESPOND and not response_url_allowed(arguments.get("response_url", "")):
        return None
    message, created = SlackMessage.objects.get_or_create(
        installation=installation, key=key[:200], defaults={"method": method, "arguments": arguments}
    )
    if created:
        enqueue_after_commit("tracker.slack_send_message", message.pk)
    return message


def slack_messages_due(*, limit: int = 500) -> list[int]:
    return list(
        SlackMessage.objects.filter(state=SlackMessage.State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def _claim(message_id: int) -> SlackMessage | None:
    with transaction.atomic():
        message = (
            SlackMessage.objects.select_for_update(skip_locked=True)
            .select_related("installation")
            .filter(pk=message_id, state=SlackMessage.State.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = timezone.now() + LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message


def _deliver(message: SlackMessage) -> None:
    installation = message.installation
    if message.method == SlackMessage.Method.RESPOND:
        slack_post_json(message.arguments["response_url"], message.arguments["payload"])
        return
    token = token_decrypt(installation.bot_token_encrypted)
    if message.method == SlackMessage.Method.REVOKE:
        if token:
            try:
                slack_call(token, "auth.revoke", {})
            except SlackApiError as error:
                if error.response.get("error") not in PERMANENT_ERRORS:
                    raise
        SlackInstallation.objects.filter(pk=installation.pk).update(bot_token_encrypted="")
        return
    if not installation.is_active or not token:
        raise SlackApiError("The app was removed from the workspace.", {"ok": False, "error": "token_revoked"})
    slack_call(token, message.method, message.arguments)


def _after_failure(message: SlackMessage, error: str, *, permanent: bool) -> dict[str, Any]:
    """Failed for good (a refusal no retry changes, or the attempts ran out), else retried after 1, 2, 4, 8 minutes."""
    if permanent or message.attempts >= MAX_ATTEMPTS:
        return {"error": error[:300], "state": SlackMessage.State.FAILED}
    return {"error": error[:300], "next_attempt_at": timezone.now() + timedelta(minutes=2 ** (message.attempts - 1))}


def slack_message_send(*, message_id: int) -> str | None:
    """Send one message if it is due and nobody else holds it; its new state, or None when there was nothing to do."""
    message = _claim(message_id)
    if message is None:
        return None
    try:
        _deliver(message)
    except SlackApiError as error:
        reason = str(error.response.get("error", "refused"))
        update = _after_failure(message, f"Slack answered {reason}", permanent=reason in PERMANENT_ERRORS)
    except SlackCallError as error:
        update = _after_failure(message, str(error), permanent=False)
    else:
        update = {"state": SlackMessage.State.SENT, "sent_at": timezone.now(), "error": ""}
    SlackMessage.objects.filter(pk=message.pk).update(**update)
    return str(update.get("state", SlackMessage.State.PENDING))
