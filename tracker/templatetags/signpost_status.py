"""A question's status as pages show it."""

from django import template
from django.utils.html import format_html

from tracker.questions.models import Question

register = template.Library()


@register.simple_tag
def status_badge(question) -> str:
    """ "Open", "Resolved: Yes": the status badge of a question. A tag rather than an included template: list pages
    show it on every row, and an include cost ~0.1 ms a row."""
    label = question.get_status_display()
    if question.status == Question.Status.RESOLVED:
        label = f"{label}: {question.outcome_label}"
    return format_html('<span class="status status-{}">{}</span>', question.status, label)
