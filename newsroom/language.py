"""The interface language, and the newsroom's name and city in it.

One place for what every view, feed and template tag asks: which language is this
page in (``interface_language``), and what is the site called and where is it
(``site_name``, ``site_city``; both settings are per language, English the fallback).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def interface_language() -> str:
    """The two-letter code of the language being served (``LANGUAGE_CODE`` outside a request)."""
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def site_name(language: str | None = None) -> str:
    """The newsroom's name in ``language`` (default: the interface's)."""
    names = settings.NEWSROOM_NAME
    return names.get(language or interface_language(), names["en"])


def site_city(language: str | None = None) -> str:
    """The newsroom's city, as a dateline, in ``language`` (default: the interface's)."""
    cities = settings.NEWSROOM_CITY
    return cities.get(language or interface_language(), cities["en"])
