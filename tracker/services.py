"""Writes of the core domain. Every state change of a question goes through one of these functions.

Each service validates (raising django.core.exceptions.ValidationError with field errors), writes inside one
transaction, records the lifecycle step, and announces it with a signal sent after commit. `actor=None` means the
system (a scheduled job); a user actor must hold the right the action needs.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from tracker import signals
from tracker.models import (
    Evidence,
    Membership,
    Option,
    Question,
    QuestionLink,
    QuestionTransition,
    Scenario,
    Source,
    Tag,
    Team,
    User,
    Webhook,
)
from tracker.selectors import user_can_curate, user_can_curate_team
from tracker.signposts import signposts_on_resolution
from tracker.webhooks import evidence_data, question_data, webhook_event_emit

Status = Question.Status


# --- helpers --------------------------------------------------------------------------------------------------


def _now_or(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValidationError({"at": "Times must carry a time zone (UTC)."})
    return at


def _unique_slug(model, text: str, max_length: int = 120) -> str:
    base = slugify(text)[: max_length - 8].strip("-") or "item"
    slug, counter = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _require_curator(actor, question: Question) -> None:
    if actor is not None and not user_can_curate(user=actor, question=question):
        raise PermissionDenied("Only the question's curators can do this.")


def _announce(signal, **kwargs) -> None:
    transaction.on_commit(lambda: signal.send(sender=Question, **kwargs))


def _transition(question: Question, to_status: str, *, at: datetime, actor, note: str = "") -> QuestionTransition:
    from_status = question.status
    question.status = to_status
    return QuestionTransition.objects.create(
        question=question, from_status=from_status, to_status=to_status, at=at, actor=actor, note=note
    )


def _emit_transition(question: Question, event: str, transition: QuestionTransition) -> None:
    """The team's webhooks hear of the transition, in the same transaction (one event per transition)."""
    webhook_event_emit(
        team_id=question.team_id,
        event=event,
        key=f"{event}:question:{question.pk}:transition:{transition.pk}",
        data=lambda: {"question": question_data(question), "note": transition.note},
        occurred_at=transition.at,
    )


# Every field a resolution, annulment or unresolve may change; saved together so a question is never half-settled.
SETTLEMENT_FIELDS = [
    "status",
    "closed_at",
    "resolution",
    "resolved_option",
    "resolved_at",
    "resolved_by",
    "effective_close_at",
    "resolution_notes",
    "updated_at",
]


def _lock(question: Question) -> Question:
    """Re-read the question under a row lock, so two concurrent transitions cannot both pass their checks."""
    return Question.objects.select_for_update().get(pk=question.pk)


# --- teams, tags, scenarios, sources --------------------------------------------------------------------------


def team_create(*, name: str, slug: str = "", description: str = "", seeded: bool = False) -> Team:
    team = Team(name=name, slug=slug or _unique_slug(Team, name, 80), description=description, seeded=seeded)
    team.full_clean()
    team.save()
    return team


