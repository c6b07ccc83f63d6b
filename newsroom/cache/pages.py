"""The page cache: whole anonymous pages kept in the default cache, correct for every reader.

``PageCacheMiddleware`` stores the 200 responses of anonymous GET requests to public
pages and answers the next identical request from the cache without touching the view
or the database. What makes it safe:

- **Who is served from cache**: only GET/HEAD requests without a session or messages
  cookie or an ``Authorization`` header, outside the admin, CKEditor's upload view, the
  comment views and ``/healthz``. Everything else is marked ``private``.
- **What is stored**: only 200 responses whose view did not write to the session, queue a
  message, set a cookie (other than the CSRF cookie) or mark itself private/uncacheable.
- **Per-reader tokens**: the CSRF token (``csrfmiddlewaretoken``), the comment form token
  (``form_token``) and the CSP nonce are cut out of the stored page at the places the
  cache found them (form fields, ``nonce`` attributes), and every hit gets fresh values
  there and nowhere else: text in a story that looks like a token is left alone.
- **Freshness**: each entry is stored with the dependency keys its page declared and
  their versions (``newsroom.cache.keys``); it is used while none of them changed, and
  at most ``NEWSROOM_PAGE_CACHE_SECONDS`` (60 by default, which bounds how late a
  scheduled story appears).
- **Failure**: if the cache backend raises (Redis down), the page is served uncached.
- **Hot pages**: each process keeps its most recently served entries; a hit on one of
  them reads only the versions of its keys, in one round trip.

It also sets the HTTP caching headers a CDN reads: ``public, max-age=60,
stale-while-revalidate=300`` with ``Last-Modified`` on shareable public pages,
``private`` on pages that carry a reader's tokens and on logged-in pages, ``no-store``
on POST responses; and the page's keys in ``NEWSROOM_CACHE_KEYS_HEADER`` (``xkey``).
``ConditionalGetMiddleware`` (outermost) adds the ``ETag`` and answers 304s.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

from . import fragments
from . import keys as dependency

logger = logging.getLogger("newsroom.cache")

PAGE_KEY_PREFIX = "newsroom:page:"

#: The per-reader values the cache cuts out of a stored page: hidden form fields by name,
#: and the CSP nonce. The CSRF token is Django's; apps add theirs with ``per_reader_field``.
CSRF, NONCE = "csrfmiddlewaretoken", "nonce"
_fields: dict[str, object] = {CSRF: lambda request: get_token(request)}


def per_reader_field(name: str, issue) -> None:
    """Fill ``<input name="{name}" value="…">`` with ``issue(request)`` on every hit.

    Called from an app's ``AppConfig.ready()`` (comments: its form token).
    """
    _fields[name] = issue


def _pattern(nonce: str | None) -> re.Pattern:
    parts = [
        rb'(?<=name="' + name.encode() + rb'" value=")(?P<f' + str(i).encode() + rb'>[^"]*)(?=")'
        for i, name in enumerate(_fields)
    ]
    if nonce:
        parts.append(rb'(?<=nonce=")(?P<nonce>' + re.escape(nonce.encode()) + rb')(?=")')
    return re.compile(b"|".join(parts))


#: Path prefixes (after the language prefix, if any) that are never cached.
EXCLUDED_PREFIXES = ("admin/", "ckeditor5/", "healthz", "i18n/", "comments/")
LANGUAGE_PREFIX = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]+)?/)?")

#: Response headers kept with a cached page; everything else is added again by the stack.
STORED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Robots-Tag",
    "Link",
    "X-Frame-Options",
)

PUBLIC_CACHE_CONTROL = {"public": True, "max_age": 60, "stale_while_revalidate": 300}


def page_cache_seconds() -> int:
    return int(getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 60))


def keys_header() -> str:
    return getattr(settings, "NEWSROOM_CACHE_KEYS_HEADER", "xkey")


def shared_cache_header() -> str:
    return getattr(settings, "NEWSROOM_SHARED_CACHE_HEADER", "")


_hot = fragments.LocalEntries(size=512)


# --- per-reader tokens --------------------------------------------------------------------


def _csp_nonce(request) -> str | None:
    nonce = getattr(request, "_csp_nonce", None)
    return nonce if isinstance(nonce, str) else None


def cut_tokens(request, content: bytes) -> tuple[list[bytes], list[str]]:
    """The page split around its per-reader values: (pieces, slots), len(pieces) = slots + 1.

    Only the values of the form fields and ``nonce`` attributes found here become slots.
    """
    names = list(_fields)
    pieces, slots, at = [], [], 0
    for match in _pattern(_csp_nonce(request)).finditer(content):
        group = match.lastgroup
        slots.append(NONCE if group == NONCE else names[int(group[1:])])
        pieces.append(content[at : match.start()])
        at = match.end()
    pieces.append(content[at:])
    return pieces, slots


def fill_tokens(request, pieces: list[bytes], slots: list[str], *, shared: bool) -> bytes:
    """This reader's values in the slots; empty tokens for a shared cache (filled by script)."""
    values = {}
    for slot in set(slots):
        if slot == NONCE:
            values[slot] = str(getattr(request, "csp_nonce", "")).encode()
        else:
            values[slot] = b"" if shared else str(_fields[slot](request)).encode()
    out = [pieces[0]]
    for slot, piece in zip(slots, pieces[1:], strict=True):
        out += [values[slot], piece]
    return b"".join(out)


