"""``reverse()`` remembered: listings and comment threads ask for hundreds of addresses a page.

An address depends only on the URLconf, the script prefix, the language and the arguments,
all of which are part of the key, so a remembered answer is always the one ``reverse()``
would give.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation


def remembered_reverse(viewname: str, *, args=(), kwargs=None, language: str | None = None):
    return _reverse(
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        language or translation.get_language(),
        viewname,
        tuple(args),
        tuple(sorted((kwargs or {}).items())),
    )


@functools.lru_cache(maxsize=50_000)
def _reverse(urlconf, script_prefix, language, viewname, args, kwargs) -> str:
    with translation.override(language):
        return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs))