def membership_set(*, team: Team, user: User, role: str) -> Membership:
    """Add the user to the team with the role, or change the role of an existing member."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": f"Role must be one of {', '.join(Membership.Role.values)}; got {role!r}."})
    membership, created = Membership.objects.get_or_create(team=team, user=user, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def tags_get_or_create(*, names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in names:
        slug = slugify(name)
        if not slug:
            raise ValidationError({"tags": f"Tag {name!r} has no usable characters."})
        tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def scenario_create(
    *,
    title: str,
    summary: str = "",
    slug: str = "",
    tags: Sequence[str] = (),
    team: Team | None = None,
    actor=None,
    seeded: bool = False,
) -> Scenario:
    if actor is not None and not user_can_curate_team(user=actor, team=team):
        raise PermissionDenied("Only curators can create scenarios.")
    with transaction.atomic():
        scenario = Scenario(
            title=title, summary=summary, slug=slug or _unique_slug(Scenario, title), team=team, seeded=seeded
        )
        scenario.full_clean()
        scenario.save()
        scenario.tags.set(tags_get_or_create(names=tags))
    return scenario


def source_create(
    *,
    title: str,
    text: str = "",
    publisher: str = "",
    url: str = "",
    published_at: datetime | None = None,
    language: str = "en",
    slug: str = "",
    seeded: bool = False,
) -> Source:
    source = Source(
        title=title,
        text=text,
        publisher=publisher,
        url=url,
        published_at=published_at,
        language=language,
        slug=slug or _unique_slug(Source, title),
        seeded=seeded,
    )
    source.full_clean()
    source.save()
    return source


# --- questions ------------------------------------------------------------------------------------------------


def _validate_options(question_type: str, options: Sequence[str] | None) -> list[str]:
    labels = [label.strip() for label in (options or [])]
    if question_type == Question.Type.BINARY:
        if labels:
            raise ValidationError({"options": "A binary question has no options; its answers are yes and no."})
        return []
    if len(labels) < 2:
        raise ValidationError({"options": "A multiple-choice question needs at least two options."})
    if any(not label for label in labels):
        raise ValidationError({"options": "Every option needs a label."})
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": "Option labels must be distinct."})
    return labels


def _locate_quote(source: Source | None, quote: str) -> int | None:
    if not quote:
        return None
    if source is None:
        raise ValidationError({"origin_source": "A quoted origin sentence needs the source it was quoted from."})
    start = source.text.find(quote)
    if start < 0:
        raise ValidationError({"origin_quote": "The quoted sentence does not appear in the source's text."})
    return start


def question_create(
    *,
    title: str,
    resolution_criteria: str,
    opens_at: datetime,
    scheduled_close_at: datetime,
    resolve_by: datetime,
    type: str = Question.Type.BINARY,
    options: Sequence[str] | None = None,
    slug: str = "",
    background: str = "",
    fine_print: str = "",
    scenario: Scenario | None = None,
    tags: Sequence[str] = (),
    team: Team | None = None,
    visibility: str = Question.Visibility.PUBLIC,
    origin_source: Source | None = None,
    origin_quote: str = "",
    hide_crowd_until_forecast: bool = False,
    created_by=None,
    seeded: bool = False,
) -> Question:
    """Create a draft question (and its options). Curators of the team, or staff, may create questions."""
    if created_by is not None and not user_can_curate_team(user=created_by, team=team):
        raise PermissionDenied("Only the team's curators can create its questions.")
    question_validate_new(
        type=type,
        options=options,
        opens_at=opens_at,
        scheduled_close_at=scheduled_close_at,
        resolve_by=resolve_by,
        origin_source=origin_source,
        origin_quote=origin_quote,
        team=team,
        visibility=visibility,
    )
    labels = _validate_options(type, options)
    question = Question(
        slug=slug or _unique_slug(Question, title),
        title=title.strip(),
        resolution_criteria=resolution_criteria.strip(),
        background=background,
        fine_print=fine_print,
        type=type,
        opens_at=opens_at,
        scheduled_close_at=scheduled_close_at,
        resolve_by=resolve_by,
        scenario=scenario,
        team=team,
        visibility=visibility,
        origin_source=origin_source,
        origin_quote=origin_quote,
        origin_quote_start=_locate_quote(origin_source, origin_quote),
        hide_crowd_until_forecast=hide_crowd_until_forecast,
        created_by=created_by,
        seeded=seeded,
    )
    question.full_clean()
    with transaction.atomic():
        question.save()
        bulk_create_with_history(
            [Option(question=question, position=index, label=label) for index, label in enumerate(labels)], Option
        )
        question.tags.set(tags_get_or_create(names=tags))
    return question


def question_validate_dates(*, opens_at, scheduled_close_at, resolve_by) -> None:
    errors = {}
    for name, value in (("opens_at", opens_at), ("scheduled_close_at", scheduled_close_at), ("resolve_by", resolve_by)):
        if value is None:
            errors[name] = "This date is required."
        elif timezone.is_naive(value):
            errors[name] = "Times must carry a time zone (UTC)."
    if errors:
        raise ValidationError(errors)
    if scheduled_close_at <= opens_at:
        errors["scheduled_close_at"] = "The question must close after it opens."
    if resolve_by < scheduled_close_at:
        errors["resolve_by"] = "The resolution deadline cannot be before the question closes."
    if errors:
        raise ValidationError(errors)


def _validate_question_dates(question: Question) -> None:
    question_validate_dates(
        opens_at=question.opens_at, scheduled_close_at=question.scheduled_close_at, resolve_by=question.resolve_by
    )


def question_validate_new(
    *, type, options, opens_at, scheduled_close_at, resolve_by, origin_source, origin_quote, team, visibility
) -> None:
    """Every check question_create makes before writing, so forms can show them as field errors."""
    if type not in Question.Type.values:
        raise ValidationError({"type": f"Type must be one of {', '.join(Question.Type.values)}; got {type!r}."})
    _validate_options(type, options)
    question_validate_dates(opens_at=opens_at, scheduled_close_at=scheduled_close_at, resolve_by=resolve_by)
    if visibility == Question.Visibility.TEAM and team is None:
        raise ValidationError({"team": "A team-only question needs a team."})
    _locate_quote(origin_source, origin_quote)


def editable_fields(question: Question) -> set[str]:
    """The fields question_update accepts in the question's current state."""
    if question.status in (Status.RESOLVED, Status.ANNULLED):
        return set()
    if question.status == Status.CLOSED:
        return EDITABLE_AFTER_SCHEDULING - {"scheduled_close_at"}
    if question.status == Status.DRAFT:
        return EDITABLE_WHILE_DRAFT
    return EDITABLE_AFTER_SCHEDULING


