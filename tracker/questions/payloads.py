"""Questions and evidence as webhook payloads show them."""

from django.conf import settings

from tracker.questions.models import Question


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def question_data(question: Question) -> dict:
    """The question as webhook payloads show it."""
    data = {
        "id": question.pk,
        "slug": question.slug,
        "title": question.title,
        "url": _absolute(question.get_absolute_url()),
        "type": question.type,
        "status": question.status,
        "visibility": question.visibility,
        "scenario_id": question.scenario_id,
        "opens_at": question.opens_at,
        "scheduled_close_at": question.scheduled_close_at,
        "resolve_by": question.resolve_by,
        "opened_at": question.opened_at,
        "closed_at": question.closed_at,
    }
    if question.status in (Question.Status.RESOLVED, Question.Status.ANNULLED):
        data.update(
            outcome=question.outcome_label if question.status == Question.Status.RESOLVED else None,
            resolved_at=question.resolved_at,
            effective_close_at=question.effective_close_at,
            resolution_notes=question.resolution_notes,
        )
    return data


def evidence_data(evidence) -> dict:
    return {
        "id": evidence.pk,
        "title": evidence.title,
        "url": evidence.url or (evidence.source.url if evidence.source_id else ""),
        "publisher": evidence.publisher,
        "published_at": evidence.published_at,
        "stance": evidence.stance,
        "option": evidence.option.label if evidence.option_id else None,
        "quote": evidence.quote,
        "summary": evidence.summary,
        "added_by": evidence.added_by.get_username() if evidence.added_by_id else None,
        "added_at": evidence.added_at,
    }
