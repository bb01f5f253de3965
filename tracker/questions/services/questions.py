"""Writes of questions that are not lifecycle steps: create, edit, tags, links between questions.

Each service validates (raising django.core.exceptions.ValidationError with field errors) and writes inside one
transaction. `actor=None` means the system; a user actor must hold the right the action needs."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from tracker.accounts.models import Team, User
from tracker.accounts.permissions import team_role, user_can_curate, user_can_curate_team
from tracker.lib.slugs import unique_slug
from tracker.lib.times import sane_time
from tracker.questions.models import Option, Question, QuestionLink, Tag
from tracker.questions.services.clarifications import clarification_add, question_edit_needs_clarification
from tracker.questions.services.ranges import RANGE_FIELDS, range_fields_clean
from tracker.questions.signals import question_window_changed


def require_curator(actor: User | None, question: Question) -> None:
    """None is the system (a sweep, the seed), which may do what a curator may."""
    if actor is not None and not user_can_curate(user=actor, question=question):
        raise PermissionDenied("Only the question's curators can do this.")


def require_member(user: User | None, team: Team | None) -> None:
    """A quick question's asker must belong to its team."""
    if team_role(user=user, team=team) is None:
        raise PermissionDenied(f"Only members of {team.name if team else 'the team'} can ask its questions.")


def question_lock(question: Question) -> Question:
    """Re-read the question under a row lock, so two concurrent transitions cannot both pass their checks."""
    return Question.objects.select_for_update().get(pk=question.pk)


