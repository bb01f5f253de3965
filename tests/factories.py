from datetime import timedelta

import factory
from django.utils import timezone

from tracker.accounts.services import membership_set
from tracker.models import Membership, Question, Source, Team, User
from tracker.questions.services.lifecycle import question_close, question_open, question_schedule
from tracker.questions.services.questions import question_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password("pw-for-tests")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    slug = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    text = "Analysts expect new sanctions. South Korea may send observers to Ukraine."


def member(team: Team, role: str = Membership.Role.FORECASTER, **user_kwargs) -> User:
    user = UserFactory(**user_kwargs)
    membership_set(team=team, user=user, role=role)
    return user


def make_question(
    *,
    team: Team | None = None,
    status: str = Question.Status.OPEN,
    type: str = Question.Type.BINARY,
    options=None,
    opens_in=timedelta(days=-10),
    closes_in=timedelta(days=20),
    **kwargs,
) -> Question:
    """A question created and moved through the real services to `status` (open by default)."""
    now = timezone.now()
    if type == Question.Type.MULTIPLE_CHOICE and options is None:
        options = ["Low", "Medium", "High"]
    if type == Question.Type.NUMERIC and "range_min" not in kwargs:
        kwargs.update(range_min=0, range_max=50_000, open_upper_bound=True, unit="troops")
    if type == Question.Type.DATE and "range_min" not in kwargs:
        kwargs.update(range_min=now.timestamp(), range_max=(now + timedelta(days=400)).timestamp())
    question = question_create(
        title=kwargs.pop("title", "Will the sanctions package be adopted?"),
        resolution_criteria=kwargs.pop("resolution_criteria", "YES if the Council adopts it; NO otherwise."),
        opens_at=now + opens_in,
        scheduled_close_at=now + closes_in,
        resolve_by=now + closes_in + timedelta(days=30),
        type=type,
        options=options,
        team=team,
        **kwargs,
    )
    if status == Question.Status.DRAFT:
        return question
    question_schedule(question=question)
    if status == Question.Status.SCHEDULED:
        return question
    question_open(question=question, at=question.opens_at)
    if status == Question.Status.CLOSED:
        question_close(question=question, at=now - timedelta(seconds=1))
    question.refresh_from_db()
    return question
