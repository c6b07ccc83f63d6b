"""Production: refuses to start without real configuration; passes check --deploy.

Only what differs from base.py (imported before this by ``auto``): HTTPS-only cookies,
HSTS and the redirect, hashed static files.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import ALLOWED_HOSTS, NEWSROOM_SITE_URL, SECRET_KEY, STORAGES, env_bool, env_int

DEBUG = False
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY to at least 50 random characters in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in production.")
_site = urlsplit(NEWSROOM_SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.path:
    raise ImproperlyConfigured(
        "Set NEWSROOM_SITE_URL to the site's address in production, e.g. https://news.example.org."
    )

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS is terminated in front of the app; it tells us with X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The container health check speaks plain HTTP on loopback.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
