"""A live story's schema.org data: ``LiveBlogPosting`` with its coverage times and updates.

``articles.json_ld`` builds the story's ``NewsArticle``; for a story with live coverage
the same properties describe a ``LiveBlogPosting`` (a kind of ``BlogPosting``, so every
``Article`` property still applies), with ``coverageStartTime``, ``coverageEndTime`` once
closed, and the newest updates as ``liveBlogUpdate`` entries.
"""

from __future__ import annotations

from html import unescape

from django.utils.html import strip_tags

from newsroom import dates
from newsroom.site import absolute_url

from .live import reader_updates

#: The newest updates listed: search engines read the latest, the page has them all.
JSON_LD_UPDATES = 50


def _text(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def live_blog_posting(request, article, data: dict) -> dict:
    """``data`` (the story's NewsArticle) as a LiveBlogPosting, if the story has been live."""
    if not article.has_live_coverage:
        return data
    data = {**data, "@type": "LiveBlogPosting"}
    data["coverageStartTime"] = dates.iso(article.live_started_at)
    if article.live_closed_at:
        data["coverageEndTime"] = dates.iso(article.live_closed_at)
    updates = reader_updates(article)[::-1][:JSON_LD_UPDATES]
    data["liveBlogUpdate"] = [_update(request, update) for update in updates]
    return data


def _update(request, update) -> dict:
    body = _text(update.body)
    entry = {
        "@type": "BlogPosting",
        "headline": (update.title or body)[:110],
        "articleBody": body,
        "datePublished": dates.iso(update.created_at),
        "url": absolute_url(update.get_absolute_url(), request),
    }
    if update.edited_at:
        entry["dateModified"] = dates.iso(update.edited_at)
    return entry
