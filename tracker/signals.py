"""Lifecycle announcements. `tracker` sends them after the transaction commits; other apps (forecasts) listen.

Every signal carries `question_id` so that receivers re-fetch fresh rows instead of trusting a stale object.
"""

from django.dispatch import Signal

question_opened = Signal()
question_closed = Signal()
question_resolved = Signal()
question_annulled = Signal()
question_unresolved = Signal()
evidence_added = Signal()
