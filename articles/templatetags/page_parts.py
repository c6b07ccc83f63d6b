"""Parts of reader pages: story cards, navigation, the language switcher, canonical and
alternate links, JSON-LD and picture srcsets."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.dependencies import NAMES, story_key
from articles.models import Section
from articles.renditions import picture_for
from newsroom.cache import fragment
from newsroom.language import interface_language
from newsroom.site import absolute_url

register = template.Library()

LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}

# The same escapes as django.utils.html.json_script: nothing in the data can close the
# <script> element or open a comment.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def story_card(story, level=2, show_section=False, is_lead=False, picture=""):
    """A story card, rendered once per language in each worker while the story is unchanged.

    Its comment count follows approvals as pages expire (``NEWSROOM_PAGE_CACHE_SECONDS``),
    not at once: keying every card on its thread would empty the front page and every
    listing at each approval. The story's own page shows its count at once.

    ``picture``: ``"lead"`` for the front page's lead (large, loaded first), ``"thumb"`` for
    a small picture beside the headline (loaded lazily), empty for none.
    """
    key = ("card", get_language(), story.pk, level, bool(show_section), bool(is_lead), picture)
    keys = (story_key(story.pk),)
    if show_section:
        keys += (NAMES,)

    def render():
        context = {
            "story": story,
            "level": level,
            "show_section": show_section,
            "is_lead": is_lead,
            "picture": picture_for(story.lead_image) if picture else None,
            "picture_kind": picture,
        }
        return render_to_string("includes/story_card.html", context)

    return fragment(key, render, keys=keys)


@register.simple_tag
def nav_sections():
    """The sections for the navigation; read once in each worker until one is renamed."""
    return fragment(
        ("nav",), lambda: list(Section.objects.only("slug", "name_ar", "name_en")), keys=(NAMES,)
    )


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
        url = _same_page_in(request, code) if request else f"/{code}/"
    return {"code": code, "name": LANGUAGE_NAMES.get(code, code), "url": url}


def _same_page_in(request, code: str) -> str:
    """The path under ``code``'s prefix, or that language's front page.

    Only a path that resolves is translated, and it is always a path on this site: a
    request for ``//elsewhere.example/ar/`` must not become a link to another host, and
    a page that does not exist (the 404 page) leads to the other language's front page.
    """
    path = "/" + request.path.lstrip("/")
    try:
        resolve(path)
    except Resolver404:
        return f"/{code}/"
    translated = translate_url(path, code)
    if translated == path:
        return f"/{code}/"
    # Re-encoded from the parsed query: the raw string may hold undecoded UTF-8.
    query = request.GET.urlencode()
    return f"{translated}?{query}" if query else translated


@register.simple_tag(takes_context=True)
def page_alternates(context) -> list:
    """``hreflang`` alternates of a listing page: the same path under every prefix."""
    request = context.get("request")
    if request is None:
        return []
    path = request.path
    return [
        (code, absolute_url(translate_url(path, code), request))
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
    return absolute_url(request.path, request) + suffix


@register.simple_tag
def json_ld(data) -> str:
    """``<script type="application/ld+json">`` with the data escaped as ``json_script`` does."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def absolute(context, url: str) -> str:
    request = context.get("request")
    return absolute_url(url, request) if request and url else url


@register.filter
def srcset(picture, mime: str) -> str:
    """``url 480w, url 800w, …`` of a ``renditions.Picture`` in one format."""
    return picture.srcset(mime) if picture else ""


@register.tag
def keep(parser, token):
    """``{% keep keys [vary=value] %}…{% endkeep %}``: the enclosed part rendered once per
    worker while none of its dependency keys changed (``newsroom.cache.fragment``).

    ``keys``: a list of keys (the story page passes ``story_keys``, empty for a story
    readers cannot see, whose preview is never kept: saving a draft touches no key);
    ``vary``: anything else the part depends on. A story's header and text are then
    reused when only its comments changed.
    """
    bits = token.split_contents()[1:]
    vary = [parser.compile_filter(b[5:]) for b in bits if b.startswith("vary=")]
    keys = [parser.compile_filter(b) for b in bits if not b.startswith("vary=")]
    # Which kept part of its template this is: tokens carry no position outside debug mode.
    parser._kept_parts = getattr(parser, "_kept_parts", 0) + 1
    index = parser._kept_parts
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeepNode(nodelist, keys, vary, index)


class KeepNode(template.Node):
    def __init__(self, nodelist, keys, vary, position):
        self.nodelist, self.keys, self.vary, self.position = nodelist, keys, vary, position

    def render(self, context):
        keys = []
        for value in (key.resolve(context) for key in self.keys):
            keys += [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
        if not keys:  # nothing to be kept under (a story readers cannot see yet)
            return self.nodelist.render(context)
        vary = tuple(str(value.resolve(context)) for value in self.vary)
        origin = getattr(self.origin, "name", "")
        name = ("keep", origin, self.position, get_language(), *vary, *keys)
        return fragment(name, lambda: self.nodelist.render(context), keys=keys)
