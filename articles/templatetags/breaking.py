from django import template
from django.utils.translation import get_language

from articles import breaking

register = template.Library()


@register.inclusion_tag("includes/breaking.html")
def breaking_banner() -> dict:
    return {"banner": breaking.current((get_language() or "ar")[:2])}
