"""Which Signpost account a Slack user is: linked once, by a one-time address the bot gives the Slack user and the
person opens signed in to Signpost. Until then a Slack user is nobody: public facts only."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.accounts.models import Membership, User
from tracker.slack.models import SlackLinkCode, SlackUserLink
from tracker.slack.services.installations import slack_installation_for_workspace

LINK_CODE_LIFETIME = timedelta(minutes=30)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def slack_link_code_create(*, workspace_id: str, slack_user_id: str) -> str:
    """A fresh one-time code for this Slack user (only its hash is kept)."""
    code = secrets.token_urlsafe(24)
    SlackLinkCode.objects.create(
        code_hash=_hash(code),
        workspace_id=workspace_id,
        slack_user_id=slack_user_id,
        expires_at=timezone.now() + LINK_CODE_LIFETIME,
    )
    return code


def slack_link_complete(*, user: User, code: str) -> SlackUserLink:
    """Link the code's Slack user to `user`, who must be a member of the team that installed the app there. The code
    works once and for LINK_CODE_LIFETIME; linking again replaces an earlier link of either side."""
    with transaction.atomic():
        link_code = SlackLinkCode.objects.select_for_update().filter(code_hash=_hash(code)).first()
        if link_code is None or link_code.used_at is not None or link_code.expires_at <= timezone.now():
            raise ValidationError("This link has expired or was already used: type /signpost link in Slack again.")
        installation = slack_installation_for_workspace(link_code.workspace_id)
        if installation is None:
            raise ValidationError("The Slack app is no longer installed in that workspace.")
        if not Membership.objects.filter(team=installation.team, user=user).exists():
            raise PermissionDenied(f"Only members of {installation.team.name} can link their Slack account there.")
        link_code.used_at = timezone.now()
        link_code.save(update_fields=["used_at"])
        SlackUserLink.objects.filter(workspace_id=link_code.workspace_id, user=user).delete()
        SlackUserLink.objects.filter(
            workspace_id=link_code.workspace_id, slack_user_id=link_code.slack_user_id
        ).delete()
        try:
            return SlackUserLink.objects.create(
                user=user, workspace_id=link_code.workspace_id, slack_user_id=link_code.slack_user_id
            )
        except IntegrityError:  # a concurrent link of the same pair: theirs stands
            raise ValidationError("This Slack account was linked a moment ago; nothing to do.") from None


def slack_account(*, workspace_id: str, slack_user_id: str) -> User | None:
    """The Signpost account linked to this Slack user, or None (an unlinked user sees public facts only)."""
    link = (
        SlackUserLink.objects.filter(workspace_id=workspace_id, slack_user_id=slack_user_id, user__is_active=True)
        .select_related("user")
        .first()
    )
    return link.user if link else None


def slack_links_of(*, user: User) -> list[SlackUserLink]:
    return list(SlackUserLink.objects.filter(user=user).order_by("linked_at"))


def slack_link_remove(*, user: User, link_id: int) -> int:
    deleted, _ = SlackUserLink.objects.filter(pk=link_id, user=user).delete()
    return deleted
