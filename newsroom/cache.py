"""The page cache: whole anonymous pages kept in the default cache, correct for every reader.

``PageCacheMiddleware`` stores the 200 responses of anonymous GET requests to public
pages and answers the next identical request from the cache without touching the view
or the database. What makes it safe:

- **Who is served from cache**: only GET/HEAD requests without a session or messages
  cookie (so never a logged-in user, never someone with a pending flash message), outside
  the admin, CKEditor's upload view and ``/healthz``.
- **What is stored**: only 200 responses whose view did not write to the session, queue a
  message, set a cookie (other than the CSRF cookie) or mark itself private/uncacheable.
- **Per-reader tokens**: the page is stored with placeholders instead of the CSRF token
  (``csrfmiddlewaretoken``), the comment form token (``form_token``) and the CSP nonce;
  every hit gets fresh values (``get_token(request)`` also sets this reader's CSRF
  cookie, ``comments.tokens.issue_token()`` a new signed time stamp).
- **Freshness**: every entry records the *content version* it was rendered under. Saving,
  publishing, unpublishing or deleting a story, changing a section, tag or author, and a
  moderator's decision on a comment bump the version, so one increment makes every page
  fresh. Entries also expire after ``NEWSROOM_PAGE_CACHE_SECONDS`` (60 by default), which
  bounds how late a scheduled story appears on cached pages.
- **Failure**: if the cache backend raises (Redis down), the page is served uncached.
- **Hot pages**: each process keeps its 128 most recently served entries; a hit on one
  of them reads only the version number from Redis, not the whole page.

It also sets the HTTP caching headers a CDN reads: ``public, max-age=60,
stale-while-revalidate=300`` with ``Last-Modified`` on shareable public pages,
``private`` on pages that carry a reader's tokens and on logged-in pages, ``no-store``
on POST responses. ``ConditionalGetMiddleware`` (outermost) adds the ``ETag`` and answers
304s.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

logger = logging.getLogger("newsroom.cache")

VERSION_KEY = "newsroom:content-version"
PAGE_KEY_PREFIX = "newsroom:page:"

CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
FORM_TOKEN_FIELD = re.compile(rb'(name="form_token" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"__NEWSROOM_CSRF_TOKEN__"
FORM_TOKEN_PLACEHOLDER = b"__NEWSROOM_FORM_TOKEN__"
NONCE_PLACEHOLDER = b"__NEWSROOM_CSP_NONCE__"

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


class _HotPages:
    """A small per-process copy of recently served entries, in front of Redis.

    A hot story's 40 KB page then needs one tiny GET (the content version) per request
    instead of fetching the page. Correctness is unchanged: an entry is used only while
    its version is the current one and it is younger than the cache lifetime.
    """

    def __init__(self, size: int = 128):
        self.size = size
        self.entries: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def discard(self, key: str) -> None:
        with self.lock:
            self.entries.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_hot = _HotPages()


class _VersionMemo:
    """This process's last reading of the shared content version, trusted briefly.

    A hit on a hot page then needs no round trip to Redis at all. A change saved in this
    process resets it at once; one saved by another worker is seen within
    ``NEWSROOM_PAGE_CACHE_VERSION_SECONDS`` (1 s by default; 0 asks Redis every time).
    """

    def __init__(self):
        self.value = None
        self.until = 0.0

    def get(self):
        if self.value is not None and time.monotonic() < self.until:
            return self.value
        return None

    def put(self, value) -> None:
        seconds = float(getattr(settings, "NEWSROOM_PAGE_CACHE_VERSION_SECONDS", 1.0))
        self.value, self.until = value, time.monotonic() + seconds

    def clear(self) -> None:
        self.value, self.until = None, 0.0


_version = _VersionMemo()

#: Rendered fragments (story cards, comment threads), per worker, under the content version.
_fragments = _HotPages(size=4096)


def current_version() -> int:
    """The content version, read from the cache at most once per memo period."""
    version = _version.get()
    if version is None:
        version = content_version()
        _version.put(version)
    return version


def fragment(key: tuple, render, *, max_age: int | None = None):
    """``render()``'s result, kept in this worker under the current content version.

    For pieces of pages that depend only on published content: a page rebuilt after the
    page cache missed (its entry expired, or a bypass) then reuses them. The same bump
    that makes cached pages fresh makes these fresh; if the cache is down, render.
    Anything that also depends on the clock (what is published *now*: a scheduled story
    goes live without a save) passes ``max_age``, and is kept at most that many seconds.
    """
    try:
        full_key = (current_version(), *key)
    except Exception:
        return render()
    if max_age:
        full_key = (*full_key, int(time.time() // max_age))
    value = _fragments.get(full_key)
    if value is None:
        value = render()
        _fragments.put(full_key, value)
    return value


# --- the content version ------------------------------------------------------------------


def content_version() -> int:
    """The current content version, created (from the clock) when the cache has none.

    Starting from the time in milliseconds, not 1, means a version lost with a Redis
    restart never comes back as a number that old entries were stored under.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        _hot.clear()  # the cache was emptied: so are the local copies
        _version.clear()
        _fragments.clear()
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    return int(version)


