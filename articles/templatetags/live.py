"""A live story's parts on reader pages: its status line, its stream of updates, and the
latest key event under its card."""

from django import template
from django.urls import reverse

from articles.live import live_key, poll_seconds, reader_updates
from articles.models import LiveUpdate
from newsroom.cache import depend

register = template.Library()


@register.inclusion_tag("includes/live.html")
def live_coverage(article) -> dict:
    """The pinned update, the key events (newest first) and the stream (newest first).

    The page declares ``live:<id>``: any change to the updates makes it fresh.
    """
    depend(live_key(article.pk))
    updates = reader_updates(article)
    newest_first = updates[::-1]
    return {
        "article": article,
        "pinned": next((u for u in updates if u.pinned), None),
        "key_events": [u for u in newest_first if u.key_event],
        "stream": [u for u in newest_first if not u.pinned],
        "latest": max((u.pk for u in updates), default=0),
        "updates_url": reverse("articles:live-updates", args=[article.pk]),
        "poll_seconds": poll_seconds(),
    }


@register.simple_tag
def latest_key_event(story) -> LiveUpdate | None:
    """A live story's latest key event, for its card (kept under ``story:<id>``, which a
    change to a key event touches)."""
    if not story.is_live:
        return None
    return story.live_updates.key_events().order_by("-created_at", "-pk").first()


@register.simple_tag
def update_byline(update) -> str:
    """The name readers know the poster by: their author profile, else their full name."""
    user = update.author
    if user is None:
        return ""
    author = getattr(user, "author", None)
    return author.name if author is not None else user.get_full_name()
