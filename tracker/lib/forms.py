"""Helpers shared by every form of the web UI and the admin."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal shown on the form: each message on its field, or on the whole form when the form has
    no such field (or the refusal names none)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)
