"""Shapes of tracker's API families, and the output shapes forecasts' endpoints reuse (evidence, proposals,
clarifications). Output serializers read prepared objects; input serializers only parse: the services decide what
is allowed and raise field errors, which the API returns in its one error shape."""

from rest_framework import serializers

from tracker.accounts.models import ApiToken, Membership
from tracker.api.conventions.fields import MAX_ID, StrictBooleanField, StrictCharField, StrictIntegerField, TimeField
from tracker.notifications.models import Notification, NotificationPreference
from tracker.questions.models import Clarification, Evidence
from tracker.resolution.models import ResolutionProposal
from tracker.scenarios.models import Scenario
from tracker.webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from tracker.webhooks.services.webhooks import SUBSCRIBABLE_EVENTS


class ScenarioSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    team = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)
    question_count = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = ["id", "slug", "title", "summary", "status", "team", "tags", "question_count", "created_at"]

    def get_question_count(self, scenario) -> int:
        return len(scenario.visible_questions)


class ReasonSerializer(serializers.Serializer):
    reason = StrictCharField()


class EvidenceSerializer(serializers.ModelSerializer):
    option = serializers.SlugRelatedField(read_only=True, slug_field="label", allow_null=True)
    added_by = serializers.SlugRelatedField(read_only=True, slug_field="username", allow_null=True)
    source = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "title",
            "url",
            "source",
            "publisher",
            "published_at",
            "published_precision",
            "quote",
            "summary",
            "stance",
            "option",
            "added_by",
            "added_at",
        ]


class EvidenceUpdateSerializer(serializers.Serializer):
    title = StrictCharField(max_length=400, required=False)
    publisher = StrictCharField(max_length=200, required=False, allow_blank=True)
    quote = StrictCharField(required=False, allow_blank=True)
    summary = StrictCharField(required=False, allow_blank=True)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices, required=False)


class NotificationSerializer(serializers.ModelSerializer):
    question = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "question", "created_at", "read_at"]


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
        help_text="Which to mark read; all when absent.",
    )


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Notification.Kind.choices)
    in_app = StrictBooleanField()
    email = serializers.ChoiceField(choices=NotificationPreference.Email.choices)
    slack = StrictBooleanField(
        required=False, help_text="Also as a Slack direct message (with a linked Slack account); omitted: unchanged."
    )


class WebhookSerializer(serializers.ModelSerializer):
    team = serializers.SlugField(source="team.slug", read_only=True)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBSCRIBABLE_EVENTS), required=False, help_text="Empty: every event."
    )

    class Meta:
        model = Webhook
        fields = [
            "id",
            "team",
            "url",
            "description",
            "events",
            "is_active",
            "disabled_reason",
            "consecutive_failures",
            "last_success_at",
            "created_at",
        ]
        read_only_fields = ["is_active", "disabled_reason", "consecutive_failures", "last_success_at", "created_at"]


class WebhookCreateSerializer(serializers.Serializer):
    team = serializers.SlugField(help_text="The team's slug; you must be one of its admins.")
    url = StrictCharField(max_length=500)
    description = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    events = serializers.ListField(child=StrictCharField(), required=False, default=list)


class WebhookUpdateSerializer(serializers.Serializer):
    url = StrictCharField(max_length=500, required=False)
    description = StrictCharField(max_length=200, required=False, allow_blank=True)
    events = serializers.ListField(child=StrictCharField(), required=False)
    is_active = StrictBooleanField(required=False)


class WebhookSecretSerializer(serializers.Serializer):
    secret = StrictCharField(help_text="Signs deliveries; shown on creation and rotation only.")
    previous_secret_expires_at = serializers.DateTimeField(allow_null=True)


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["number", "started_at", "status_code", "latency_ms", "succeeded", "error"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "delivery_id",
            "event",
            "state",
            "attempts",
            "last_status_code",
            "last_error",
            "next_attempt_at",
            "created_at",
            "delivered_at",
            "attempt_log",
        ]


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scope", "created_at", "last_used_at", "revoked_at"]


class ApiTokenCreateSerializer(serializers.Serializer):
    name = StrictCharField(max_length=100)
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices, default=ApiToken.Scope.READ)


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = StrictCharField(help_text="The token itself: shown this once, stored only as a hash.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


class ProposalSerializer(serializers.ModelSerializer):
    question = serializers.PrimaryKeyRelatedField(read_only=True)
    proposed_by = serializers.SlugRelatedField(
        read_only=True,
        slug_field="username",
        allow_null=True,
        help_text="Empty for a resolution hint of the story monitor.",
    )
    decided_by = serializers.SlugRelatedField(read_only=True, slug_field="username", allow_null=True)

    class Meta:
        model = ResolutionProposal
        fields = [
            "id",
            "question",
            "proposed_by",
            "outcome",
            "evidence_url",
            "note",
            "state",
            "decided_by",
            "decided_at",
            "reason",
            "article",
            "quote",
            "created_at",
        ]


class ClarificationSerializer(serializers.ModelSerializer):
    question = serializers.PrimaryKeyRelatedField(read_only=True)
    created_by = serializers.SlugRelatedField(read_only=True, slug_field="username", allow_null=True)

    class Meta:
        model = Clarification
        fields = ["id", "question", "text", "created_by", "created_at"]


class ApproveSerializer(serializers.Serializer):
    notes = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)
    effective_close_at = TimeField(
        required=False, allow_null=True, help_text="A retroactive close: when the answer became known."
    )


# --- teams --------------------------------------------------------------------------------------------------------


class TeamSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    member_count = serializers.IntegerField()
    my_role = serializers.CharField(allow_null=True, help_text="Your role in the team; null when not a member.")


class MemberSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    display_name = serializers.CharField(source="user.display_name")
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    joined_at = serializers.DateTimeField()


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Membership.Role.choices)
    state = serializers.CharField(help_text="pending, accepted, revoked or expired.")
    email_state = serializers.CharField(help_text="Whether the invitation email went out: pending, sent or failed.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class InvitationCreateSerializer(serializers.Serializer):
    email = StrictCharField(max_length=254)
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.FORECASTER)


class InvitationAcceptSerializer(serializers.Serializer):
    token = StrictCharField(max_length=500, help_text="The token in the invitation link (/teams/invitations/<token>/).")


class JoinRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField(source="user.username")
    message = serializers.CharField()
    state = serializers.CharField()
    created_at = serializers.DateTimeField()
    reason = serializers.CharField()


class JoinRequestCreateSerializer(serializers.Serializer):
    message = StrictCharField(max_length=500, required=False, allow_blank=True, default="")
