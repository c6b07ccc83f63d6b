"""The site's own address, for every absolute URL the site writes.

Feeds, sitemaps, ``robots.txt``, canonical links, JSON-LD and the moderators' emails
name the site by ``settings.NEWSROOM_SITE_URL`` (``https://news.example.org``), never by
the request's ``Host`` header, which carries whatever port or spelling a client sent.
Production refuses to start without it; in development and tests, when it is empty,
the request's own scheme and host are used.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(request=None) -> str:
    """``scheme://host[:port]`` of the site, without a trailing slash."""
    configured = getattr(settings, "NEWSROOM_SITE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is None:
        return ""
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(path: str, request=None) -> str:
    """``path`` (starting with ``/``) on the site; an absolute URL is returned unchanged."""
    if urlsplit(path).scheme:
        return path
    return site_url(request) + path


def site_parts(request=None) -> tuple[str, str]:
    """(scheme, host) of the site, as Django's sitemaps and feeds want them."""
    parts = urlsplit(site_url(request))
    return parts.scheme, parts.netloc
