"""A Redis cache that survives Redis being down.

Django's ``RedisCache`` raises ``redis.ConnectionError`` on every call while Redis is
unreachable, which would turn every cached page and every rate-limit check into a
500. This backend answers from a per-process local-memory cache instead: pages are
served (uncached across processes), rate limits keep counting per process (a safe,
stricter-than-nothing fallback), and after ``NEWSROOM_CACHE_RETRY_SECONDS`` it tries
Redis again. The outage and the recovery are logged once each.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("newsroom.cache")

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` on every cache call.

    Building one costs more than a loopback round trip (it fills a table of about eighty
    response callbacks). A ``redis.Redis`` is thread-safe and stateless over its pool, so
    one per pool serves every call.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._fallback = LocMemCache(
            "newsroom-cache-fallback",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def redis_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _trip(self, exc: Exception) -> None:
        retry = getattr(settings, "NEWSROOM_CACHE_RETRY_SECONDS", 5)
        with self._lock:
            was_up = self._down_until == 0.0
            self._down_until = time.monotonic() + retry
        if was_up:
            logger.warning(
                "Redis unreachable (%s); using the per-process cache for %ss",
                exc.__class__.__name__,
                retry,
            )

    def _recovered(self) -> None:
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
            logger.warning("Redis reachable again; shared cache restored")


def _guarded(name: str):
    def method(self, *args, **kwargs):
        if self.redis_down:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(RedisCache, name)(self, *args, **kwargs)
        except REDIS_DOWN as exc:
            self._trip(exc)
            return getattr(self._fallback, name)(*args, **kwargs)
        self._recovered()
        return result

    method.__name__ = name
    return method


for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(ResilientRedisCache, _name, _guarded(_name))
