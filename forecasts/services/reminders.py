"""Reminders as rows with a due time, planned from question dates and swept every minute.

- due for resolution: when `resolve_by` passes and the question is unresolved, its curators are reminded; again at
  +3 days; at +7 days the curators and the team admins. Nothing is sent once it is resolved or annulled.
- closing soon: SIGNPOST_CLOSING_SOON_HOURS before the close, forecasters with a standing forecast and team members
  who have not forecast.

The sweep locks due rows with `select_for_update(skip_locked=True)`, so any number of workers share the work, and
notifications are created through `notification_send`, whose unique key makes a repeated or concurrent sweep send
each one once. A reminder whose time has not really come (a date was moved) is postponed, not sent.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from forecasts.models import Forecast, Reminder
from forecasts.selectors.history import latest_rows, standing_forecasts
from tracker.accounts.permissions import CURATING_ROLES
from tracker.lib.times import local_text
from tracker.models import Evidence, Membership, Notification, Question, Webhook
from tracker.notifications.services.notifications import notification_send, notifications_send_many
from tracker.ops.health import backlog
from tracker.questions.payloads import question_data
from tracker.resolution.services.links import question_resolve_link
from tracker.webhooks.services.events import teams_with_webhooks, webhook_event_emit

ESCALATION_DAYS = (0, 3, 7)
UNRESOLVED = (Question.Status.OPEN, Question.Status.CLOSED)


POSTPONED = -1


def _closing_soon_lead() -> timedelta:
    return timedelta(hours=settings.SIGNPOST_CLOSING_SOON_HOURS)


def _due_time(kind: str, step: int, question: Question) -> datetime:
    """When a reminder is due given the question's dates now (curators may have moved them since planning)."""
    if kind == Reminder.Kind.DUE_FOR_RESOLUTION:
        return question.resolve_by + timedelta(days=ESCALATION_DAYS[step])
    return question.scheduled_close_at - _closing_soon_lead()


def reminders_plan(*, now: datetime | None = None) -> int:
    """Create the reminder rows that questions imply and do not have yet; safe to run any number of times."""
    now = now or timezone.now()
    rows = []
    has_due = Exists(Reminder.objects.filter(question=OuterRef("pk"), kind=Reminder.Kind.DUE_FOR_RESOLUTION))
    for question_id, resolve_by in (
        Question.objects.filter(status__in=UNRESOLVED).exclude(has_due).values_list("pk", "resolve_by").iterator()
    ):
        rows += [
            Reminder(
                kind=Reminder.Kind.DUE_FOR_RESOLUTION,
                question_id=question_id,
                step=step,
                due_at=resolve_by + timedelta(days=days),
            )
            for step, days in enumerate(ESCALATION_DAYS)
        ]
    has_closing = Exists(Reminder.objects.filter(question=OuterRef("pk"), kind=Reminder.Kind.CLOSING_SOON))
    for question_id, close in (
        Question.objects.filter(status=Question.Status.OPEN, scheduled_close_at__gt=now)
        .exclude(has_closing)
        .values_list("pk", "scheduled_close_at")
        .iterator()
    ):
        rows.append(
            Reminder(kind=Reminder.Kind.CLOSING_SOON, question_id=question_id, due_at=close - _closing_soon_lead())
        )
    Reminder.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