EDITABLE_WHILE_DRAFT = {
    "title",
    "background",
    "resolution_criteria",
    "fine_print",
    "opens_at",
    "scheduled_close_at",
    "resolve_by",
    "scenario",
    "visibility",
    "team",
    "hide_crowd_until_forecast",
}
# Once forecasters may have seen a question, its dates to open and its ownership no longer change; the wording
# can still be corrected (clarifications with notifications come with the curation workflow).
EDITABLE_AFTER_SCHEDULING = {
    "title",
    "background",
    "resolution_criteria",
    "fine_print",
    "scheduled_close_at",
    "resolve_by",
    "scenario",
    "hide_crowd_until_forecast",
}


def question_update(*, question: Question, actor, tags: Sequence[str] | None = None, **fields) -> Question:
    _require_curator(actor, question)
    with transaction.atomic():
        question = _lock(question)
        if question.status in (Status.RESOLVED, Status.ANNULLED):
            raise ValidationError("A resolved or annulled question cannot be edited; unresolve it first.")
        changed = [name for name, value in fields.items() if getattr(question, name) != value]
        not_allowed = sorted(set(changed) - editable_fields(question))
        if not_allowed:
            raise ValidationError(
                {name: f"{name} cannot be changed while the question is {question.status}." for name in not_allowed}
            )
        for name in changed:
            setattr(question, name, fields[name])
        _validate_question_dates(question)
        question.full_clean()
        if changed:
            question.save(update_fields=[*changed, "updated_at"])
        if tags is not None:
            question.tags.set(tags_get_or_create(names=tags))
    return question


def question_schedule(*, question: Question, actor=None) -> Question:
    """Draft → scheduled: the question will open at `opens_at` (the lifecycle job opens it)."""
    _require_curator(actor, question)
    with transaction.atomic():
        question = _lock(question)
        if question.status != Status.DRAFT:
            raise ValidationError({"status": f"Only a draft can be scheduled; this question is {question.status}."})
        _transition(question, Status.SCHEDULED, at=timezone.now(), actor=actor)
        question.save(update_fields=["status", "updated_at"])
    return question


