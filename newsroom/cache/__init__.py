"""Caching keyed by what each page shows: the page cache, fragments and the HTTP cache in front.

**Keys.** Every public response declares, while it renders, the content it shows, as
short strings (*dependency keys*, called surrogate keys or cache tags by CDNs):

=====================  ==========================================================
``story:<id>``         a story: its page, and its card wherever a card is shown
``thread:<id>``        the approved comments under story ``<id>`` (and their count)
``live:<id>``          a live story's updates: its page and the endpoint its readers poll
``section:<id>``       a section's listing (``tag:<id>``, ``author:<id>`` likewise)
``home:<lang>``        the front page in one language
``published``          any public story's change: feeds, sitemaps, archives, search
``names``              names of sections, tags and authors (navigation, bylines, cards)
``disclaimer``         the comment rules shown under every story
``corrections``        the corrections pages (a new correction also touches its story)
``all``                touched by every change: what a page that declared nothing uses
=====================  ==========================================================

Views and template tags declare keys with ``keys.depend()``; a piece kept per worker
(``fragment()``) declares its keys for the page that uses it, so a page's keys are the
union of what it read. The core imports neither app: each app says which changes touch
which keys in its ``AppConfig.ready()`` (``articles/dependencies.py``,
``comments/dependencies.py``) and calls ``keys.changed(keys)``. Saving a draft touches
nothing public; approving a comment on story 12 touches ``thread:12`` only; publishing
a story touches it, its language's front page, its section, tags and authors, and
``published``; renaming a section touches ``names``, which every page shows.

**Versions.** Each key has a version number in the shared cache (Redis), bumped by a
change (at once, and again after the commit). A cached page or fragment records the
versions of its keys and is used while they are still current: all of them are read in
one round trip (``keys.versions``), on every hit, in every worker. One approval
therefore leaves every other page warm. A key's version is read when the page declares
it, before the content it names; a page or fragment whose keys moved while it rendered
is not stored. An epoch, set from the clock when the cache is empty, makes per-worker
copies worthless after Redis is emptied.

**Outside.** Each cacheable response carries its keys in one header
(``NEWSROOM_CACHE_KEYS_HEADER``: ``xkey`` for Varnish's vmod xkey, ``Surrogate-Key`` for
Fastly, ``Cache-Tag`` for Cloudflare), and after each commit the purger
(``newsroom.cache.purge``) asks the HTTP cache in front to drop exactly those keys; a
proxy that is down never blocks or fails a save (the purge is retried, then the object
expires within its ``max-age``). See ``docs/scaling.md``.
"""

from .fragments import fragment
from .keys import changed, depend
from .pages import PageCacheMiddleware

__all__ = ["PageCacheMiddleware", "changed", "depend", "fragment"]
