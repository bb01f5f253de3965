"""Writes of evidence: add (with the stance and option rules), correct, remove."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from tracker.accounts.models import User
from tracker.accounts.permissions import user_can_curate
from tracker.lib.times import EARLIEST_PUBLICATION_YEAR, now_or, sane_time
from tracker.questions.models import Evidence, Option, Question
from tracker.questions.payloads import evidence_data, question_data
from tracker.webhooks.models import Webhook
from tracker.webhooks.services.events import webhook_event_emit

STANCE_ALIASES = {"yes": Evidence.Stance.SUPPORTS_YES, "no": Evidence.Stance.SUPPORTS_NO}


def evidence_validate(
    *,
    question: Question,
    stance: str,
    option: Option | str | None = None,
    url: str = "",
    source=None,
    published_at: datetime | None = None,
) -> tuple[str, Option | None]:
    """Every check evidence_add makes before writing, so forms can show them as field errors: (the stance and the
    option as they will be stored)."""
    stance = STANCE_ALIASES.get(stance, stance)
    if stance not in Evidence.Stance.values:
        raise ValidationError({"stance": f"Stance must be one of {', '.join(Evidence.Stance.values)}; got {stance!r}."})
    if question.is_continuous and stance != Evidence.Stance.CONTEXT:
        raise ValidationError(
            {"stance": "Evidence on a numeric or date question is context: its value, not a side, says what it shows."}
        )
    if question.is_binary and stance == Evidence.Stance.SUPPORTS_OPTION:
        raise ValidationError({"stance": "A binary question's evidence supports yes, supports no, or is context."})
    if not question.is_binary and stance in (Evidence.Stance.SUPPORTS_YES, Evidence.Stance.SUPPORTS_NO):
        raise ValidationError(
            {"stance": "Evidence on a multiple-choice question supports one of its options or is context."}
        )
    if isinstance(option, str):
        option = question.options.filter(label=option).first()
        if option is None:
            raise ValidationError({"option": "The option is not one of this question's options."})
    if option is not None and option.question_id != question.pk:
        raise ValidationError({"option": "The option is not one of this question's options."})
    if stance == Evidence.Stance.SUPPORTS_OPTION and option is None:
        raise ValidationError({"option": "Say which option the evidence supports."})
    if not url and source is None:
        raise ValidationError({"url": "Evidence needs a URL or a source."})
    if published_at is not None:
        sane_time(published_at, field="published_at", earliest_year=EARLIEST_PUBLICATION_YEAR)
    return stance, option if stance == Evidence.Stance.SUPPORTS_OPTION else None


def evidence_add(
    *,
    question: Question,
    title: str,
    added_by=None,
    url: str = "",
    source=None,  # a tracker.curation Source, when the evidence is an article we hold
    publisher: str = "",
    published_at: datetime | None = None,
    published_precision: str = "day",
    quote: str = "",
    summary: str = "",
    stance: str = Evidence.Stance.CONTEXT,
    option: Option | str | None = None,
    added_at: datetime | None = None,
    seeded: bool = False,
) -> Evidence:
    stance, option = evidence_validate(
        question=question, stance=stance, option=option, url=url, source=source, published_at=published_at
    )
    evidence = Evidence(
        question=question,
        title=title.strip(),
        url=url,
        source=source,
        publisher=publisher,
        published_at=published_at,
        published_precision=published_precision,
        quote=quote,
        summary=summary,
        stance=stance,
        option=option,
        added_by=added_by,
        added_at=now_or(added_at),
        seeded=seeded,
    )
    evidence.full_clean()
    with transaction.atomic():
        evidence.save()
        webhook_event_emit(
            team_id=question.team_id,
            event=Webhook.Event.EVIDENCE_ADDED,
            key=f"evidence.added:evidence:{evidence.pk}",
            data=lambda: {"question": question_data(question), "evidence": evidence_data(evidence)},
            occurred_at=evidence.added_at,
        )
    return evidence


EVIDENCE_EDITABLE = {"title", "publisher", "quote", "summary", "stance"}


def evidence_validate_update(*, evidence: Evidence, fields: dict) -> dict:
    """Every check evidence_update makes before writing; the fields as they will be stored."""
    question = evidence.question
    fields = dict(fields)
    unknown = sorted(set(fields) - EVIDENCE_EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be edited."))
    if "stance" in fields:
        fields["stance"] = STANCE_ALIASES.get(fields["stance"], fields["stance"])
        if fields["stance"] == Evidence.Stance.SUPPORTS_OPTION or evidence.stance == Evidence.Stance.SUPPORTS_OPTION:
            raise ValidationError({"stance": "Change an option's evidence by removing it and adding it again."})
        if not question.is_binary and fields["stance"] != Evidence.Stance.CONTEXT:
            raise ValidationError({"stance": "Multiple-choice evidence supports one of its options or is context."})
    return fields


def evidence_update(*, evidence: Evidence, actor: User, **fields) -> Evidence:
    """Whoever added the evidence, or the question's curators, may correct it."""
    question = evidence.question
    if actor is None or not (evidence.added_by_id == actor.pk or user_can_curate(user=actor, question=question)):
        raise PermissionDenied("Only the person who added the evidence, or the question's curators, can edit it.")
    fields = evidence_validate_update(evidence=evidence, fields=fields)
    changed = [name for name, value in fields.items() if getattr(evidence, name) != value]
    for name in changed:
        setattr(evidence, name, fields[name])
    evidence.full_clean()
    if changed:
        evidence.save(update_fields=changed)
    return evidence


def evidence_delete(*, evidence: Evidence, actor: User) -> None:
    if not user_can_curate(user=actor, question=evidence.question):
        raise PermissionDenied("Only the question's curators can remove evidence.")
    evidence.delete()