def question_open(*, question: Question, actor=None, at: datetime | None = None) -> Question:
    """Scheduled → open. Forecasts are accepted from `at` on."""
    _require_curator(actor, question)
    at = _now_or(at)
    with transaction.atomic():
        question = _lock(question)
        if question.status != Status.SCHEDULED:
            raise ValidationError({"status": f"Only a scheduled question can open; this one is {question.status}."})
        if at >= question.scheduled_close_at:
            raise ValidationError({"at": "A question cannot open at or after its scheduled close."})
        transition = _transition(question, Status.OPEN, at=at, actor=actor)
        question.opened_at = at
        question.save(update_fields=["status", "opened_at", "updated_at"])
        _emit_transition(question, Webhook.Event.QUESTION_OPENED, transition)
    _announce(signals.question_opened, question_id=question.pk)
    return question


def question_close(*, question: Question, actor=None, at: datetime | None = None) -> Question:
    """Open → closed: forecasting ends; the question awaits its resolution."""
    _require_curator(actor, question)
    at = _now_or(at)
    with transaction.atomic():
        question = _lock(question)
        if question.status != Status.OPEN:
            raise ValidationError({"status": f"Only an open question can be closed; this one is {question.status}."})
        if at <= question.opened_at:
            raise ValidationError({"at": "A question cannot close before it opened."})
        transition = _transition(question, Status.CLOSED, at=at, actor=actor)
        question.closed_at = at
        question.save(update_fields=["status", "closed_at", "updated_at"])
        _emit_transition(question, Webhook.Event.QUESTION_CLOSED, transition)
    _announce(signals.question_closed, question_id=question.pk)
    return question


def _outcome_fields(question: Question, outcome) -> dict:
    if question.is_binary:
        value = outcome.strip().lower() if isinstance(outcome, str) else outcome
        if value not in Question.BinaryOutcome.values:
            raise ValidationError({"outcome": f"A binary question resolves yes or no; got {outcome!r}."})
        return {"resolution": value, "resolved_option": None}
    options = list(question.options.all())
    if isinstance(outcome, Option):
        chosen = next((option for option in options if option.pk == outcome.pk), None)
    else:
        chosen = next((option for option in options if option.label == outcome), None)
    if chosen is None:
        labels = "; ".join(option.label for option in options)
        raise ValidationError({"outcome": f"The outcome must be one of this question's options ({labels})."})
    return {"resolution": "", "resolved_option": chosen}


def _clear_outcome(question: Question) -> None:
    question.resolution = ""
    question.resolved_option = None
    question.effective_close_at = None


def _end_forecasting(question: Question, *, at: datetime) -> None:
    """Resolving or annulling an open question closes it at that moment."""
    if question.status == Status.OPEN:
        if at <= question.opened_at:
            raise ValidationError({"at": "A question cannot close before it opened."})
        question.closed_at = at


def question_resolve(
    *,
    question: Question,
    outcome,
    resolved_by,
    effective_close_at: datetime | None = None,
    notes: str = "",
    at: datetime | None = None,
) -> Question:
    """Open or closed → resolved with an outcome. `effective_close_at` is a retroactive close (the event date)."""
    _require_curator(resolved_by, question)
    at = _now_or(at)
    with transaction.atomic():
        question = _lock(question)
        if question.status == Status.RESOLVED:
            raise ValidationError({"status": "This question is already resolved; unresolve it before resolving again."})
        if question.status == Status.ANNULLED:
            raise ValidationError({"status": "An annulled question cannot be resolved; unresolve it first."})
        if question.status not in (Status.OPEN, Status.CLOSED):
            raise ValidationError(
                {"status": f"Only an open or closed question can be resolved; this one is {question.status}."}
            )
        outcome_fields = _outcome_fields(question, outcome)
        _end_forecasting(question, at=at)
        if at < question.closed_at:
            raise ValidationError({"at": "A question cannot be resolved before it closed."})
        if effective_close_at is not None:
            if timezone.is_naive(effective_close_at):
                raise ValidationError({"effective_close_at": "Times must carry a time zone (UTC)."})
            if not question.opened_at < effective_close_at <= question.closed_at:
                raise ValidationError(
                    {
                        "effective_close_at": "The retroactive close must fall after the question opened and no later than it closed."
                    }
                )
        for name, value in outcome_fields.items():
            setattr(question, name, value)
        question.resolved_at = at
        question.resolved_by = resolved_by
        question.effective_close_at = effective_close_at
        question.resolution_notes = notes
        transition = _transition(question, Status.RESOLVED, at=at, actor=resolved_by, note=notes)
        question.full_clean()
        question.save(update_fields=SETTLEMENT_FIELDS)
        _emit_transition(question, Webhook.Event.QUESTION_RESOLVED, transition)
        signposts_on_resolution(question=question)
    _announce(signals.question_resolved, question_id=question.pk)
    return question


