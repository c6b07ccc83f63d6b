"""Purging the HTTP cache in front by dependency key, after each commit, never failing a save.

``NEWSROOM_PURGER`` names the class (``VarnishPurger`` by default) and
``NEWSROOM_PURGE_URL`` where it sends purges; with no URL nothing is sent. A purger has
one method, ``purge(keys)``, which raises when the proxy did not confirm: the same keys
could drive a Fastly purge (``POST /service/<id>/purge`` with a ``Surrogate-Key``
header) or Cloudflare's purge by cache tag.

After a commit the keys are sent at once (a loopback request, about a millisecond). If
that fails, they are kept and a background thread retries with growing pauses, while
later changes join the queue without waiting: a proxy that is down costs a save at most
one short timeout, once, and is logged once when it goes and once when it comes back.
Keys still queued when the process ends are lost; their objects expire within
``max-age`` (60 s).
"""

from __future__ import annotations

import logging
import threading
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from . import keys as dependency

logger = logging.getLogger("newsroom.cache")

#: Keys per request: a header of about 2 KB at most.
BATCH = 100


class VarnishPurger:
    """``PURGE /`` with the keys in an ``xkey-purge`` header (``deploy/varnish/newsroom.vcl``)."""

    def __init__(self, url: str, timeout: float = 0.5):
        if not url.startswith(("http://", "https://")):
            raise ImproperlyConfigured("NEWSROOM_PURGE_URL must be an http(s) address")
        self.url, self.timeout = url, timeout

    def purge(self, keys: set[str]) -> None:
        ordered = sorted(keys)
        for at in range(0, len(ordered), BATCH):
            request = urllib.request.Request(  # noqa: S310 (http(s) checked above)
                self.url,
                method="PURGE",
                headers={"xkey-purge": " ".join(ordered[at : at + BATCH])},
            )
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()


class PurgeQueue:
    """Sends purges now, or keeps them and retries in the background while the proxy is down."""

    def __init__(self, purger, *, first_pause: float = 0.5, longest_pause: float = 30.0):
        self.purger = purger
        self.first_pause, self.longest_pause = first_pause, longest_pause
        self.pending: set[str] = set()
        self.lock = threading.Lock()
        self.idle = threading.Event()
        self.idle.set()
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def send(self, keys: set[str]) -> None:
        with self.lock:
            if self.pending:  # the proxy is known to be down: join the queue
                self.pending |= keys
                return
        try:
            self.purger.purge(keys)
        except Exception as exc:
            logger.warning("Cache purge failed (%s); retrying in the background", exc)
            with self.lock:
                self.pending |= keys
                self.idle.clear()
                if self.thread is None or not self.thread.is_alive():
                    self.thread = threading.Thread(
                        target=self._retry, name="newsroom-purge", daemon=True
                    )
                    self.thread.start()

    def _retry(self) -> None:
        pause = self.first_pause
        while not self.stopping.wait(pause):
            with self.lock:
                keys = set(self.pending)
            try:
                self.purger.purge(keys)
            except Exception:
                pause = min(pause * 2, self.longest_pause)
                continue
            with self.lock:
                self.pending -= keys
                if not self.pending:
                    self.idle.set()
                    logger.warning("Cache purges delivered again (%d keys)", len(keys))
                    return

    def wait(self, timeout: float) -> bool:
        """True once nothing is waiting to be purged (for tests and shutdown)."""
        return self.idle.wait(timeout)

    def stop(self) -> None:
        self.stopping.set()


_queue: PurgeQueue | None = None
_queue_lock = threading.Lock()


def queue() -> PurgeQueue | None:
    """This process's purge queue, or None when no purge URL is configured."""
    global _queue
    url = getattr(settings, "NEWSROOM_PURGE_URL", "")
    if not url:
        return None
    with _queue_lock:
        if _queue is None:
            purger_class = import_string(
                getattr(settings, "NEWSROOM_PURGER", "newsroom.cache.purge.VarnishPurger")
            )
            _queue = PurgeQueue(purger_class(url))
        return _queue


def purge_after_commit(keys: set[str]) -> None:
    """Registered with ``keys.on_commit_keys``: never raises into the saving request."""
    try:
        current = queue()
        if current is not None:
            current.send(keys)
    except Exception:
        logger.exception("Could not queue a cache purge")


dependency.on_commit_keys(purge_after_commit)


@receiver(setting_changed)
def _purge_settings_changed(setting, **kwargs):
    global _queue
    if setting in ("NEWSROOM_PURGE_URL", "NEWSROOM_PURGER"):
        with _queue_lock:
            if _queue is not None:
                _queue.stop()
            _queue = None
