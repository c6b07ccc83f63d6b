"""Read replicas: reads go to a replica, writes to the primary, and a writer reads their own writes.

Enabled by ``DATABASE_REPLICA_URLS`` (settings/base.py adds the ``replica_N`` aliases,
lists them in ``DATABASE_REPLICAS`` and installs ``PrimaryReplicaRouter``).

Replication is asynchronous, so an editor who saves a story and is redirected to it
could read the replica before the change arrives there. ``PinPrimaryMiddleware``
prevents that: any request with an unsafe method (POST, PUT, PATCH, DELETE) is served
from the primary and leaves a short-lived cookie that keeps the same browser's reads
on the primary for ``NEWSROOM_REPLICA_PIN_SECONDS`` (10 by default).
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings

PIN_COOKIE = "newsroom_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

_pinned: ContextVar[bool] = ContextVar("newsroom_pinned_to_primary", default=False)


class PrimaryReplicaRouter:
    """Send reads to a random replica unless this request is pinned to the primary."""

    def db_for_read(self, model, **hints):
        replicas = getattr(settings, "DATABASE_REPLICAS", [])
        if not replicas or _pinned.get():
            return "default"
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's data: objects from any of them may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PinPrimaryMiddleware:
    """Pin writers (and the few seconds after they write) to the primary database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writing = request.method not in SAFE_METHODS
        token = _pinned.set(writing or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writing and getattr(settings, "DATABASE_REPLICAS", []):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=getattr(settings, "NEWSROOM_REPLICA_PIN_SECONDS", 10),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