def question_annul(*, question: Question, annulled_by, reason: str, at: datetime | None = None) -> Question:
    """Open, closed or resolved → annulled: the question will not be scored (the premise failed, say)."""
    _require_curator(annulled_by, question)
    at = _now_or(at)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the question is annulled."})
    with transaction.atomic():
        question = _lock(question)
        if question.status == Status.ANNULLED:
            raise ValidationError({"status": "This question is already annulled."})
        if question.status not in (Status.OPEN, Status.CLOSED, Status.RESOLVED):
            raise ValidationError(
                {"status": f"Only an open, closed or resolved question can be annulled; this one is {question.status}."}
            )
        _end_forecasting(question, at=at)
        _clear_outcome(question)
        question.resolved_at = at
        question.resolved_by = annulled_by
        question.resolution_notes = reason
        transition = _transition(question, Status.ANNULLED, at=at, actor=annulled_by, note=reason)
        question.save(update_fields=SETTLEMENT_FIELDS)
        _emit_transition(question, Webhook.Event.QUESTION_ANNULLED, transition)
    _announce(signals.question_annulled, question_id=question.pk)
    return question


def question_unresolve(*, question: Question, actor, reason: str) -> Question:
    """Resolved or annulled → closed, clearing the outcome; the explicit step before resolving again."""
    _require_curator(actor, question)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the resolution is withdrawn."})
    with transaction.atomic():
        question = _lock(question)
        if question.status not in (Status.RESOLVED, Status.ANNULLED):
            raise ValidationError(
                {"status": f"Only a resolved or annulled question can be unresolved; this one is {question.status}."}
            )
        _clear_outcome(question)
        question.resolved_at = None
        question.resolved_by = None
        question.resolution_notes = ""
        transition = _transition(question, Status.CLOSED, at=timezone.now(), actor=actor, note=reason)
        question.save(update_fields=SETTLEMENT_FIELDS)
        _emit_transition(question, Webhook.Event.QUESTION_UNRESOLVED, transition)
    _announce(signals.question_unresolved, question_id=question.pk)
    return question


# --- evidence -------------------------------------------------------------------------------------------------

STANCE_ALIASES = {"yes": Evidence.Stance.SUPPORTS_YES, "no": Evidence.Stance.SUPPORTS_NO}


