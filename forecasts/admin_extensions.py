"""What forecasts adds to tracker's admin (tracker never imports forecasts): a "coherence warnings" filter on
questions and the warnings themselves on question and scenario change pages, from the community forecast's
cross-question checks."""

from django.contrib import admin

from forecasts.selectors import coherence_violations
from tracker.models import Question, Scenario


class CoherenceWarningFilter(admin.SimpleListFilter):
    title = "coherence"
    parameter_name = "coherence"

    def lookups(self, request, model_admin):
        return [("warnings", "Has coherence warnings (community forecast)")]

    def queryset(self, request, queryset):
        if self.value() != "warnings":
            return queryset
        flagged = {question_id for violation in coherence_violations() for question_id in violation.question_ids}
        return queryset.filter(pk__in=flagged)


def extend_question_admin() -> None:
    model_admin = admin.site._registry.get(Question)
    if model_admin is not None and CoherenceWarningFilter not in model_admin.list_filter:
        model_admin.list_filter = (*model_admin.list_filter, CoherenceWarningFilter)


def _question_warnings(question) -> list[str]:
    return [v.message for v in coherence_violations() if question.pk in v.question_ids]


def _scenario_warnings(scenario) -> list[str]:
    return [violation.message for violation in coherence_violations(scenario=scenario)]


def add_change_page_warnings() -> None:
    from tracker.admin import CHANGE_PAGE_WARNINGS

    for model, provider in ((Question, _question_warnings), (Scenario, _scenario_warnings)):
        if provider not in CHANGE_PAGE_WARNINGS[model]:
            CHANGE_PAGE_WARNINGS[model].append(provider)