class _Staffing:
    """Curators and admins per team, loaded once per sweep batch (one query), and superusers for team-less questions."""

    def __init__(self, team_ids: set[int]) -> None:
        self.curators: dict[int, list] = {}
        self.admins: dict[int, list] = {}
        memberships = Membership.objects.filter(
            team_id__in=team_ids, role__in=CURATING_ROLES, user__is_active=True
        ).select_related("user")
        for membership in memberships.order_by("user_id"):
            target = self.curators if membership.role == Membership.Role.CURATOR else self.admins
            target.setdefault(membership.team_id, []).append(membership.user)
        self._staff = None

    def staff(self) -> list:
        if self._staff is None:
            self._staff = list(get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk"))
        return self._staff

    def for_step(self, question: Question, step: int) -> list:
        """Curators (the team admins when there are none); at the last step the curators and the team admins."""
        if question.team_id is None:
            return self.staff()
        curators = self.curators.get(question.team_id, [])
        admins = self.admins.get(question.team_id, [])
        if step == len(ESCALATION_DAYS) - 1:
            return curators + [admin for admin in admins if admin not in curators]
        return curators or admins


def _due_for_resolution(reminder: Reminder, question: Question, now: datetime, staffing: _Staffing):
    if question.status not in UNRESOLVED:
        return None
    if _due_time(reminder.kind, reminder.step, question) > now:
        return POSTPONED
    # Catching up (a question imported long overdue, a sweep that was down for days): only the most escalated stage
    # due is sent; the earlier ones it overtook are skipped, never a burst of every stage in the same minute.
    latest_due = max(step for step in range(len(ESCALATION_DAYS)) if _due_time(reminder.kind, step, question) <= now)
    if reminder.step < latest_due:
        return None
    overdue_days = (now - question.resolve_by).days
    title = f"Resolve: {question.title}"
    body = (
        f"This question was due for resolution on {question.resolve_by:%Y-%m-%d} ({overdue_days} day"
        f"{'s' if overdue_days != 1 else ''} ago) and is still {question.status}. Criteria: {question.resolution_criteria}"
    )
    return [
        {
            "recipient": recipient,
            "kind": Notification.Kind.DUE_FOR_RESOLUTION,
            "subject": f"question:{question.pk}",
            "window": f"step-{reminder.step}",
            "title": title,
            "body": body,
            "url": question_resolve_link(user=recipient, question=question),
            "question": question,
        }
        for recipient in staffing.for_step(question, reminder.step)
    ]


def _closing_soon(reminder: Reminder, question: Question, now: datetime, staffing: _Staffing):
    if question.status != Question.Status.OPEN or question.scheduled_close_at <= now:
        return None
    if _due_time(reminder.kind, reminder.step, question) > now:
        return POSTPONED
    standing = {forecast.user_id: forecast for forecast in standing_forecasts(question=question)}
    recipients = {forecast.user_id: forecast.user for forecast in standing.values()}
    if question.team_id is not None:
        forecasters = Forecast.objects.filter(question=question, user=OuterRef("pk"))
        members = get_user_model().objects.filter(memberships__team_id=question.team_id, is_active=True)
        for member in members.exclude(Exists(forecasters)).distinct():
            recipients.setdefault(member.pk, member)
    drafts = []
    for user_id, recipient in recipients.items():
        closes = local_text(question.scheduled_close_at, recipient.time_zone)  # in the recipient's time zone
        if user_id in standing:
            forecast = standing[user_id]
            shown = f"{forecast.probability:.0%}" if forecast.probability is not None else "your option probabilities"
            body = f"It closes {closes}. Your forecast stands at {shown}; update it if your view changed."
        else:
            body = f"It closes {closes} and you have not forecast yet."
        drafts.append(
            {
                "recipient": recipient,
                "kind": Notification.Kind.CLOSING_SOON,
                "subject": f"question:{question.pk}",
                "window": "closing",
                "title": f"Closing soon: {question.title}",
                "body": body,
                "url": question.get_absolute_url(),
                "question": question,
            }
        )
    return drafts


def _emit_due(question: Question) -> None:
    webhook_event_emit(
        team_id=question.team_id,
        event=Webhook.Event.QUESTION_DUE,
        key=f"question.due:question:{question.pk}:resolve_by:{question.resolve_by:%Y%m%dT%H%M%S}",
        data=lambda: {"question": question_data(question)},
    )


HANDLERS = {Reminder.Kind.DUE_FOR_RESOLUTION: _due_for_resolution, Reminder.Kind.CLOSING_SOON: _closing_soon}


def reminders_sweep(*, now: datetime | None = None, batch: int = 500) -> dict[str, int]:
    """Process every due reminder, batch by batch: each batch's rows locked (so concurrent sweeps share the work),
    its notifications inserted together, its rows updated together: a handful of queries per batch."""
    now = now or timezone.now()
    counts = {"sent": 0, "skipped": 0, "postponed": 0, "notified": 0}
    while True:
        with transaction.atomic():
            due = list(
                Reminder.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(done_at__isnull=True, due_at__lte=now)
                .select_related("question")
                .order_by("due_at", "id")[:batch]
            )
            if not due:
                return counts
            staffing = _Staffing({reminder.question.team_id for reminder in due if reminder.question.team_id})
            drafts: list[dict] = []
            newly_due: list[Question] = []
            for reminder in due:
                result = HANDLERS[reminder.kind](reminder, reminder.question, now, staffing)
                if result == POSTPONED:
                    reminder.due_at = _due_time(reminder.kind, reminder.step, reminder.question)
                    counts["postponed"] += 1
                    continue
                reminder.done_at = now
                reminder.outcome = Reminder.Outcome.SKIPPED if result is None else Reminder.Outcome.SENT
                reminder.recipients = len(result or [])
                counts["skipped" if result is None else "sent"] += 1
                counts["notified"] += len(result or [])
                drafts += result or []
                if result is not None and reminder.kind == Reminder.Kind.DUE_FOR_RESOLUTION:
                    newly_due.append(reminder.question)  # question.due is keyed: emitted once whatever the step
            notifications_send_many(drafts)
            listening = teams_with_webhooks({question.team_id for question in newly_due})
            for question in newly_due:
                if question.team_id in listening:
                    _emit_due(question)
            Reminder.objects.bulk_update(due, ["due_at", "done_at", "outcome", "recipients"], batch_size=1000)


def undelivered_reminders(now: datetime) -> dict:
    """A /health/ check: the age of the oldest reminder that is due and not processed."""
    oldest = (
        Reminder.objects.filter(done_at__isnull=True, due_at__lte=now)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    return backlog(oldest, now)


def stale_forecasts_notify(*, now: datetime | None = None) -> int:
    """Remind forecasters whose standing forecast on an open question is older than SIGNPOST_STALE_FORECAST_DAYS
    and predates evidence added since; the reminder names that evidence. Once per standing forecast."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SIGNPOST_STALE_FORECAST_DAYS)
    newer_evidence = Evidence.objects.filter(question=OuterRef("question"), added_at__gt=OuterRef("created_at"))
    stale = list(
        latest_rows(Forecast.objects.filter(question__status=Question.Status.OPEN))
        .filter(kind=Forecast.Kind.FORECAST, created_at__lt=cutoff)
        .filter(Exists(newer_evidence))
        .select_related("question", "user")
    )
    evidence_by_question: dict[int, list] = {}
    for item in Evidence.objects.filter(question_id__in={f.question_id for f in stale}).order_by("added_at", "id"):
        evidence_by_question.setdefault(item.question_id, []).append(item)
    sent = 0
    for forecast in stale:
        fresh = [
            item for item in evidence_by_question.get(forecast.question_id, []) if item.added_at > forecast.created_at
        ]
        named = "; ".join(f"“{item.title}”" + (f" ({item.publisher})" if item.publisher else "") for item in fresh[:5])
        more = f" and {len(fresh) - 5} more" if len(fresh) > 5 else ""
        _, created = notification_send(
            recipient=forecast.user,
            kind=Notification.Kind.STALE_FORECAST,
            subject=f"question:{forecast.question_id}",
            window=f"forecast-{forecast.pk}",
            title=f"New evidence since your forecast: {forecast.question.title}",
            body=(
                f"Your forecast of {forecast.created_at:%Y-%m-%d} predates {len(fresh)} new piece"
                f"{'s' if len(fresh) != 1 else ''} of evidence: {named}{more}. Does it change your view?"
            ),
            url=forecast.question.get_absolute_url(),
            question=forecast.question,
        )
        sent += created
    return sent
