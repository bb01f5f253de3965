"""Notifications as Slack direct messages: the sweep turns each notification waiting for Slack into a message to
its recipient's linked Slack account (in the workspace of the question's team when linked there), or marks it
skipped when the recipient has no linked account in a workspace where the app is installed."""

from typing import Any

from django.conf import settings
from django.db import transaction

from tracker.notifications.models import Notification
from tracker.slack.models import SlackInstallation, SlackUserLink
from tracker.slack.services.outbox import slack_message_queue

BATCH = 200


def _message(notification: Notification, slack_user_id: str) -> dict[str, Any]:
    text = f"*{notification.title}*\n{notification.body}"[:2900]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if notification.url:
        url = notification.url if notification.url.startswith("http") else settings.SITE_URL + notification.url
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "text": {"type": "plain_text", "text": "Open in Signpost"}, "url": url}
                ],
            }
        )
    return {"channel": slack_user_id, "text": notification.title, "blocks": blocks, "unfurl_links": False}


def slack_direct_messages_queue() -> int:
    """Queue a direct message for each notification waiting for Slack (a batch at a time, rows locked with
    skip_locked so concurrent sweeps share the work); returns how many were queued."""
    queued = 0
    while True:
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(slack_state=Notification.SlackState.PENDING)
                .select_related("question")
                .order_by("pk")[:BATCH]
            )
            if not waiting:
                return queued
            recipients = {n.recipient_id for n in waiting}
            installations = {
                i.workspace_id: i
                for i in SlackInstallation.objects.filter(uninstalled_at__isnull=True).exclude(bot_token_encrypted="")
            }
            links: dict[int, list[SlackUserLink]] = {}
            for link in SlackUserLink.objects.filter(user_id__in=recipients, workspace_id__in=list(installations)):
                links.setdefault(link.user_id, []).append(link)
            for notification in waiting:
                candidates = links.get(notification.recipient_id, [])
                team_id = notification.question.team_id if notification.question else None
                candidates.sort(key=lambda link: installations[link.workspace_id].team_id != team_id)
                if not candidates:
                    notification.slack_state = Notification.SlackState.SKIPPED
                    continue
                link = candidates[0]
                slack_message_queue(
                    installation=installations[link.workspace_id],
                    key=f"notification:{notification.pk}",
                    arguments=_message(notification, link.slack_user_id),
                )
                notification.slack_state = Notification.SlackState.QUEUED
                queued += 1
            Notification.objects.bulk_update(waiting, ["slack_state"])
