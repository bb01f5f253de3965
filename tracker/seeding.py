"""Loads the seed story (seeds/story.json) through the same services users go through.

Upserts by stable slugs and only ever touches rows it created itself (`seeded=True`). A question that is new to
the database is replayed through its lifecycle (scheduled → open → closed → resolved) at the dates the story gives,
and `during_open` lets the caller (the forecasts app) record forecasts while it is open, so that `tracker` never
imports `forecasts`.
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tracker.accounts.models import Membership, Team
from tracker.accounts.services import membership_set, team_create
from tracker.curation.models import Source
from tracker.curation.services import source_create, suggestions_refresh
from tracker.monitor.models import ArticleAddress, NewsSource
from tracker.monitor.services import article_match
from tracker.questions.models import Question, QuestionLink
from tracker.questions.services.evidence import evidence_add
from tracker.questions.services.lifecycle import question_close, question_open, question_resolve, question_schedule
from tracker.questions.services.questions import question_create, question_link_create, question_update
from tracker.questions.services.ranges import RANGE_FIELDS
from tracker.scenarios.models import Scenario, Signpost
from tracker.scenarios.services.scenarios import scenario_create
from tracker.scenarios.services.signposts import signpost_add

logger = logging.getLogger(__name__)

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
STORY_PATH = SEEDS_DIR / "story.json"

QUESTION_TEXT_FIELDS = ("title", "background", "resolution_criteria", "fine_print")


class SeedError(Exception):
    """The story file is malformed or contradicts the data already in the database."""


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def count(self, kind: str, what: str) -> None:
        target = self.created if kind == "created" else self.updated
        target[what] = target.get(what, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


# Called with the open question, its story entry, and the moment forecasting ends in the replay.
DuringOpen = Callable[[Question, dict, datetime], None]


def _refresh_seeded_row(row, values: dict, report: SeedReport, what: str) -> None:
    """Bring a row the seed created in line with the story, saving only the fields that differ."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(row, name, values[name])
    row.full_clean()
    row.save(update_fields=changed)
    report.count("updated", what)


def read_story(path: Path = STORY_PATH) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"Seed file not found: {path}") from None
    except json.JSONDecodeError as error:
        raise SeedError(f"Seed file {path} is not valid JSON: {error}") from None


def _time(value: str | None, where: str) -> datetime | None:
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise SeedError(f"{where}: {value!r} is not an ISO-8601 time with a time zone.")
    return parsed


def _publication_time(value: str | None, where: str) -> tuple[datetime | None, str]:
    """A publication date that may be known only to the month ("2025-03") or the year ("2025")."""
    if value is None:
        return None, "day"
    if len(value) == 4 and value.isdigit():
        return _time(f"{value}-01-01T00:00:00Z", where), "year"
    if len(value) == 7:
        return _time(f"{value}-01T00:00:00Z", where), "month"
    if len(value) == 10:
        return _time(f"{value}T00:00:00Z", where), "day"
    return _time(value, where), "day"


def story_date(story: dict) -> datetime:
    """The last moment of demo activity in the story: the present, or earlier when the clock says so."""
    return min(_time(story["story_date"], "story_date"), timezone.now())


def _upsert_people(story: dict, report: SeedReport) -> tuple[Team, dict]:
    team_data = story["team"]
    team = Team.objects.filter(slug=team_data["slug"]).first()
    if team is None:
        team = team_create(
            name=team_data["name"], slug=team_data["slug"], description=team_data["description"], seeded=True
        )
        report.count("created", "teams")
    elif not team.seeded:
        raise SeedError(f"Team {team.slug!r} exists and was not created by the seed; rename it or the seed team.")
    User = get_user_model()
    people = {}
    for person in story["people"]:
        user = User.objects.filter(username=person["username"]).first()
        if user is None:
            user = User(username=person["username"], display_name=person["display_name"], is_demo=True)
            user.set_unusable_password()
            user.save()
            report.count("created", "users")
        elif not user.is_demo:
            raise SeedError(f"User {user.username!r} exists and is not a demo account; the seed will not touch it.")
        if not Membership.objects.filter(team=team, user=user, role=person["role"]).exists():
            membership_set(team=team, user=user, role=person["role"])
            report.count("updated", "memberships")
        people[person["username"]] = user
    return team, people


