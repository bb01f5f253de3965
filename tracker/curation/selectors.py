"""Reads of articles."""

from django.db.models import Count, QuerySet

from tracker.curation.models import Source


def source_list() -> QuerySet[Source]:
    return Source.objects.annotate(question_count=Count("derived_questions")).order_by("published_at")