def _personal(slots: list[str], shared: bool) -> bool:
    return not shared and any(slot != NONCE for slot in slots)


# --- the middleware -----------------------------------------------------------------------


def _excluded_path(path: str) -> bool:
    rest = LANGUAGE_PREFIX.sub("", path, count=1)
    extra = tuple(getattr(settings, "NEWSROOM_PAGE_CACHE_EXCLUDED", ()))
    return rest.startswith(EXCLUDED_PREFIXES + extra)


def request_is_cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    if getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if _excluded_path(request.path):
        return False
    header = getattr(settings, "NEWSROOM_PAGE_CACHE_BYPASS_HEADER", "")
    return not (header and request.headers.get(header))


def _view_made_it_personal(request, response) -> bool:
    # Reading the session is fine: without a session cookie it is empty for every reader
    # (``request.user`` reads it and finds AnonymousUser). Writing to it is not.
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return True
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return True
    csrf_cookie = settings.CSRF_COOKIE_NAME
    return any(name != csrf_cookie for name in response.cookies)


def response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache", "max-age=0")):
        return False
    return not _view_made_it_personal(request, response)


def page_key(request) -> str:
    language = getattr(request, "LANGUAGE_CODE", "") or ""
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{PAGE_KEY_PREFIX}{language}:{digest}"


def _public_headers(response, rendered_at: float, personal: bool, keys) -> None:
    if personal:
        # The page holds this reader's CSRF and form tokens: browsers only, no CDN.
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        response["Last-Modified"] = http_date(rendered_at)
    response[keys_header()] = " ".join(sorted(keys))


