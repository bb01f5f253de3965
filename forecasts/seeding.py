"""The seed story's forecasts side: demo forecast histories (recorded through forecast_submit / forecast_withdraw)
and its discussion (`seeds/discussion.json`, recorded through comment_create)."""

import json
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.dateparse import parse_datetime

from forecasts.engine.demo_histories import DemoForecaster, demo_history
from forecasts.models import Comment
from forecasts.selectors.distribution import scale_of
from forecasts.services.discussion import comment_create
from forecasts.services.forecasting import forecast_submit, forecast_withdraw
from tracker.models import Question
from tracker.questions.services.ranges import as_range_number
from tracker.seeding import SeedError

DISCUSSION_FILE = Path(settings.BASE_DIR) / "seeds" / "discussion.json"


def _outcome_index(question: Question, entry: dict) -> float | None:
    """Where the question resolved: 1/0 (binary), the option's index, or a numeric or date outcome's place on the
    question's scale."""
    resolution = entry.get("resolution")
    if not resolution:
        return None
    if question.is_continuous:
        return _place(question, resolution["outcome"])
    if question.is_binary:
        return 1 if resolution["outcome"] == Question.BinaryOutcome.YES else 0
    return entry["options"].index(resolution["outcome"])


def _place(question: Question, value: object) -> float:
    """A seed value (a number, or a date for a date question) as its place on the question's scale."""
    number = as_range_number(value, field="demo_prior", is_date=question.type == Question.Type.DATE)
    if number is None:
        raise SeedError(f"{question.slug}: a demo prior's quantile has no value.")
    return scale_of(question).to_unit(number)


def demo_forecasts_recorder(story: dict):
    """A `during_open` hook for tracker.seeding.seed_story that records the demo accounts' forecasts."""
    forecasters = [
        DemoForecaster(person["username"], person["skill"], person["activity"])
        for person in story["people"]
        if person.get("forecasts")
    ]
    users: dict = {}  # filled on first use: the seed creates the demo accounts before any question

    def record(question: Question, entry: dict, forecasting_ends: datetime) -> None:
        if not users:
            usernames = [forecaster.username for forecaster in forecasters]
            users.update((user.username, user) for user in get_user_model().objects.filter(username__in=usernames))
        prior = entry["demo_prior"]
        if question.is_continuous:  # the prior's quantiles as places on the question's scale
            prior = [[p, _place(question, value)] for p, value in prior]
        history = demo_history(
            question_slug=question.slug,
            prior=prior,
            outcome=_outcome_index(question, entry),
            window_start=question.opened_at,
            window_end=forecasting_ends,
            forecasters=forecasters,
        )
        for forecast in history:
            user = users[forecast.username]
            if forecast.value is None:
                forecast_withdraw(user=user, question=question, at=forecast.at)
                continue
            values: dict[str, Any]
            if question.is_continuous:
                from_unit = scale_of(question).from_unit
                quantiles = cast(list[list[float]], forecast.value)
                values = {"quantiles": [[p, from_unit(place)] for p, place in quantiles]}
            else:
                values = {"probability" if question.is_binary else "probabilities": forecast.value}
            forecast_submit(user=user, question=question, rationale=forecast.rationale, at=forecast.at, **values)

    return record


def seed_discussion(path: Path = DISCUSSION_FILE) -> int:
    """Record the seed discussion on the seed story's questions; a comment already there (same question, author and
    text) is left alone, so running it twice adds nothing. Questions a user made (not seeded) are never touched.
    Returns how many comments were added."""
    try:
        threads = json.loads(path.read_text(encoding="utf-8"))["threads"]
    except (OSError, ValueError, KeyError) as error:
        raise SeedError(f"{path.name}: cannot read the seed discussion ({error}).") from None
    users = {user.username: user for user in get_user_model().objects.filter(is_demo=True)}
    added = 0

    def record(question: Question, entry: dict, parent: Comment | None) -> Comment:
        nonlocal added
        author = users.get(entry["author"])
        if author is None:
            raise SeedError(f"{path.name}: no demo account {entry['author']!r}.")
        existing = Comment.objects.filter(question=question, author=author, body=entry["body"].strip()).first()
        if existing is not None:
            return existing
        cited = list(question.evidence.filter(url__in=entry.get("cites", [])).values_list("pk", flat=True))
        if len(cited) != len(entry.get("cites", [])):
            raise SeedError(f"{path.name}: {question.slug} has no evidence with some of {entry['cites']}.")
        try:
            comment = comment_create(
                author=author,
                question=question,
                body=entry["body"],
                audience=entry.get("audience", "public"),
                parent=parent,
                evidence_ids=cited,
                at=parse_datetime(entry["at"]),
            )
        except (ValidationError, PermissionDenied) as error:
            raise SeedError(f"{path.name}: {question.slug}: {error}") from None
        added += 1
        return comment

    for thread in threads:
        question = Question.objects.filter(slug=thread["question"], seeded=True).first()
        if question is None:
            continue
        for entry in thread["comments"]:
            top = record(question, entry, None)
            for reply in entry.get("replies", []):
                record(question, reply, top)
    return added
