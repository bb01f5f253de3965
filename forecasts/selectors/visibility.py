"""Which forecast rows a reader may see, written once: every endpoint, page and export that shows individual
forecasts, or numbers computed from them (calibration, exports), reads through `visible_forecasts`.

- a question the reader may not see shows nothing (tracker's question visibility: team privacy, drafts);
- on a question still open, the reader sees their own forecasts only (others' would reveal the crowd early),
  unless they curate it;
- on a question still open, the reader also sees the forecasts of their teammates (people who share a team with
  them) and forecasts their authors shared with everyone in the discussion, once the crowd is open to the reader
  (the hidden-crowd rule: the question does not hide it, or the reader has forecast on it);
- once a question has closed, everyone's forecasts on it are visible to its readers.

The community forecast itself (one number, not rows) follows the hidden-crowd rule in selectors/community.py.
"""

from django.db.models import Q, QuerySet

from forecasts.models import Comment, Forecast
from forecasts.selectors.community import CROWD_ALWAYS_SHOWN
from tracker.accounts.models import AnyUser
from tracker.accounts.permissions import has_global_rights, is_signed_in, teams_curated, teams_of
from tracker.models import Membership, Question
from tracker.questions.selectors import question_visible_filter


def forecasts_visible_filter(user: AnyUser) -> Q:
    """The rule as a filter on Forecast rows (subqueries only: one query when applied)."""
    if has_global_rights(user):
        return Q()
    readable = Question.objects.filter(question_visible_filter(user))
    everyone_shown = Q(question__status__in=CROWD_ALWAYS_SHOWN)
    crowd_open = Q(question__hide_crowd_until_forecast=False)
    shared_with_everyone = Q(thread_entry__audience=Comment.Audience.PUBLIC)
    if is_signed_in(user):
        everyone_shown |= Q(user=user) | Q(question__team__in=teams_curated(user))
        forecast_on = Forecast.objects.filter(user=user, kind=Forecast.Kind.FORECAST).values("question_id")
        crowd_open |= Q(question__in=forecast_on)
        teammates = Membership.objects.filter(team__in=teams_of(user)).values("user_id")
        everyone_shown |= crowd_open & (Q(user__in=teammates) | shared_with_everyone)
    else:
        everyone_shown |= crowd_open & shared_with_everyone
    return Q(question__in=readable) & everyone_shown


def visible_forecasts(user: AnyUser) -> QuerySet[Forecast]:
    return Forecast.objects.filter(forecasts_visible_filter(user))
