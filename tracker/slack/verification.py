"""Is this request from Slack? Its signature (HMAC-SHA256 of "v0:timestamp:body" under the app's signing secret)
must match, and its timestamp be within five minutes of now, so a captured request cannot be replayed later.
slack_sdk's SignatureVerifier does both; the clock is Django's, so frozen time in tests freezes it too."""

import time

from django.conf import settings
from django.utils import timezone
from slack_sdk.signature import Clock, SignatureVerifier


class _DjangoClock(Clock):
    def now(self) -> float:
        return timezone.now().timestamp() if settings.USE_TZ else time.time()


def slack_app_configured() -> bool:
    return bool(
        settings.SIGNPOST_SLACK_CLIENT_ID
        and settings.SIGNPOST_SLACK_CLIENT_SECRET
        and settings.SIGNPOST_SLACK_SIGNING_SECRET
    )


def request_is_from_slack(*, body: bytes, timestamp: str | None, signature: str | None) -> bool:
    if not settings.SIGNPOST_SLACK_SIGNING_SECRET or not timestamp or not signature:
        return False
    verifier = SignatureVerifier(settings.SIGNPOST_SLACK_SIGNING_SECRET, clock=_DjangoClock())
    try:
        return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)
    except ValueError:  # a timestamp that is not a number
        return False