class PageCacheMiddleware:
    """Serve anonymous public pages from the cache; see the module's docstring.

    It sits near the top of the stack, above sessions, locale, CSRF and auth, so a hit
    skips all of them: a cached page costs less than the cheapest uncached view. The
    only per-reader work on a hit is the CSRF cookie and token, done with Django's own
    ``CsrfViewMiddleware`` methods, and the comment form token. A request carrying
    ``NEWSROOM_SHARED_CACHE_HEADER`` (set by the HTTP cache in front) gets the page with
    empty tokens, public: ``static/js/comment-tokens.js`` fetches them for each reader.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        with dependency.request_memo():
            return self._respond(request)

    def _respond(self, request):
        if not request_is_cacheable(request):
            response = self.get_response(request)
            self._private_headers(request, response)
            response["X-Page-Cache"] = "bypass"
            return response

        header = shared_cache_header()
        shared = bool(header and request.headers.get(header))
        key = page_key(request)
        try:
            entry = _hot.get(key)
            local = entry is not None
            if entry is None:
                entry = cache.get(key)
            # One round trip: the versions of the entry's keys, and of "all" (what a page
            # that declares nothing is stored under), read before any re-render.
            recorded = entry["versions"] if entry is not None else {}
            current = dependency.versions({*recorded, dependency.EVERYTHING})
            fresh = bool(recorded) and all(current[k] == v for k, v in recorded.items())
        except Exception:
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return self._uncached(request, self.get_response(request))

        if fresh and entry["rendered_at"] + page_cache_seconds() > time.time():
            if not local:
                _hot.put(key, entry)
            if shared:
                return self._from_entry(request, entry, shared=True)
            self.csrf.process_request(request)
            response = self._from_entry(request, entry, shared=False)
            return self.csrf.process_response(request, response)
        if local:
            _hot.discard(key)

        with dependency.collecting() as keys:
            response = self.get_response(request)
        keys = keys or {dependency.EVERYTHING}
        if not response_is_cacheable(request, response):
            return self._uncached(request, response)
        pieces, slots = cut_tokens(request, response.content)
        now = time.time()
        try:
            # Stored only if none of its keys moved while it rendered (each was read when
            # the page declared it, before the content it names).
            recorded = dependency.unchanged_since(keys)
            if recorded is not None:
                entry = {
                    "versions": recorded,
                    "pieces": pieces,
                    "slots": slots,
                    # Computed once here rather than on every hit; only pages without
                    # per-reader tokens carry it (see _from_entry).
                    "etag": quote_etag(
                        hashlib.md5(b"".join(pieces), usedforsecurity=False).hexdigest()
                    ),
                    "headers": {h: response[h] for h in STORED_HEADERS if h in response},
                    "rendered_at": now,
                }
                cache.set(key, entry, page_cache_seconds())
                _hot.put(key, entry)
        except Exception:
            logger.warning("Page cache unavailable; could not store %s", request.path)
        if shared and _personal(slots, shared=False):
            response.content = fill_tokens(request, pieces, slots, shared=True)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        _public_headers(response, now, _personal(slots, shared), keys)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _from_entry(request, entry, *, shared: bool) -> HttpResponse:
        slots = entry["slots"]
        response = HttpResponse(fill_tokens(request, entry["pieces"], slots, shared=shared))
        for header, value in entry["headers"].items():
            response[header] = value
        personal = _personal(slots, shared)
        keys = set(entry["versions"]) - {dependency.EPOCH}
        _public_headers(response, entry["rendered_at"], personal, keys)
        response["X-Page-Cache"] = "hit"
        if not personal and not slots and entry.get("etag"):
            # This middleware sits above ConditionalGetMiddleware: answer 304s itself.
            response["ETag"] = entry["etag"]
            response = (
                get_conditional_response(
                    request,
                    etag=entry["etag"],
                    last_modified=int(entry["rendered_at"]),
                    response=response,
                )
                or response
            )
        return response

    @staticmethod
    def _uncached(request, response):
        response["X-Page-Cache"] = "miss"
        if response.status_code == 200 and "Cache-Control" not in response:
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        return response

    @staticmethod
    def _private_headers(request, response) -> None:
        """Nothing served around the cache may be stored by a shared cache.

        Such a request is a POST, or carries a session, a flash message or credentials,
        or asks for the admin: whatever the view says, its page may hold this reader's
        tokens or data.
        """
        if request.method not in ("GET", "HEAD"):
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_store=True)
            return
        control = response.get("Cache-Control", "").lower()
        if "private" not in control and "no-store" not in control:
            # Django's patch_cache_control drops a "public" when "private" is set.
            patch_cache_control(response, private=True, no_cache=True)


@receiver(setting_changed)
def _cache_settings_changed(setting, **kwargs):
    if setting in ("CACHES", "NEWSROOM_PAGE_CACHE_SECONDS"):
        _hot.clear()
        fragments.clear()
