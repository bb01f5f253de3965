"""Admin of the story monitor: a team's news sources (added through the services, with the API's checks; their
health at a glance; parked ones resumed, any polled now) and its evidence proposals (accepted or rejected in bulk)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from tracker.accounts.requests import account_of
from tracker.admin.base import apply_each
from tracker.admin.scoping import ADD, CHANGE, VIEW, TeamScopedAdmin
from tracker.lib.forms import add_service_errors
from tracker.monitor.models import EvidenceProposal, NewsSource
from tracker.monitor.services import (
    evidence_proposal_accept,
    evidence_proposal_reject,
    news_source_add,
    news_source_poll_soon,
    news_source_resume,
    news_source_validate,
)


class NewsSourceForm(forms.ModelForm):
    url = forms.URLField(max_length=1000, assume_scheme="https")

    class Meta:
        model = NewsSource
        fields = ("team", "url", "kind", "poll_minutes")

    def clean(self):
        cleaned = super().clean() or {}
        team = cleaned.get("team")
        if self.instance.pk is None and team is not None and not self.errors:
            try:
                news_source_validate(
                    team=team,
                    url=cleaned.get("url", ""),
                    kind=cleaned.get("kind", ""),
                    poll_minutes=cleaned.get("poll_minutes"),
                )
            except ValidationError as error:
                add_service_errors(self, error)
        return cleaned


@admin.register(NewsSource)
class NewsSourceAdmin(TeamScopedAdmin, admin.ModelAdmin):
    curator_may = frozenset({VIEW, ADD, CHANGE})
    form = NewsSourceForm
    list_display = ("__str__", "team", "kind", "state", "last_polled_at", "last_outcome", "article_count")
    list_filter = ("state", "kind", "team")
    search_fields = ("url", "title", "team__name")
    readonly_fields = (
        "title",
        "state",
        "next_poll_at",
        "last_polled_at",
        "last_outcome",
        "consecutive_failures",
        "article_count",
        "added_by",
        "created_at",
    )
    actions = ["poll_now", "resume"]

    def get_fields(self, request: HttpRequest, obj: NewsSource | None = None):
        return ["team", "url", "kind", "poll_minutes"] if obj is None else ["poll_minutes", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: NewsSource | None = None) -> tuple[str, ...]:
        return self.readonly_fields if obj is None else ("team", "url", "kind", *self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: NewsSource, form: NewsSourceForm, change: bool) -> None:
        if change:
            NewsSource.objects.filter(pk=obj.pk).update(poll_minutes=form.cleaned_data["poll_minutes"])
            return
        data = form.cleaned_data
        created = news_source_add(
            team=data["team"],
            url=data["url"],
            kind=data["kind"],
            poll_minutes=data["poll_minutes"],
            added_by=account_of(request),
        )
        obj.pk = created.pk

    @admin.action(description="Poll now")
    def poll_now(self, request: HttpRequest, queryset) -> None:
        actor = account_of(request)
        apply_each(self, request, queryset, "poll queued", lambda s: news_source_poll_soon(source=s, actor=actor))

    @admin.action(description="Resume (poll a parked source again)")
    def resume(self, request: HttpRequest, queryset) -> None:
        apply_each(
            self,
            request,
            queryset,
            "resumed",
            lambda source: news_source_resume(source=source, actor=account_of(request)),
        )


@admin.register(EvidenceProposal)
class EvidenceProposalAdmin(TeamScopedAdmin, admin.ModelAdmin):
    """The monitor's evidence proposals: read here, accepted or rejected in bulk through the services."""

    curator_may = frozenset({VIEW, CHANGE})
    list_display = ("question", "article", "stance", "confidence", "state", "created_at")
    list_filter = ("state", "stance", "team")
    list_select_related = ("question", "article")
    search_fields = ("question__title", "article__title", "quote")
    # Every field, read only: a proposal changes only by being accepted or rejected through the services.
    readonly_fields = tuple(field.name for field in EvidenceProposal._meta.fields if field.name != "id")
    actions = ["accept", "reject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Accept as evidence")
    def accept(self, request: HttpRequest, queryset) -> None:
        actor = account_of(request)
        apply_each(self, request, queryset, "accepted", lambda p: evidence_proposal_accept(proposal=p, actor=actor))

    @admin.action(description="Reject")
    def reject(self, request: HttpRequest, queryset) -> None:
        actor = account_of(request)
        apply_each(self, request, queryset, "rejected", lambda p: evidence_proposal_reject(proposal=p, actor=actor))