def evidence_add(
    *,
    question: Question,
    title: str,
    added_by=None,
    url: str = "",
    source: Source | None = None,
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
    stance = STANCE_ALIASES.get(stance, stance)
    if stance not in Evidence.Stance.values:
        raise ValidationError({"stance": f"Stance must be one of {', '.join(Evidence.Stance.values)}; got {stance!r}."})
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
        option=option if stance == Evidence.Stance.SUPPORTS_OPTION else None,
        added_by=added_by,
        added_at=_now_or(added_at),
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
    transaction.on_commit(
        lambda: signals.evidence_added.send(sender=Evidence, question_id=question.pk, evidence_id=evidence.pk)
    )
    return evidence


EVIDENCE_EDITABLE = {"title", "publisher", "quote", "summary", "stance"}


def evidence_update(*, evidence: Evidence, actor, **fields) -> Evidence:
    """Whoever added the evidence, or the question's curators, may correct it."""
    question = evidence.question
    if actor is None or not (evidence.added_by_id == actor.pk or user_can_curate(user=actor, question=question)):
        raise PermissionDenied("Only the person who added the evidence, or the question's curators, can edit it.")
    unknown = sorted(set(fields) - EVIDENCE_EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be edited."))
    if "stance" in fields:
        fields["stance"] = STANCE_ALIASES.get(fields["stance"], fields["stance"])
        if fields["stance"] == Evidence.Stance.SUPPORTS_OPTION or evidence.stance == Evidence.Stance.SUPPORTS_OPTION:
            raise ValidationError({"stance": "Change an option's evidence by removing it and adding it again."})
        if not question.is_binary and fields["stance"] != Evidence.Stance.CONTEXT:
            raise ValidationError({"stance": "Multiple-choice evidence supports one of its options or is context."})
    changed = [name for name, value in fields.items() if getattr(evidence, name) != value]
    for name in changed:
        setattr(evidence, name, fields[name])
    evidence.full_clean()
    if changed:
        evidence.save(update_fields=changed)
    return evidence


def evidence_delete(*, evidence: Evidence, actor) -> None:
    if not user_can_curate(user=actor, question=evidence.question):
        raise PermissionDenied("Only the question's curators can remove evidence.")
    evidence.delete()


# --- lifecycle job --------------------------------------------------------------------------------------------


def questions_due_to_open(*, now: datetime) -> list[int]:
    return list(Question.objects.filter(status=Status.SCHEDULED, opens_at__lte=now).values_list("pk", flat=True))


def questions_due_to_close(*, now: datetime) -> list[int]:
    return list(Question.objects.filter(status=Status.OPEN, scheduled_close_at__lte=now).values_list("pk", flat=True))


def question_apply_schedule(*, question_id: int, now: datetime | None = None) -> str | None:
    """Open or close one question whose scheduled time has come; a no-op when another run already did it.

    The transition takes effect at the scheduled time, not at the sweep's, so a late sweep does not stretch a
    question's forecasting window.
    """
    now = _now_or(now)
    with transaction.atomic():
        question = Question.objects.select_for_update(skip_locked=True).filter(pk=question_id).first()
        if question is None:
            return None
        if question.status == Status.SCHEDULED and question.opens_at <= now:
            if question.scheduled_close_at <= now:
                question_open(question=question, at=question.opens_at)
                question_close(question=question, at=question.scheduled_close_at)
                return "opened and closed"
            question_open(question=question, at=question.opens_at)
            return "opened"
        if question.status == Status.OPEN and question.scheduled_close_at <= now:
            close_at = max(question.scheduled_close_at, question.opened_at + timedelta(seconds=1))
            question_close(question=question, at=close_at)
            return "closed"
    return None


# --- links between questions ----------------------------------------------------------------------------------


def question_link_create(
    *, kind: str, question: Question, related: Question, child: Question | None = None, actor=None
) -> QuestionLink:
    """Record how two questions relate (same event with a later deadline, or a conditional branch)."""
    _require_curator(actor, question)
    question_link_validate(kind=kind, question=question, related=related, child=child)
    link = QuestionLink(kind=kind, question=question, related=related, child=child)
    link.full_clean()
    link.save()
    return link


def question_link_validate(*, kind: str, question: Question, related: Question, child: Question | None) -> None:
    """Every check question_link_create makes, so the admin can show them as form errors."""
    if kind not in QuestionLink.Kind.values:
        raise ValidationError({"kind": f"Kind must be one of {', '.join(QuestionLink.Kind.values)}; got {kind!r}."})
    involved = [question, related] + ([child] if child is not None else [])
    if any(not q.is_binary for q in involved):
        raise ValidationError({"kind": "Coherence links join binary questions only."})
    if question.pk == related.pk:
        raise ValidationError({"related": "A question cannot be linked to itself."})
    if kind == QuestionLink.Kind.LATER_DEADLINE:
        if child is not None:
            raise ValidationError({"child": "A later-deadline link has no child question."})
        if related.scheduled_close_at <= question.scheduled_close_at:
            raise ValidationError({"related": "The related question must have the later deadline."})
    elif child is None or child.pk in (question.pk, related.pk):
        raise ValidationError({"child": "A conditional names the child question it conditions, distinct from both."})