def bump_content_version(**_kwargs) -> None:
    """Make every cached page stale. Safe to call from any signal; never raises."""
    _hot.clear()
    _version.clear()
    _fragments.clear()
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet
            cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)
    except Exception:
        logger.exception("Could not bump the page cache's content version")


def invalidate(**kwargs) -> None:
    """Signal receiver: bump now, and again once the transaction commits.

    The second bump closes the gap in which a request could cache the old content
    between the first bump and the commit.
    """
    bump_content_version()
    transaction.on_commit(bump_content_version, robust=True)


def invalidate_for_comment(instance=None, created=False, **kwargs) -> None:
    """A new comment awaiting moderation changes no public page: keep the cache warm."""
    if created and getattr(instance, "status", None) != "approved":
        return
    invalidate()


def connect_signals() -> None:
    """Connect every change that alters public pages to ``invalidate``.

    Called from ``NewsroomConfig.ready()``. A new comment awaiting moderation changes no
    public page (``invalidate_for_comment``); a moderator's decision, including the ones
    made with a bulk ``update()`` (editor's picks), arrives as ``comment_decided``.
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from articles.models import Article, Author, Section, Tag, TaggedArticle
    from comments.models import Comment, Disclaimer
    from comments.signals import comment_decided

    for model in (Article, Section, Author, Tag, TaggedArticle, Disclaimer, Comment):
        uid = f"newsroom.cache.{model._meta.label_lower}"
        receiver = invalidate_for_comment if model is Comment else invalidate
        post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(
        invalidate, sender=Article.authors.through, dispatch_uid="newsroom.cache.authors"
    )
    # taggit adds and removes tags in bulk and reports it as an m2m change of the through model.
    m2m_changed.connect(invalidate, sender=TaggedArticle, dispatch_uid="newsroom.cache.tags")
    comment_decided.connect(invalidate, dispatch_uid="newsroom.cache.comment_decided")


# --- per-reader tokens --------------------------------------------------------------------


def _form_token_issuer():
    """The comment form's token issuer (imported here: comments imports this module)."""
    from comments.tokens import issue_token

    return issue_token


def _issue_form_token(request) -> str:
    return str(_form_token_issuer()())


def _csp_nonce(request) -> str | None:
    nonce = getattr(request, "_csp_nonce", None)
    return nonce if isinstance(nonce, str) else None


def _with_placeholders(request, content: bytes) -> bytes | None:
    """The page with every per-reader token replaced by a placeholder; None if impossible."""
    content = CSRF_FIELD.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", content)
    if FORM_TOKEN_FIELD.search(content):
        content = FORM_TOKEN_FIELD.sub(rb"\1" + FORM_TOKEN_PLACEHOLDER + rb"\2", content)
    nonce = _csp_nonce(request)
    if nonce:
        content = content.replace(nonce.encode(), NONCE_PLACEHOLDER)
    return content


