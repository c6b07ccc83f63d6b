"""A live story's reader endpoints: the updates an open page polls for, and its RSS feed.

Both are public pages like any other: the page cache and the HTTP cache in front keep
them under ``story:<id>`` and ``live:<id>`` (``articles.live``), so every reader polling
with the same ``since`` shares one render until the next update.
"""

from __future__ import annotations

from html import unescape

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from newsroom.cache import depend
from newsroom.language import site_city
from newsroom.site import absolute_url

from .dependencies import NAMES, story_key
from .feeds import LatestStoriesFeed, xml_text
from .live import live_key, poll_seconds
from .models import Article, LiveUpdate

#: At most this many updates in one answer; a page further behind is told to reload.
MOST_UPDATES = 50


def live_story(pk: int) -> Article:
    """A public story that has (or had) live coverage, else 404."""
    stories = Article.objects.published().filter(live_started_at__isnull=False)
    return get_object_or_404(stories.select_related("section"), pk=pk)


@require_safe
def updates(request: HttpRequest, pk: int) -> JsonResponse:
    """``?since=<id>``: the story's visible updates after that one, oldest first, rendered.

    JSON: ``open`` (still live: keep polling), ``latest`` (the newest id), ``more`` (more
    than fit: reload), ``status`` (the status line) and ``updates``, each with its ``id``,
    ``key_event``, ``pinned``, ``html`` and, for key events, ``key_html``. An open page
    also learns of changes to what it has: ``edited`` (the latest edited updates up to
    ``since``, in the same form, each with ``edited_at``) and ``removed`` (their ids).
    """
    raw = request.GET.get("since", "0")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        return JsonResponse({"error": _("“since” must be an update number.")}, status=400)
    since = int(raw)
    article = live_story(pk)
    depend(story_key(pk), live_key(pk), NAMES)
    found = list(
        article.live_updates.visible()
        .after(since)
        .select_related("author__author")
        .order_by("pk")[: MOST_UPDATES + 1]
    )
    more = len(found) > MOST_UPDATES
    found = found[:MOST_UPDATES]
    edited = list(
        article.live_updates.visible()
        .filter(pk__lte=since, edited_at__isnull=False)
        .select_related("author__author")
        .order_by("-edited_at")[:MOST_UPDATES]
    )
    removed = list(
        article.live_updates.filter(pk__lte=since, removed_at__isnull=False)
        .order_by("-removed_at")
        .values_list("pk", flat=True)[: MOST_UPDATES * 4]
    )
    with translation.override(article.language):
        items = [_item(update, article) for update in found]
        changes = [_item(update, article) for update in edited]
        status = render_to_string(
            "includes/live_status.html",
            {"article": article, "story_city": site_city(article.language)},
        )
    newest = max((u.pk for u in found), default=since)
    response = JsonResponse(
        {
            "open": article.is_live,
            "latest": newest,
            "more": more,
            "status": status,
            "updates": items,
            "edited": changes,
            "removed": removed,
        }
    )
    # A shared cache without purges (a CDN) still serves a new update within a poll or so.
    patch_cache_control(response, max_age=poll_seconds())
    return response


def _item(update: LiveUpdate, article: Article) -> dict:
    update.article = article
    context = {"update": update, "article": article}
    item = {
        "id": update.pk,
        "key_event": update.key_event,
        "pinned": update.pinned,
        "html": render_to_string("includes/live_update.html", context),
    }
    if update.edited_at:
        item["edited_at"] = update.edited_at.isoformat()
    if update.key_event:
        item["key_html"] = render_to_string("includes/live_key_event.html", context)
    return item


class LiveUpdatesFeed(LatestStoriesFeed):
    """RSS of one live story: its updates, newest first, each linking to its anchor."""

    def get_object(self, request, pk):
        return live_story(pk)

    def title(self, obj) -> str:
        return xml_text(f"{obj.headline} | {self.site_name()}")

    def link(self, obj) -> str:
        return absolute_url(obj.get_absolute_url())

    def description(self, obj) -> str:
        return xml_text(obj.standfirst or obj.summary or obj.headline)

    def items(self, obj):
        depend(story_key(obj.pk), live_key(obj.pk))
        updates = list(
            obj.live_updates.visible().select_related("author__author").order_by("-pk")[:50]
        )
        for update in updates:
            update.article = obj
        return updates

    def item_title(self, item: LiveUpdate) -> str:
        return xml_text(item.title or _strip(item.body)[:110])

    def item_description(self, item: LiveUpdate) -> str:
        return xml_text(item.body)

    def item_link(self, item: LiveUpdate) -> str:
        return absolute_url(item.get_absolute_url())

    def item_extra_kwargs(self, item):
        return {}

    def item_enclosures(self, item):
        return []

    def item_pubdate(self, item: LiveUpdate):
        return item.created_at

    def item_updateddate(self, item: LiveUpdate):
        return item.edited_at or item.created_at

    def item_author_name(self, item: LiveUpdate):
        return None

    def item_categories(self, item):
        return []


def _strip(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())
