"""Cross-cutting middleware: a database outage answers a fast, small 503 page.

The whole stack (``MIDDLEWARE`` in settings/base.py), top to bottom, one line each:

- ``newsroom.middleware.DatabaseUnavailableMiddleware``: a database error anywhere below is a 503.
- ``SecurityMiddleware`` (Django): HSTS, nosniff, referrer policy, HTTPS redirect.
- ``newsroom.security.NewsroomCSPMiddleware``: the Content-Security-Policy with a per-request nonce.
- ``whitenoise.middleware.WhiteNoiseMiddleware``: static files, hashed names cached for a year.
- ``newsroom.db_router.PinPrimaryMiddleware``: after a write, that client reads from the primary.
- ``newsroom.cache.PageCacheMiddleware``: whole anonymous pages from the cache, with their 304s.
- ``ConditionalGetMiddleware`` (Django): ETag and 304 for every other GET.
- ``SessionMiddleware`` (Django): the session cookie, for editors and language choice.
- ``LocaleMiddleware`` (Django): the interface language from the ``/en/`` prefix.
- ``CommonMiddleware`` (Django): trailing-slash redirects, disallowed user agents.
- ``CsrfViewMiddleware`` (Django): CSRF checks on every POST (comments, admin).
- ``AuthenticationMiddleware`` (Django): ``request.user``.
- ``MessageMiddleware`` (Django): the one-shot messages (a comment held for review).
- ``XFrameOptionsMiddleware`` (Django): no framing by other sites.
- ``simple_history.middleware.HistoryRequestMiddleware``: who made each change to a story.
- ``axes.middleware.AxesMiddleware``: last; a locked-out login gets the lockout page.

Benchmarks add one more on top (``bench/settings.py``): a count of queries per response.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("newsroom.outage")

#: Seconds a client is asked to wait before retrying.
RETRY_AFTER = 5


def service_unavailable() -> HttpResponse:
    """The 503 page: no database, no context processors, no stack trace."""
    body = render_to_string("503.html")
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn ``OperationalError``/``InterfaceError`` from a view into a 503 page.

    With ``connect_timeout`` and ``CONN_HEALTH_CHECKS`` (settings/base.py) a request
    made while PostgreSQL is down fails within seconds, and the first request after
    it returns opens a fresh connection: no worker restart is needed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except (OperationalError, InterfaceError) as exc:  # raised outside a view
            return self._unavailable(request, exc)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return self._unavailable(request, exception)
        return None

    @staticmethod
    def _unavailable(request, exc) -> HttpResponse:
        logger.warning(
            "Database unavailable on %s %s: %s",
            request.method,
            request.path,
            exc.__class__.__name__,
        )
        return service_unavailable()