def _personalise(request, content: bytes) -> tuple[bytes, bool]:
    """Fill a cached page's placeholders for this reader. Returns (content, personal)."""
    personal = False
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        personal = True
    if FORM_TOKEN_PLACEHOLDER in content:
        content = content.replace(FORM_TOKEN_PLACEHOLDER, _issue_form_token(request).encode())
        personal = True
    if NONCE_PLACEHOLDER in content and hasattr(request, "csp_nonce"):
        content = content.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
        personal = True
    return content, personal


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


def _public_headers(response, rendered_at: float, personal: bool) -> None:
    if personal:
        # The page holds this reader's CSRF and form tokens: browsers only, no CDN.
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
        response["Last-Modified"] = http_date(rendered_at)


class PageCacheMiddleware:
    """Serve anonymous public pages from the cache; see the module's docstring.

    It sits near the top of the stack, above sessions, locale, CSRF and auth, so a hit
    skips all of them: a cached page costs less than the cheapest uncached view. The
    only per-reader work on a hit is the CSRF cookie and token, done with Django's own
    ``CsrfViewMiddleware`` methods, and the comment form token.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not request_is_cacheable(request):
            response = self.get_response(request)
            self._private_headers(request, response)
            response["X-Page-Cache"] = "bypass"
            return response

        key = page_key(request)
        try:
            local = _hot.get(key)
            version = _version.get()
            if local is not None:  # a hot page: at most the small version number is read
                entry = local
                if version is None:
                    version = cache.get(VERSION_KEY)
            elif version is not None:
                entry = cache.get(key)
            else:  # one round trip for both
                found = cache.get_many([VERSION_KEY, key])
                version, entry = found.get(VERSION_KEY), found.get(key)
            version = int(version) if version is not None else content_version()
            _version.put(version)
        except Exception:
            logger.warning("Page cache unavailable; serving %s uncached", request.path)
            return self._uncached(request, self.get_response(request))

        if entry is not None and entry.get("version") == version:
            if entry["rendered_at"] + page_cache_seconds() > time.time():
                if local is None:
                    _hot.put(key, entry)
                self.csrf.process_request(request)
                response = self._from_entry(request, entry)
                return self.csrf.process_response(request, response)
            _hot.discard(key)

        response = self.get_response(request)
        if not response_is_cacheable(request, response):
            return self._uncached(request, response)
        stored = _with_placeholders(request, response.content)
        if stored is None:
            return self._uncached(request, response)
        now = time.time()
        entry = {
            "version": version,
            "content": stored,
            # Computed once here rather than on every hit; only pages without per-reader
            # tokens carry it (see _from_entry).
            "etag": quote_etag(hashlib.md5(stored, usedforsecurity=False).hexdigest()),
            "headers": {h: response[h] for h in STORED_HEADERS if h in response},
            "rendered_at": now,
        }
        try:
            cache.set(key, entry, page_cache_seconds())
            _hot.put(key, entry)
        except Exception:
            logger.warning("Page cache unavailable; could not store %s", request.path)
        _public_headers(response, now, personal=stored != response.content)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _from_entry(request, entry) -> HttpResponse:
        content, personal = _personalise(request, entry["content"])
        response = HttpResponse(content)
        for header, value in entry["headers"].items():
            response[header] = value
        _public_headers(response, entry["rendered_at"], personal)
        response["X-Page-Cache"] = "hit"
        if not personal and entry.get("etag"):
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
        """Nothing personal or state-changing may be stored by a shared cache."""
        if "Cache-Control" in response:
            return
        if request.method not in ("GET", "HEAD"):
            patch_cache_control(response, private=True, no_store=True)
        elif request.COOKIES.get(settings.SESSION_COOKIE_NAME) or _excluded_path(request.path):
            patch_cache_control(response, private=True, no_cache=True)


@receiver(setting_changed)
def _cache_settings_changed(setting, **kwargs):
    if setting in ("CACHES", "NEWSROOM_PAGE_CACHE_SECONDS", "NEWSROOM_PAGE_CACHE_VERSION_SECONDS"):
        _hot.clear()
        _version.clear()
        _fragments.clear()
