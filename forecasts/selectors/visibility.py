"""Which forecast rows a reader may see, written once: every endpoint, page and export that shows individual
forecasts, or numbers computed from them (calibration, exports), reads through `visible_forecasts`.

- a question the reader may not see shows nothing (tracker's question visibility: team privacy, drafts);
- on a question still open, the reader sees their own forecasts only (others' would reveal the crowd early),
  unless they curate it;
- once a question has closed, everyone's forecasts on it are visible to its readers.

The community forecast itself (one number, not rows) follows the hidden-crowd rule in selectors/community.py.
"""

from django.db.models import Q, QuerySet

from forecasts.models import Forecast
from forecasts.selectors.community import CROWD_ALWAYS_SHOWN
from tracker.accounts.permissions import has_global_rights, is_signed_in, teams_curated
from tracker.models import Question
from tracker.questions.selectors import question_visible_filter


def forecasts_visible_filter(user) -> Q:
    """The rule as a filter on Forecast rows (subqueries only: one query when applied)."""
    if has_global_rights(user):
        return Q()
    readable = Question.objects.filter(question_visible_filter(user))
    everyone_shown = Q(question__status__in=CROWD_ALWAYS_SHOWN)
    if is_signed_in(user):
        everyone_shown |= Q(user=user) | Q(question__team__in=teams_curated(user))
    return Q(question__in=readable) & everyone_shown


def visible_forecasts(user) -> QuerySet[Forecast]:
    return Forecast.objects.filter(forecasts_visible_filter(user))
