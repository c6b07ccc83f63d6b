"""Dependency keys: what a response shows, and what a change touched (see ``newsroom.cache``).

The core knows no model. Views and template tags call ``depend("story:12")`` while a page
renders; apps call ``changed({"story:12", "home:ar"})`` from the signal receivers they
connect in their ``AppConfig.ready()``.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("newsroom.cache")

#: Every change touches this key too: a response that declared no key depends on it, so a
#: page nobody has keyed yet is as fresh as it was under one global version.
EVERYTHING = "all"
#: Created from the clock when the cache has none: a Redis emptied (restart, flush) never
#: makes an old per-worker copy look current again.
EPOCH = "epoch"
PREFIX = "newsroom:key:"

_collected: contextvars.ContextVar[set | None] = contextvars.ContextVar("keys", default=None)
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("versions", default=None)
_pending: contextvars.ContextVar[list | None] = contextvars.ContextVar("pending", default=None)
_after_commit: list = []  # callables receiving the keys of each committed change


def depend(*keys: str) -> None:
    """Record that the response being rendered shows what ``keys`` name.

    In a request, the keys' versions are read now, before the content they name is: a
    change committed while the page renders then shows as a version that moved
    (``unchanged_since``), and the page is not stored under versions newer than its content.
    """
    collected = _collected.get()
    if collected is not None:
        collected.update(keys)
        memo = _memo.get()
        if memo is not None and any(key not in memo for key in keys):
            try:
                versions(keys)
            except Exception:  # the cache is down: nothing will be stored anyway
                logger.debug("Could not read the versions of %s", keys, exc_info=True)


@contextmanager
def collecting(*, report: bool = True):
    """Collect the keys declared inside; nested collections also report to the outer one
    (unless ``report`` is false: a page's refreshable part keeps its keys apart)."""
    outer = _collected.get()
    inner: set = set()
    token = _collected.set(inner)
    try:
        yield inner
    finally:
        _collected.reset(token)
        if outer is not None and report:
            outer.update(inner)


@contextmanager
def request_memo():
    """Versions read once per request: a page and its fragments share one reading, and
    the fragments rendered are confirmed current together (``when_unchanged``)."""
    token, pending = _memo.set({}), _pending.set([])
    try:
        yield
    finally:
        try:
            _settle(())
        except Exception:  # the cache is down: the fragments are rendered again next time
            logger.debug("Could not confirm this request's fragments", exc_info=True)
        finally:
            _memo.reset(token)
            _pending.reset(pending)


def when_unchanged(recorded: dict[str, int], keep) -> None:
    """Call ``keep()`` once the versions in ``recorded`` are confirmed still current.

    In a request, at its next fresh reading (the page's ``unchanged_since``, or the
    request's end): one round trip for every fragment rendered, not one each.
    """
    pending = _pending.get()
    if pending is None:
        if versions(recorded, fresh=True) == recorded:
            keep()
        return
    pending.append((recorded, keep))


def _settle(keys: Iterable[str]) -> dict[str, int] | None:
    """Read ``keys`` and the pending fragments' keys afresh, in one round trip, and keep
    the fragments none of whose keys moved. Returns the fresh versions (None if none read)."""
    pending = _pending.get() or []
    wanted = set(keys).union(*(recorded for recorded, _ in pending))
    if not wanted:
        return None
    try:
        after = versions(wanted, fresh=True)
    except Exception:
        pending.clear()
        raise
    for recorded, keep in pending:
        if all(after.get(key) == version for key, version in recorded.items()):
            keep()
    pending.clear()
    return after


def versions(keys: Iterable[str], *, fresh: bool = False) -> dict[str, int]:
    """The current version of each key (and of the epoch), in one round trip to the cache.

    Raises what the cache raises; callers treat that as "serve uncached".
    """
    wanted = {*keys, EPOCH}
    memo = _memo.get()
    known = {} if memo is None or fresh else {k: memo[k] for k in wanted if k in memo}
    missing = [k for k in wanted if k not in known]
    if missing:
        found = cache.get_many([PREFIX + k for k in missing])
        read = {k: int(found.get(PREFIX + k, 0)) for k in missing}
        if EPOCH in read and not read[EPOCH]:
            cache.add(PREFIX + EPOCH, int(time.time() * 1000), timeout=None)
            read[EPOCH] = int(cache.get(PREFIX + EPOCH) or 0)
        if memo is not None:
            memo.update(read)
        known.update(read)
    return known


def unchanged_since(keys: Iterable[str]) -> dict[str, int] | None:
    """The versions read earlier in this request, if none has moved since; else None.

    What a page or fragment that just rendered is stored under: it read its content after
    these versions were read, so a later change moves one of them.
    """
    before = versions(keys)
    after = _settle(before)
    return before if all(after[key] == version for key, version in before.items()) else None


def touch(keys: Iterable[str]) -> None:
    """Give each key a new version now. Never raises: a failure is logged."""
    keys = {*keys, EVERYTHING}
    memo = _memo.get()
    try:
        for key in keys:
            cache.add(PREFIX + key, 0, timeout=None)  # atomic: no lost increment
            cache.incr(PREFIX + key)
            if memo is not None:
                memo.pop(key, None)
    except Exception:
        logger.exception("Could not record a change of %s", " ".join(sorted(keys)))


def changed(keys: Iterable[str]) -> None:
    """What a signal receiver calls: these keys changed in the current transaction.

    They are touched at once and again after the commit (closing the gap in which a
    request could store the old content under the new version), and the HTTP caches in
    front are asked to purge them after the commit (``newsroom.cache.purge``).
    """
    keys = set(keys)
    if not keys:
        return
    touch(keys)

    def committed():
        touch(keys)
        for receiver in _after_commit:
            receiver(keys | {EVERYTHING})

    transaction.on_commit(committed, robust=True)


def on_commit_keys(receiver) -> None:
    """Call ``receiver(keys)`` after each committed change (the purger registers here)."""
    if receiver not in _after_commit:
        _after_commit.append(receiver)