def _upsert_sources(story: dict, report: SeedReport, team: Team) -> dict[str, Source]:
    sources = {}
    for entry in story["sources"]:
        text = (SEEDS_DIR / entry["file"]).read_text(encoding="utf-8")
        values = {
            "title": entry["title"],
            "publisher": entry["publisher"],
            "url": entry["url"],
            "published_at": _time(entry["published_at"], entry["slug"]),
            "language": entry["language"],
            "text": text,
            "team": team,
        }
        source = Source.objects.filter(slug=entry["slug"]).first()
        if source is None:
            source = source_create(slug=entry["slug"], seeded=True, **values)
            report.count("created", "sources")
        elif source.seeded:
            _refresh_seeded_row(source, values, report, "sources")
        else:
            report.skipped.append(f"source {entry['slug']} (created by a user)")
        sources[entry["slug"]] = source
    return sources


def _propose_claims(sources: dict[str, Source], report: SeedReport) -> None:
    """The seed articles' claims, as an import proposes them: those the story made questions of are recorded as
    accepted with them, the rest wait for a curator (with the flags of drafts that need a human title)."""
    for source in sources.values():
        if source.seeded:
            for _ in suggestions_refresh(source=source):
                report.count("created", "claim suggestions")


def seed_news_source(team: Team, sources: dict[str, Source], report: SeedReport) -> None:
    """The demo's story monitor: the team follows this instance's public article feed, whose entries are the seed
    articles, already imported; each was matched (as the monitor does) against the questions open when it was
    published and those open now, so the curator's inbox has proposals waiting. Polling it finds nothing new."""
    feed_path = reverse("articles-feed")
    feed_url = settings.SITE_URL + feed_path
    # The seed's source is the one no person added; it moves with SIGNPOST_SITE_URL.
    news_source = NewsSource.objects.filter(team=team, added_by=None, url__endswith=feed_path).first()
    if news_source is None:
        news_source = NewsSource.objects.create(
            team=team,
            url=feed_url,
            kind=NewsSource.Kind.FEED,
            title="This instance's public articles",
            poll_minutes=settings.SIGNPOST_SOURCE_POLL_MINUTES,
            # Not at once: `make run` seeds before its web server is up to answer the first poll.
            next_poll_at=timezone.now() + timedelta(minutes=settings.SIGNPOST_SOURCE_POLL_MINUTES),
            last_outcome=f"{len(sources)} seed articles imported from seeds/",
        )
        report.count("created", "news sources")
    elif news_source.url != feed_url:
        NewsSource.objects.filter(pk=news_source.pk).update(url=feed_url)
        ArticleAddress.objects.filter(news_source=news_source).exclude(url__startswith=settings.SITE_URL).delete()
        report.count("updated", "news sources")
    for source in sources.values():
        if not source.seeded:
            continue
        _, created = ArticleAddress.objects.get_or_create(
            team=team,
            url=settings.SITE_URL + reverse("source-detail", args=[source.slug]),
            defaults={"article": source, "news_source": news_source, "found_at": source.created_at},
        )
        if created:
            report.count("created", "article addresses")
        for as_of in (source.published_at, None):
            proposals, _ = article_match(article=source, as_of=as_of)
            for _ in proposals:
                report.count("created", "evidence proposals")
    NewsSource.objects.filter(pk=news_source.pk).update(
        article_count=ArticleAddress.objects.filter(news_source=news_source).count()
    )


def _upsert_scenarios(story: dict, report: SeedReport) -> dict[str, Scenario]:
    scenarios = {}
    for entry in story["scenarios"]:
        scenario = Scenario.objects.filter(slug=entry["slug"]).first()
        if scenario is None:
            scenario = scenario_create(
                slug=entry["slug"], title=entry["title"], summary=entry["summary"], tags=entry["tags"], seeded=True
            )
            report.count("created", "scenarios")
        elif scenario.seeded:
            _refresh_seeded_row(scenario, {"title": entry["title"], "summary": entry["summary"]}, report, "scenarios")
        else:
            report.skipped.append(f"scenario {entry['slug']} (created by a user)")
        scenarios[entry["slug"]] = scenario
    return scenarios


