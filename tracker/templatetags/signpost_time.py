"""Times on pages: in the reader's time zone (activated per request by tracker.web.timezones), with UTC on hover."""

from datetime import UTC

from django import template
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def when(value, fmt: str = "Y-m-d H:i"):
    """<time> showing `value` in the active time zone (its abbreviation after a time of day), the exact UTC time
    on hover, and the ISO time for machines; "—" for none."""
    if value is None:
        return "—"
    from django.utils.dateformat import format as date_format

    local = timezone.localtime(value)
    shown = date_format(local, fmt)
    if "H" in fmt or "G" in fmt:
        shown = f"{shown} {local.tzname()}"
    utc = value.astimezone(UTC)
    return format_html(
        '<time datetime="{}" title="{} UTC">{}</time>', utc.isoformat(), utc.strftime("%Y-%m-%d %H:%M"), shown
    )


@register.simple_tag
def current_time_zone() -> str:
    return timezone.get_current_timezone_name()
