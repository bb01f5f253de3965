"""The Slack app's part of /health/: messages due and not attempted, and requests from Slack no worker took, mean no
worker serves the app (unhealthy). Messages retrying after Slack refused or timed out, and those that failed for
good, are reported without making the system unhealthy: Slack's trouble, or a team's removed channel, not ours."""

from datetime import datetime, timedelta

from django.db.models import Min

from tracker.ops.health import backlog
from tracker.slack.models import SlackMessage, SlackRequest


def undelivered_slack(now: datetime) -> dict:
    pending = SlackMessage.objects.filter(state=SlackMessage.State.PENDING)
    # A message backing off after a failed attempt is not due until its next attempt (nor one a worker holds).
    oldest_message = pending.filter(next_attempt_at__lte=now).aggregate(at=Min("next_attempt_at"))["at"]
    oldest_request = SlackRequest.objects.filter(state=SlackRequest.State.PENDING).aggregate(at=Min("received_at"))[
        "at"
    ]
    oldest = min((at for at in (oldest_message, oldest_request) if at is not None), default=None)
    report = backlog(oldest, now)
    report.update(
        retrying=pending.filter(attempts__gt=0).count(),
        failed_last_day=SlackMessage.objects.filter(
            state=SlackMessage.State.FAILED, created_at__gte=now - timedelta(days=1)
        ).count(),
    )
    return report
