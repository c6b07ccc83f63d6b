"""Tags for reader pages: navigation, the language switcher, JSON-LD and pictures."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.models import Section
from newsroom.cache import fragment
from newsroom.language import interface_language

register = template.Library()

LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}

# The same escapes as django.utils.html.json_script: nothing in the data can close the
# <script> element or open a comment.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def story_card(story, level=2, show_section=False, is_lead=False):
    """A story card, rendered once per content version and language in each worker."""
    context = {"story": story, "level": level, "show_section": show_section, "is_lead": is_lead}
    key = ("card", get_language(), story.pk, level, bool(show_section), bool(is_lead))
    return fragment(key, lambda: render_to_string("includes/story_card.html", context))


@register.simple_tag
def nav_sections():
    """The sections for the navigation; read once per content version in each worker."""
    return fragment(("nav",), lambda: list(Section.objects.only("slug", "name_ar", "name_en")))


def _other_language() -> str:
    current = interface_language()
    return next((code for code, _ in settings.LANGUAGES if code != current), current)


@register.simple_tag(takes_context=True)
def other_language(context) -> dict:
    """The other interface language and the equivalent page in it.

    A view may pass ``switch_url`` (the story's translation); otherwise the same path under
    the other prefix.
    """
    code = _other_language()
    url = context.get("switch_url")
    if not url:
        request = context.get("request")
        url = translate_url(request.get_full_path(), code) if request else f"/{code}/"
    return {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": url}


@register.simple_tag(takes_context=True)
def page_alternates(context) -> list:
    """``hreflang`` alternates of a listing page: the same path under every prefix."""
    request = context.get("request")
    if request is None:
        return []
    path = request.path
    return [
        (code, request.build_absolute_uri(translate_url(path, code)))
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def canonical(context) -> str:
    """The listing page's own absolute address, keeping only ``?page=``."""
    request = context.get("request")
    if request is None:
        return ""
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    return request.build_absolute_uri(request.path) + suffix


@register.simple_tag
def json_ld(data) -> str:
    """``<script type="application/ld+json">`` with the data escaped as ``json_script`` does."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request and url else url


@register.filter
def srcset(picture, mime: str) -> str:
    """``url 480w, url 800w, …`` of a ``renditions.Picture`` in one format."""
    return picture.srcset(mime) if picture else ""
