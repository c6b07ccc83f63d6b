"""The site's defaults for the reader's date choices (static/js/calendar.js applies them)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def reader_defaults() -> dict:
    return {"digits": settings.NEWSROOM_DIGITS, "time_zone": settings.TIME_ZONE}
