"""Question filtering, defined once: the API list, the web list and the dashboard all filter through
`QuestionFilter` (callers order the queryset by their default first), so a parameter means the same everywhere (search matches every word, in the title or the
criteria) and the OpenAPI parameters are generated from it."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django_filters.fields import IsoDateTimeField

from tracker.lib.forms import SaneTimeMixin
from tracker.questions.models import Question

DUE_WINDOW = timedelta(days=7)
SEARCH_WORDS = 10
ORDERINGS = ("resolve_by", "scheduled_close_at", "opens_at", "created_at", "title")


class TimeFilterField(SaneTimeMixin, IsoDateTimeField):
    """An ISO-8601 time in the query string."""


class TimeFilter(django_filters.IsoDateTimeFilter):
    field_class = TimeFilterField


class QuestionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Question.Status.choices)
    type = django_filters.ChoiceFilter(choices=Question.Type.choices)
    scenario = django_filters.CharFilter(field_name="scenario__slug", help_text="Scenario slug.")
    tag = django_filters.CharFilter(field_name="tags__slug", help_text="Tag slug.")
    team = django_filters.CharFilter(field_name="team__slug", help_text="Team slug.")
    due = django_filters.ChoiceFilter(
        choices=[("closing", "Closing within 7 days"), ("resolution", "Due for resolution within 7 days")],
        method="filter_due",
        help_text="closing: open and closing within 7 days; resolution: closed and due for resolution within 7 days.",
    )
    resolve_by_before = TimeFilter(field_name="resolve_by", lookup_expr="lt")
    resolve_by_after = TimeFilter(field_name="resolve_by", lookup_expr="gte")
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Words, each in the title or the resolution criteria."
    )
    ordering = django_filters.OrderingFilter(fields=ORDERINGS)

    class Meta:
        model = Question
        fields: list[str] = []

    def filter_queryset(self, queryset):
        """The filters, then the ordering asked for (or the queryset's own), with the id as tie-breaker so that
        pages never overlap."""
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    def filter_due(self, queryset, name, value):
        horizon = timezone.now() + DUE_WINDOW
        if value == "closing":
            return queryset.filter(status=Question.Status.OPEN, scheduled_close_at__lte=horizon)
        return queryset.filter(status=Question.Status.CLOSED, resolve_by__lte=horizon)

    def filter_search(self, queryset, name, value):
        for word in value.split()[:SEARCH_WORDS]:
            queryset = queryset.filter(Q(title__icontains=word) | Q(resolution_criteria__icontains=word))
        return queryset
