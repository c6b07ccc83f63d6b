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
    """A small least-recently-used map, shared by the threads of one worker.

    Bounded by ``size`` entries and, when ``budget`` is given, by the sum of
    ``weigh(value)`` (bytes, roughly): a worker's memory stays flat however many pages
    it serves (``docs/scaling.md``).
    """

    def __init__(self, size: int, *, budget: int | None = None, weigh=None):
        self.size = size
        self.budget = budget
        self.weigh = weigh or (lambda value: 0)
        self.weight = 0
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key, entry) -> None:
        weight = self.weigh(entry) if self.budget else 0
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.weight -= old[1]
            self.entries[key] = (entry, weight)
            self.weight += weight
            while len(self.entries) > self.size or (
                self.budget and self.weight > self.budget and len(self.entries) > 1
            ):
                self.weight -= self.entries.popitem(last=False)[1][1]

    def discard(self, key) -> None:
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.weight -= old[1]

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.weight = 0


def rough_size(value, depth: int = 2) -> int:
    """About how many bytes ``value`` holds: its text, its items', its attributes' text
    (Arabic text takes two bytes a letter in memory)."""
    if isinstance(value, bytes):
        return len(value) + 64
    if isinstance(value, str):
        return len(value) * (1 if value.isascii() else 2) + 64
    if depth and isinstance(value, list | tuple | set):
        return 64 + sum(rough_size(item, depth - 1) for item in value)
    if depth and isinstance(value, dict):
        return 64 + sum(rough_size(item, depth - 1) for item in value.values())
    if depth and hasattr(value, "__dict__"):
        return 256 + sum(rough_size(item, depth - 1) for item in vars(value).values())
    return 64


#: Kept per worker: cards, navigation, stories read, story bodies... at most this many
#: entries and about this many bytes of text.
FRAGMENTS = 4096
FRAGMENT_BYTES = 8 * 2**20

_fragments = LocalEntries(
    size=FRAGMENTS, budget=FRAGMENT_BYTES, weigh=lambda entry: rough_size(entry["value"])
)


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
