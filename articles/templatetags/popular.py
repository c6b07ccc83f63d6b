"""The most read and most commented lists (see articles/mostread.py)."""

from django import template
from django.utils.translation import get_language

from articles import mostread

register = template.Library()


@register.inclusion_tag("includes/popular.html")
def popular_stories(commented=True) -> dict:
    return mostread.popular((get_language() or "ar")[:2], commented=commented)