def tags_get_or_create(*, names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in names:
        slug = slugify(name)
        if not slug:
            raise ValidationError({"tags": f"Tag {name!r} has no usable characters."})
        tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _validate_options(question_type: str, options: Sequence[str] | None) -> list[str]:
    labels = [label.strip() for label in (options or [])]
    if question_type == Question.Type.BINARY and labels:
        raise ValidationError({"options": "A binary question has no options; its answers are yes and no."})
    if question_type != Question.Type.MULTIPLE_CHOICE:
        if labels:
            raise ValidationError({"options": "Only a multiple-choice question has options; this one has a range."})
        return []
    if len(labels) < 2:
        raise ValidationError({"options": "A multiple-choice question needs at least two options."})
    if any(not label for label in labels):
        raise ValidationError({"options": "Every option needs a label."})
    if len(set(labels)) != len(labels):
        raise ValidationError({"options": "Option labels must be distinct."})
    return labels


def _locate_quote(source, quote: str) -> int | None:
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
    scenario=None,
    tags: Sequence[str] = (),
    team: Team | None = None,
    visibility: str = Question.Visibility.PUBLIC,
    origin_source=None,
    origin_quote: str = "",
    hide_crowd_until_forecast: bool = False,
    created_by=None,
    quick: bool = False,
    seeded: bool = False,
    **range_fields: Any,
) -> Question:
    """Create a draft question (and its options). Curators of the team, or staff, may create questions; any member
    of the team may create a quick one (the author is then recorded, not checked as a curator).

    A numeric or date question takes its range as keywords (ranges.RANGE_FIELDS: range_min, range_max,
    open_lower_bound, open_upper_bound, zero_point, unit)."""
    unknown = sorted(set(range_fields) - set(RANGE_FIELDS))
    if unknown:
        raise TypeError(f"question_create() got unexpected keyword arguments: {', '.join(unknown)}")
    if quick:
        require_member(created_by, team)
    elif created_by is not None and not user_can_curate_team(user=created_by, team=team):
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
        scenario=scenario,
        range_fields=range_fields,
    )
    labels = _validate_options(type, options)
    question = Question(
        **range_fields_clean(type=type, fields=range_fields),
        slug=slug or unique_slug(Question, title),
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
        quick=quick,
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


def question_validate_dates(
    *, opens_at: datetime | None, scheduled_close_at: datetime | None, resolve_by: datetime | None
) -> None:
    errors: dict[str, str | list[str]] = {}
    for name, value in (("opens_at", opens_at), ("scheduled_close_at", scheduled_close_at), ("resolve_by", resolve_by)):
        if value is None:
            errors[name] = "This date is required."
            continue
        try:
            sane_time(value, field=name)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors or opens_at is None or scheduled_close_at is None or resolve_by is None:
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


def question_validate_scenario(*, scenario, team) -> None:
    """A team's scenario gathers that team's questions only; a public scenario takes any."""
    if scenario is not None and scenario.team_id is not None and scenario.team_id != getattr(team, "pk", None):
        raise ValidationError({"scenario": "This scenario belongs to another team; choose a public one or your own."})


def question_validate_new(
    *,
    type,
    options,
    opens_at,
    scheduled_close_at,
    resolve_by,
    origin_source,
    origin_quote,
    team,
    visibility,
    scenario=None,
    range_fields=None,
) -> None:
    """Every check question_create makes before writing, so forms can show them as field errors."""
    if type not in Question.Type.values:
        raise ValidationError({"type": f"Type must be one of {', '.join(Question.Type.values)}; got {type!r}."})
    _validate_options(type, options)
    range_fields_clean(type=type, fields=range_fields or {})
    question_validate_dates(opens_at=opens_at, scheduled_close_at=scheduled_close_at, resolve_by=resolve_by)
    if visibility == Question.Visibility.TEAM and team is None:
        raise ValidationError({"team": "A team-only question needs a team."})
    question_validate_scenario(scenario=scenario, team=team)
    _locate_quote(origin_source, origin_quote)


def editable_fields(question: Question) -> set[str]:
    """The fields question_update accepts in the question's current state."""
    if question.status in (Question.Status.RESOLVED, Question.Status.ANNULLED):
        return set()
    if question.status == Question.Status.CLOSED:
        return EDITABLE_AFTER_SCHEDULING - {"scheduled_close_at"}
    if question.status == Question.Status.DRAFT:
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
    # A forecast is a CDF over the range: once forecasts may exist, a new range would change what they said.
    *RANGE_FIELDS,
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


def question_update(
    *, question: Question, actor: User | None, tags: Sequence[str] | None = None, **fields: Any
) -> Question:
    require_curator(actor, question)
    with transaction.atomic():
        question = question_lock(question)
        if question.status in (Question.Status.RESOLVED, Question.Status.ANNULLED):
            raise ValidationError("A resolved or annulled question cannot be edited; unresolve it first.")
        changed = [name for name, value in fields.items() if getattr(question, name) != value]
        not_allowed = sorted(set(changed) - editable_fields(question))
        if not_allowed:
            raise ValidationError(
                {name: f"{name} cannot be changed while the question is {question.status}." for name in not_allowed}
            )
        if "team" in changed and actor is not None and not user_can_curate_team(user=actor, team=fields["team"]):
            raise PermissionDenied("You can only move a question to a team whose questions you curate.")
        if set(changed) & set(RANGE_FIELDS):
            current = {name: getattr(question, name) for name in RANGE_FIELDS}
            cleaned = range_fields_clean(type=question.type, fields=current | {n: fields[n] for n in changed})
            fields = fields | {name: cleaned.get(name, fields.get(name)) for name in changed if name in RANGE_FIELDS}
        for name in changed:
            setattr(question, name, fields[name])
        _validate_question_dates(question)
        if question.visibility == Question.Visibility.TEAM and question.team is None:
            raise ValidationError({"team": "A team-only question needs a team."})
        if {"scenario", "team"} & set(changed):
            question_validate_scenario(scenario=question.scenario, team=question.team)
        question.full_clean()
        if changed:
            question.save(update_fields=[*changed, "updated_at"])
        if question.opened_at is not None and "scheduled_close_at" in changed:
            # Once open, the window forecasts count in runs from the opening to the close date.
            transaction.on_commit(lambda: question_window_changed.send(sender=Question, question_id=question.pk))
        if tags is not None:
            question.tags.set(tags_get_or_create(names=tags))
    return question


def question_link_create(
    *, kind: str, question: Question, related: Question, child: Question | None = None, actor: User | None = None
) -> QuestionLink:
    """Record how two questions relate (same event with a later deadline, or a conditional branch)."""
    require_curator(actor, question)
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


def question_edit(
    *, question: Question, actor: User, clarification: str = "", tags: Sequence[str] | None = None, **fields: Any
) -> Question:
    """Edit a question (question_update's rules for its state). On an open or closed question, a change to its
    wording or dates must say what changed: the text becomes a clarification (timestamped; forecasters notified),
    in the same transaction as the edit, so neither lands without the other. The web editor, the API and the
    admin all edit through here."""
    needs_note = question_edit_needs_clarification(question=question, fields=fields, clarification=clarification)
    with transaction.atomic():
        question = question_update(question=question, actor=actor, tags=tags, **fields)
        if needs_note:
            clarification_add(question=question, curator=actor, text=clarification)
    return question
