"""Who has a story open in the desk, kept in the cache.

Opening a story's edit page marks the editor present; the page repeats it every
``HEARTBEAT_SECONDS`` and says goodbye when it closes. Someone silent for ``STALE_SECONDS``
(a closed laptop, a crashed browser) no longer counts. Nothing here guards the data: the
stale-save check in ``articles.forms`` does that; this only tells editors who else is there.
"""

import time

from django.core.cache import cache

HEARTBEAT_SECONDS = 30
STALE_SECONDS = 90
KEEP_SECONDS = 3600


def _key(article_pk) -> str:
    return f"desk:presence:{article_pk}"


def _entries(article_pk) -> dict:
    now = time.time()
    entries = cache.get(_key(article_pk)) or {}
    return {uid: e for uid, e in entries.items() if now - e["seen"] < STALE_SECONDS}


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def touch(article_pk, user) -> None:
    """``user`` has the story open now."""
    entries = _entries(article_pk)
    now = time.time()
    mine = entries.get(user.pk) or {"name": display_name(user), "since": now}
    entries[user.pk] = {**mine, "seen": now}
    cache.set(_key(article_pk), entries, KEEP_SECONDS)


def leave(article_pk, user) -> None:
    entries = _entries(article_pk)
    if entries.pop(user.pk, None) is not None:
        cache.set(_key(article_pk), entries, KEEP_SECONDS)


def others(article_pk, user) -> list[dict]:
    """The other editors with the story open, longest first: ``{"name", "since"}``."""
    entries = _entries(article_pk)
    rows = [e for uid, e in entries.items() if uid != user.pk]
    return sorted(rows, key=lambda e: e["since"])
