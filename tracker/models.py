"""Every model of the tracker app, gathered from its domain subpackages so that Django finds them under the app
label `tracker` (tables and migration history are unchanged by the subpackage layout).

Code inside `tracker` imports models from their subpackage (`tracker.questions.models`); other apps may import
them from here.
"""

from tracker.accounts.models import ApiToken, Membership, Team, User
from tracker.curation.models import ClaimSuggestion, Source
from tracker.monitor.models import ArticleAddress, EvidenceProposal, NewsSource
from tracker.notifications.models import EmailDigest, Notification, NotificationPreference
from tracker.ops.models import IdempotentRequest, JobHeartbeat
from tracker.questions.models import Clarification, Evidence, Option, Question, QuestionLink, QuestionTransition, Tag
from tracker.resolution.models import ResolutionProposal, ResolveLinkUse
from tracker.scenarios.models import Scenario, ScenarioFlag, ScenarioFollow, Signpost
from tracker.slack.models import SlackInstallation, SlackLinkCode, SlackMessage, SlackRequest, SlackUserLink
from tracker.teams.models import Invitation, JoinLink, JoinRequest
from tracker.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery

__all__ = [
    "ApiToken",
    "ArticleAddress",
    "ClaimSuggestion",
    "Clarification",
    "EmailDigest",
    "Evidence",
    "EvidenceProposal",
    "IdempotentRequest",
    "Invitation",
    "JobHeartbeat",
    "JoinLink",
    "JoinRequest",
    "Membership",
    "NewsSource",
    "Notification",
    "NotificationPreference",
    "Option",
    "Question",
    "QuestionLink",
    "QuestionTransition",
    "ResolutionProposal",
    "ResolveLinkUse",
    "Scenario",
    "ScenarioFlag",
    "ScenarioFollow",
    "Signpost",
    "SlackInstallation",
    "SlackLinkCode",
    "SlackMessage",
    "SlackRequest",
    "SlackUserLink",
    "Source",
    "Tag",
    "Team",
    "User",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
]