def _replay_lifecycle(
    question: Question, entry: dict, *, curator, now: datetime, until: datetime, during_open: DuringOpen | None
) -> None:
    """Move a new question through the states its story dates imply, as of `now`."""
    question_schedule(question=question)
    if question.opens_at > now:
        return
    question = question_open(question=question, at=question.opens_at)
    resolution = entry.get("resolution")
    resolved_at = _time(resolution["resolved_at"], entry["slug"]) if resolution else None
    if resolved_at is not None and resolved_at > now:
        resolved_at = None
    forecasting_ends = min(question.scheduled_close_at, resolved_at or question.scheduled_close_at, until)
    if during_open is not None and forecasting_ends > question.opens_at:
        during_open(question, entry, forecasting_ends)
    if resolved_at is None:
        if question.scheduled_close_at <= now:
            question_close(question=question, at=question.scheduled_close_at)
        return
    if resolved_at >= question.scheduled_close_at:
        question = question_close(question=question, at=question.scheduled_close_at)
    question_resolve(
        question=question,
        outcome=resolution["outcome"],
        resolved_by=curator,
        effective_close_at=_time(resolution.get("effective_close_at"), entry["slug"]),
        notes=resolution["notes"],
        at=resolved_at,
    )


def _upsert_evidence(question: Question, entry: dict, report: SeedReport) -> None:
    existing = {item.url: item for item in question.evidence.filter(seeded=True)}
    for item in entry.get("evidence", []):
        published_at, precision = _publication_time(item.get("published_on"), entry["slug"])
        values = {
            "title": item["title"],
            "publisher": item.get("publisher", ""),
            "published_at": published_at,
            "published_precision": precision,
            "summary": item.get("summary", ""),
            "quote": item.get("quote", ""),
            "stance": item["stance"],
        }
        evidence = existing.get(item["url"])
        if evidence is None:
            evidence_add(
                question=question,
                url=item["url"],
                option=item.get("option"),
                added_at=values["published_at"],
                seeded=True,
                **values,
            )
            report.count("created", "evidence")
            continue
        _refresh_seeded_row(evidence, values, report, "evidence")


def _upsert_links(story: dict, report: SeedReport) -> None:
    slugs = {entry["question"] for entry in story.get("links", [])} | {
        entry["related"] for entry in story.get("links", [])
    }
    questions = {question.slug: question for question in Question.objects.filter(slug__in=slugs, seeded=True)}
    for entry in story.get("links", []):
        question, related = questions.get(entry["question"]), questions.get(entry["related"])
        if question is None or related is None:
            continue  # one side was left alone (a user's question with a seed slug)
        if QuestionLink.objects.filter(kind=entry["kind"], question=question, related=related).exists():
            continue
        question_link_create(kind=entry["kind"], question=question, related=related)
        report.count("created", "links")


def _upsert_signposts(story: dict, report: SeedReport) -> None:
    entries = story.get("signposts", [])
    scenarios = {s.slug: s for s in Scenario.objects.filter(slug__in={e["scenario"] for e in entries}, seeded=True)}
    questions = {q.slug: q for q in Question.objects.filter(slug__in={e["question"] for e in entries}, seeded=True)}
    for entry in entries:
        scenario, question = scenarios.get(entry["scenario"]), questions.get(entry["question"])
        if scenario is None or question is None:
            continue
        if Signpost.objects.filter(scenario=scenario, question=question).exists():
            continue
        signpost_add(
            scenario=scenario,
            question=question,
            direction=entry["direction"],
            threshold=entry.get("threshold", 0.10),
            note=entry.get("note", ""),
            actor=None,
        )
        report.count("created", "signposts")


