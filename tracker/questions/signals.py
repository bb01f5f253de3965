"""Announcements of settlement, so that work above the questions (scenario flags, scores in forecasts) follows a
resolution without the lifecycle importing it.

- `question_resolving` and `question_annulling` are sent inside the settling transaction, before commit: a
  receiver's writes commit or roll back with the settlement (a scenario's flag, an overtaken proposal exist exactly
  when the settlement does).
- `question_resolved`, `question_annulled`, `question_unresolved` are sent after the transaction commits.
- `question_window_changed` is sent after commit when an opened question's forecasting window (its close date)
  moves: forecasts from the new close on no longer count, so what is derived from the window is recomputed.

Every signal carries `question_id` (and `question_resolving` the locked question itself) so that receivers after
commit re-fetch fresh rows instead of trusting a stale object.
"""

from django.dispatch import Signal

question_resolving = Signal()
question_annulling = Signal()
question_resolved = Signal()
question_annulled = Signal()
question_unresolved = Signal()
question_window_changed = Signal()
