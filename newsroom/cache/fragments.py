"""Rendered pieces of pages kept in each worker, valid under the same keys as the pages."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from . import keys as dependency

logger = logging.getLogger("newsroom.cache")

#: A fragment whose keys never change is still rendered again after this long, which
#: bounds what a change racing with a render could leave behind.
LONGEST_SECONDS = 600


class LocalEntries:
    """A small least-recently-used map, shared by the threads of one worker."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def discard(self, key) -> None:
        with self.lock:
            self.entries.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_fragments = LocalEntries(size=4096)


def fragment(name: tuple, render, *, keys=(), max_age: int | None = None):
    """``render()``'s result, kept in this worker while none of ``keys`` changed.

    ``keys`` name what the piece shows (``("story:12",)``); they are also declared for the
    page being rendered, and so are any keys declared while ``render()`` ran, which the
    entry is kept under too. Without keys the piece depends on every change (``"all"``).
    Anything that also depends on the clock (what is published *now*: a scheduled story
    goes live without a save) passes ``max_age``. If the cache is down, render.
    """
    keys = tuple(keys) or (dependency.EVERYTHING,)
    dependency.depend(*keys)
    try:
        now = dependency.versions(keys)
    except Exception:
        return render()
    if max_age:
        name = (*name, int(time.time() // max_age))
    entry = _fragments.get(name)
    if entry is not None and time.monotonic() < entry["until"]:
        recorded = entry["versions"]
        try:
            if _unchanged(recorded, now):
                dependency.depend(*recorded)
                return entry["value"]
        except Exception:
            return render()
    with dependency.collecting() as found:
        value = render()
    try:
        # Kept only if none of its keys moved while it rendered: its own were read above,
        # those declared inside when they were declared (in a request) or now; confirmed
        # with the request's next fresh reading.
        recorded = {**dependency.versions(found), **now}
        dependency.when_unchanged(recorded, lambda: _fragments.put(name, _entry(recorded, value)))
    except Exception:  # not kept: the next request renders it again
        logger.debug("Fragment %s not kept", name, exc_info=True)
    return value


def _unchanged(recorded: dict, now: dict) -> bool:
    missing = [key for key in recorded if key not in now]
    if missing:
        now = {**now, **dependency.versions(missing)}
    return all(now[key] == version for key, version in recorded.items())


def _entry(recorded: dict, value) -> dict:
    return {"versions": recorded, "value": value, "until": time.monotonic() + LONGEST_SECONDS}


def clear() -> None:
    _fragments.clear()