def _create_question(entry, *, team, scenario, sources, curator, now, until, during_open) -> Question:
    origin = entry.get("origin") or {}
    visibility = entry.get("visibility", Question.Visibility.PUBLIC)
    question = question_create(
        slug=entry["slug"],
        title=entry["title"],
        type=entry.get("type", Question.Type.BINARY),
        options=entry.get("options"),
        background=entry.get("background", ""),
        resolution_criteria=entry["resolution_criteria"],
        fine_print=entry.get("fine_print", ""),
        opens_at=_time(entry["opens_at"], entry["slug"]),
        scheduled_close_at=_time(entry["scheduled_close_at"], entry["slug"]),
        resolve_by=_time(entry["resolve_by"], entry["slug"]),
        scenario=scenario,
        tags=entry.get("tags", []),
        team=team,
        visibility=visibility,
        origin_source=sources.get(origin.get("source")) if origin else None,
        origin_quote=origin.get("quote", ""),
        seeded=True,
        **{name: entry[name] for name in RANGE_FIELDS if name in entry},
    )
    _replay_lifecycle(question, entry, curator=curator, now=now, until=until, during_open=during_open)
    question.refresh_from_db()
    return question


def _update_question_text(question: Question, entry: dict, report: SeedReport) -> None:
    if question.status in (Question.Status.RESOLVED, Question.Status.ANNULLED):
        return  # A settled question's wording is part of the record.
    changed = {
        name: entry.get(name, "") for name in QUESTION_TEXT_FIELDS if getattr(question, name) != entry.get(name, "")
    }
    if changed:
        question_update(question=question, actor=None, **changed)
        report.count("updated", "questions")


def seed_story(
    story: dict | None = None, *, during_open: DuringOpen | None = None, now: datetime | None = None
) -> SeedReport:
    story = story if story is not None else read_story()
    now = now or timezone.now()
    until = min(story_date(story), now)
    report = SeedReport()
    try:
        with transaction.atomic():
            team, people = _upsert_people(story, report)
            curator = next(people[p["username"]] for p in story["people"] if p["role"] == Membership.Role.CURATOR)
            sources = _upsert_sources(story, report, team)
            scenarios = _upsert_scenarios(story, report)
        for entry in story["questions"]:
            with transaction.atomic():
                question = Question.objects.filter(slug=entry["slug"]).first()
                if question is not None and not question.seeded:
                    report.skipped.append(f"question {entry['slug']} (created by a user)")
                    continue
                if question is None:
                    question = _create_question(
                        entry,
                        team=team,
                        scenario=scenarios[entry["scenario"]],
                        sources=sources,
                        curator=curator,
                        now=now,
                        until=until,
                        during_open=during_open,
                    )
                    report.count("created", "questions")
                else:
                    _update_question_text(question, entry, report)
                _upsert_evidence(question, entry, report)
        with transaction.atomic():
            _upsert_links(story, report)
            _upsert_signposts(story, report)
            _propose_claims(sources, report)
            seed_news_source(team, sources, report)
    except ValidationError as error:
        raise SeedError(f"The seed story is invalid: {'; '.join(error.messages)}") from None
    except KeyError as error:
        raise SeedError(f"The seed story lacks a required entry: {error}") from None
    return report


def set_demo_passwords(*, password: str) -> list[str]:
    """Give every demo account a known password, for a local demo only (refused in production)."""
    if settings.IS_PRODUCTION:
        raise SeedError("Demo passwords are never set in production.")
    User = get_user_model()
    usernames = []
    for user in User.objects.filter(is_demo=True).order_by("username"):
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        usernames.append(user.username)
    return usernames


def ensure_demo_admin(*, username: str, password: str) -> bool:
    """Create (or reset the password of) a local superuser for the demo; returns True when it was created."""
    if settings.IS_PRODUCTION:
        raise SeedError("The demo admin is never created in production.")
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, display_name="Demo admin", is_demo=True, is_staff=True, is_superuser=True)
    elif not user.is_demo:
        raise SeedError(f"User {username!r} exists and is not a demo account; the seed will not touch it.")
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    return created
