"""Cross-cutting middleware: a fast 503 page for a database outage, HEAD without a body,
and no NUL character in the query string.

The whole stack (``MIDDLEWARE`` in settings/base.py), top to bottom, one line each:

- ``newsroom.middleware.HeadWithoutBodyMiddleware``: outermost; a HEAD answer carries no body.
- ``newsroom.middleware.DatabaseUnavailableMiddleware``: a database outage anywhere below is a 503.
- ``newsroom.middleware.StripNulMiddleware``: a NUL in the query string never reaches PostgreSQL.
- ``SecurityMiddleware`` (Django): HSTS, nosniff, referrer policy, HTTPS redirect.
- ``newsroom.security.NewsroomCSPMiddleware``: the Content-Security-Policy with a per-request nonce.
- ``whitenoise.middleware.WhiteNoiseMiddleware``: static files, hashed names cached for a year.
- ``newsroom.db_router.PinPrimaryMiddleware``: after a write, that client reads from the primary.
- ``newsroom.cache.PageCacheMiddleware``: whole anonymous pages from the cache
  (``newsroom/cache/pages.py``), valid while none of their dependency keys changed.
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
from django.http import HttpResponse, QueryDict
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


#: SQLSTATEs of a server going away or refusing connections: connection exceptions
#: (class 08), an administrator or crash shutdown, "cannot connect now", too many
#: connections. Anything else PostgreSQL refuses (a limit, a bad statement) is a bug to
#: log as a 500, not an outage to hide behind the 503 page.
_OUTAGE_STATES = ("08", "57P01", "57P02", "57P03", "53300")


def is_outage(exc: BaseException) -> bool:
    """True when ``exc`` means the database cannot be reached, not that it refused a query."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    state = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    # No SQLSTATE: the driver failed before the server answered (refused, timed out, lost).
    return state is None or state.startswith(_OUTAGE_STATES)


class DatabaseUnavailableMiddleware:
    """Turn a lost database (``is_outage``) into a 503 page.

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
            if not is_outage(exc):
                raise
            return self._unavailable(request, exc)

    def process_exception(self, request, exception):
        if is_outage(exception):
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


class HeadWithoutBodyMiddleware:
    """Answer HEAD with the GET answer's status and headers and no body.

    Django's development server drops the body itself; gunicorn sends what the
    application returns, so a HEAD request would otherwise get the whole page.
    Outermost, so the page cache, error pages and the 503 page are covered too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            response.streaming_content = iter(())
        else:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


class StripNulMiddleware:
    """NUL characters are removed from the query's names and values before any view runs.

    PostgreSQL refuses NUL in any text value, and the admin's list filters pass
    ``?status__exact=%00`` straight into a query (a 500). Forms already refuse NUL in
    their fields; in a query string it is never meaningful, so it is dropped (search and
    filters then see the rest of what was typed).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
