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
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from . import entries, fragments, parts
from . import keys as dependency
from .tokens import cut_tokens, fill_tokens, has_tokens, per_reader_field, personal

__all__ = ["PageCacheMiddleware", "per_reader_field"]

logger = logging.getLogger("newsroom.cache")

PAGE_KEY_PREFIX = "newsroom:page:v2:"  # entries with parts: never read by older code

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


#: The pages a worker keeps in its own memory (the rest are read from the shared cache):
#: at most this many, and about this many bytes of them.
HOT_PAGES = 512
HOT_PAGE_BYTES = 12 * 2**20
_hot = fragments.LocalEntries(
    size=HOT_PAGES,
    budget=HOT_PAGE_BYTES,
    weigh=lambda entry: 1024 + sum(len(piece) for piece in entry["pieces"]),
)


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


def _public_headers(response, rendered_at: float, is_personal: bool, keys) -> None:
    if is_personal:
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
            # Not stored, but rendered as a miss is: the keys a view declares are read in
            # one round trip, so its fragments do not each ask for their own.
            with dependency.collecting():
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
                entry = entries.loaded(cache.get(key))
            # One round trip: the versions of the entry's keys (its parts' too), and of
            # "all" (what a page that declares nothing is stored under), before any render.
            recorded = entry["versions"] if entry is not None else {}
            shown = entries.keys_of(entry) if entry is not None else set()
            current = dependency.versions({*shown, dependency.EVERYTHING})
            fresh = bool(recorded) and all(current[k] == v for k, v in recorded.items())
            stale = entries.stale_parts(entry, current) if fresh else []
        except Exception:
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return self._uncached(request, self.get_response(request))

        if fresh and entry["rendered_at"] + page_cache_seconds() > time.time():
            if not shared:
                self.csrf.process_request(request)
            if stale:
                entry = self._refresh(request, key, entry, stale)
            if entry is not None:
                if not local:
                    _hot.put(key, entry)
                response = self._from_entry(request, entry, shared=shared)
                if stale:  # the page was kept, the parts that showed what moved were not
                    response["X-Page-Cache"] = "part"
                return response if shared else self.csrf.process_response(request, response)
        if local:
            _hot.discard(key)

        with dependency.collecting() as keys, parts.recording() as state:
            response = self.get_response(request)
        part_keys = set().union(*(found["keys"] for found in state["parts"]))
        shell, htmls = self._unmarked(response, state)
        if not state["parts"]:  # none kept apart: the page shows what they showed
            keys |= part_keys
        keys = keys or {dependency.EVERYTHING}
        shown = keys | part_keys
        if not response_is_cacheable(request, response):
            return self._uncached(request, response)
        now = time.time()
        pieces = slots = None
        try:
            # Stored only if none of its keys moved while it rendered (each was read when
            # the page declared it, before the content it names).
            recorded = dependency.unchanged_since(shown)
            if recorded is not None:
                state["shell_keys"] = keys
                entry = entries.build(request, shell, htmls, state, recorded)
                entry["headers"] = {h: response[h] for h in STORED_HEADERS if h in response}
                cache.set(key, entries.shared_form(entry), page_cache_seconds())
                _hot.put(key, entry)
                pieces, slots = entry["pieces"], entry["slots"]
        except Exception:
            logger.warning("Page cache unavailable; could not store %s", request.path)
        if pieces is None:
            pieces, slots = cut_tokens(request, response.content)
        if shared and personal(slots, shared=False):
            response.content = fill_tokens(request, pieces, slots, shared=True)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        _public_headers(response, now, personal(slots, shared), shown)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _unmarked(response, state) -> tuple[list[bytes], list[bytes]]:
        """The page's pieces around its parts; the response loses the parts' marks."""
        if not state["parts"] or response.streaming:
            return [b"" if response.streaming else response.content], []
        shell, htmls = parts.split(response.content, state)
        if not htmls:
            state["parts"] = []
        content = [shell[0]]
        for html, piece in zip(htmls, shell[1:], strict=True):
            content += [html, piece]
        response.content = b"".join(content)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return shell, htmls

    @staticmethod
    def _refresh(request, key: str, entry: dict, stale: list[int]) -> dict | None:
        """The entry with its stale parts rendered again (stored when it may be), or None."""
        try:
            done = entries.refreshed(request, entry, stale)
            if done is None:
                return None
            entry, storable = done
            if storable:
                left = entry["rendered_at"] + page_cache_seconds() - time.time()
                cache.set(key, entries.shared_form(entry), max(1, int(left)))
                _hot.put(key, entry)
            return entry
        except Exception:
            logger.warning("Could not refresh a part of %s", request.path, exc_info=True)
            return None

    @staticmethod
    def _from_entry(request, entry, *, shared: bool) -> HttpResponse:
        slots = entry["slots"]
        response = HttpResponse(fill_tokens(request, entry["pieces"], slots, shared=shared))
        for header, value in entry["headers"].items():
            response[header] = value
        is_personal = personal(slots, shared)
        keys = entries.keys_of(entry) - {dependency.EPOCH}
        modified = entry.get("modified_at", entry["rendered_at"])
        _public_headers(response, modified, is_personal, keys)
        response["X-Page-Cache"] = "hit"
        if not is_personal and not has_tokens(slots) and entry.get("etag"):
            # This middleware sits above ConditionalGetMiddleware: answer 304s itself.
            response["ETag"] = entry["etag"]
            response = (
                get_conditional_response(
                    request,
                    etag=entry["etag"],
                    last_modified=int(modified),
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
