"""Times given to services: always time-zone aware (UTC in storage)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone


def now_or(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValidationError({"at": "Times must carry a time zone (UTC)."})
    return at
