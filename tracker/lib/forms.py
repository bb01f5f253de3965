"""Helpers shared by every form of the web UI and the admin."""

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone

from tracker.lib.errors import messages_by_field
from tracker.lib.times import sane_time


def lines_of(text: str) -> list[str]:
    """A text box with one entry per line (a question's options): the non-empty lines, trimmed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def comma_list(text: str) -> list[str]:
    """A comma-separated field (a question's tags): the non-empty entries, trimmed."""
    return [entry.strip() for entry in (text or "").split(",") if entry.strip()]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: each message on its field, or on the whole form when the form has
    no such field (or the refusal names none)."""
    for field, texts in messages_by_field(error).items():
        form.add_error(field if field in form.fields else None, texts)


class SaneTimeMixin(forms.Field):
    """For any form field that parses a time: the time is then checked like every time a user sends
    (tracker.lib.times.sane_time), its refusal reported on the field."""

    def clean(self, value: Any) -> datetime | None:
        value = super().clean(value)
        if value is None:
            return None
        try:
            return sane_time(value, field="value")
        except ValidationError as error:
            raise ValidationError(error.message_dict["value"]) from None


class LocalTimeBoundField(BoundField):
    """A time field as a page shows it: its label names the zone its input is read in (the reader's, activated per
    request by tracker.web.timezones), e.g. "Closes (Asia/Seoul)", and its help says what the value is in UTC."""

    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        zone = timezone.get_current_timezone_name()
        self.label = f"{self.label} ({zone})"
        utc = self._value_in_utc()
        stored = f"Stored in UTC: {utc:%Y-%m-%d %H:%M} UTC." if utc else "Stored in UTC."
        self.help_text = " ".join(part for part in (str(field.help_text or ""), f"Typed in {zone}. {stored}") if part)

    def _value_in_utc(self) -> datetime | None:
        value = self.value()
        if isinstance(value, str):
            try:
                value = self.field.to_python(value)
            except ValidationError:
                return None
        if isinstance(value, datetime):
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            return value.astimezone(UTC)
        return None


class TimeField(SaneTimeMixin, forms.DateTimeField):
    """A date and time in a form, typed in the reader's time zone and stored in UTC (see LocalTimeBoundField)."""

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> BoundField:
        return LocalTimeBoundField(form, self, field_name)
