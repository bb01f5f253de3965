"""Admin of resolution proposals and clarifications, through their services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from tracker.accounts.requests import account_of
from tracker.admin.base import apply_each, ask_first, error_text
from tracker.admin.scoping import ADD, CHANGE, VIEW, TeamScopedAdmin
from tracker.lib.forms import add_service_errors
from tracker.questions.models import Clarification
from tracker.questions.services.clarifications import clarification_add, clarification_validate
from tracker.resolution.models import ResolutionProposal
from tracker.resolution.services.proposals import proposal_approve, proposal_reject


class RejectProposalForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="The proposer sees it.")


@admin.register(ResolutionProposal)
class ResolutionProposalAdmin(TeamScopedAdmin, SimpleHistoryAdmin):
    """Proposals are decided, never edited: approve (resolves the question) or reject with a reason."""

    team_path = "question__team"
    curator_may = frozenset({VIEW, CHANGE})

    list_display = ("question", "outcome", "proposed_by", "state", "created_at", "decided_by")
    list_filter = ("state",)
    list_select_related = ("question", "proposed_by", "decided_by")
    search_fields = ("question__title", "note", "evidence_url")
    readonly_fields = (
        "question",
        "proposed_by",
        "outcome",
        "evidence_url",
        "note",
        "state",
        "decided_by",
        "decided_at",
        "reason",
    )
    actions = ["approve", "reject"]

    def has_add_permission(self, request: HttpRequest):
        return False  # forecasters propose through the API or the web UI

    def has_change_permission(self, request: HttpRequest, obj=None):
        # Viewing only: the actions below are the way to decide (has_view_permission keeps the page readable).
        return False

    @admin.action(description="Approve: resolve the question with the proposed outcome")
    def approve(self, request: HttpRequest, queryset):
        for proposal in queryset:
            try:
                proposal_approve(proposal=proposal, curator=account_of(request))
                self.message_user(request, f"Resolved {proposal.question}: {proposal.outcome}.", level=messages.SUCCESS)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{proposal}: {error_text(error)}", level=messages.ERROR)

    @admin.action(description="Reject (asks for a reason)")
    def reject(self, request: HttpRequest, queryset):
        def reject_all(answers):
            apply_each(
                self,
                request,
                queryset,
                "Rejected",
                lambda proposal: proposal_reject(
                    proposal=proposal, curator=account_of(request), reason=answers["reason"]
                ),
            )

        return ask_first(self, request, queryset, RejectProposalForm, "Reject proposals", reject_all)


class ClarificationForm(forms.ModelForm):
    """Checks the clarification with the service (rights, text, the question's state) without writing it: the
    admin's save_model adds it, and only then are the forecasters told."""

    class Meta:
        model = Clarification
        fields = ("question", "text")

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("question") and self.request is not None:
            try:
                clarification_validate(
                    question=cleaned["question"], curator=account_of(self.request), text=cleaned.get("text", "")
                )
            except ValidationError as error:
                add_service_errors(self, error)
            except PermissionDenied as error:
                self.add_error(None, error_text(error))
        return cleaned


@admin.register(Clarification)
class ClarificationAdmin(TeamScopedAdmin, SimpleHistoryAdmin):
    team_path = "question__team"
    curator_may = frozenset({VIEW, ADD})
    form = ClarificationForm
    list_display = ("question", "created_at", "created_by")
    list_select_related = ("question", "created_by")
    autocomplete_fields = ("question",)

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class WithRequest(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return WithRequest

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return ("question", "text") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj, form, change):
        if change:
            return  # a clarification is part of the record: never edited
        created = clarification_add(question=obj.question, curator=account_of(request), text=obj.text)
        obj.pk = created.pk
