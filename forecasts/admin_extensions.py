"""What forecasts adds to tracker's admin (tracker never imports forecasts): a "coherence warnings" filter on
questions, from the community forecast's cross-question checks."""

from django.contrib import admin

from forecasts.selectors import coherence_violations
from tracker.models import Question


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
