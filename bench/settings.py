"""Benchmark settings (``make bench``): production's stack on loopback, with bench-only extras.

Production settings (DEBUG off, manifest static files, Redis cache, CSRF, CSP, the
comment defences) with what a load test on 127.0.0.1 needs: plain HTTP, a per-IP
comment rate limit high enough for one client address, the floor view, a header that
bypasses the page cache for the "uncached" scenarios, and an ``X-Queries`` header.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-key-" + "b" * 50)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/14")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("NEWSROOM_SITE_URL", "http://127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from newsroom.settings.base import *  # noqa: F403
from newsroom.settings.base import MIDDLEWARE
from newsroom.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.floor"
# Counts SQL queries per request into an X-Queries header; outermost, so it sees them all.
MIDDLEWARE = ["bench.floor.QueryCountMiddleware", *MIDDLEWARE]

# All the load comes from 127.0.0.1: one address must be allowed many comments.
COMMENTS_RATE_PER_IP = 10**9
COMMENTS_NOTIFY_MODERATORS = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# The "cache bypassed" scenarios send this header; the floor is never page-cached.
NEWSROOM_PAGE_CACHE_BYPASS_HEADER = "X-Bench-No-Cache"
NEWSROOM_PAGE_CACHE_EXCLUDED = ("bench-floor/",)
