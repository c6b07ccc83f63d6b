"""Breaking news: a banner on every page, linking to a story, until the editor's end time.

An editor sets "breaking news until" on a published story. No job runs at the end time:
the banner's story is looked up at most every ``CHECK_SECONDS`` per worker (and at once
after a save of a story that is or was breaking news: the ``breaking`` dependency key),
a banner whose time has passed is not rendered, and ``static/js/breaking.js`` removes it
from a page that was cached earlier when its time comes. Each language shows its own latest
breaking story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from newsroom.cache import fragment

from .dependencies import BREAKING
from .models import Article

CHECK_SECONDS = 15


@dataclass(frozen=True)
class Banner:
    headline: str
    url: str
    until: datetime


def _lookup(language: str) -> Banner | None:
    story = (
        Article.objects.published()
        .in_language(language)
        .filter(breaking_until__gt=timezone.now())
        .only("pk", "headline", "slug", "language", "breaking_until")
        .order_by("-published_at", "-pk")
        .first()
    )
    if story is None:
        return None
    return Banner(story.headline, story.get_absolute_url(), story.breaking_until)


def current(language: str) -> Banner | None:
    banner = fragment(
        ("breaking", language), lambda: _lookup(language), keys=(BREAKING,), max_age=CHECK_SECONDS
    )
    if banner is None or banner.until <= timezone.now():
        return None
    return banner
