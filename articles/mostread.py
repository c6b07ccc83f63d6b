"""Most read and most commented stories, per language, over the last 24 hours.

Reads are counted without cookies and without breaking the page cache: the story page is the
same for everyone, and after it loads, ``static/js/mostread.js`` sends a beacon
(``navigator.sendBeacon``, a POST with no body) to ``read/<pk>/``. The beacon adds one to the
story in an hourly Redis sorted set per language (``mostread:<lang>:<YYYYMMDDHH>``), which
expires after a day; the list is the union of the last 24 sets. Nothing identifies the
reader: no address, no cookie, no user agent is stored. Obvious robots are not counted.

Without Redis (``NEWSROOM_MOST_READ_REDIS_URL``, by default ``REDIS_URL``) nothing is
counted and the most-read list is not shown. Most commented comes from the database: the
stories with the most comments approved in the last 24 hours.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, timedelta

import redis
from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsroom.cache import fragment

from .dependencies import POPULAR
from .models import Article

logger = logging.getLogger(__name__)

HOURS = 24
LIST_SIZE = 5
#: How long a worker keeps the lists before asking Redis and the database again.
LIST_SECONDS = 60
ROBOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|curl|wget|"
    r"python-requests|httpclient|java/|go-http",
    re.I,
)
_clients: dict[str, redis.Redis] = {}


def _redis() -> redis.Redis | None:
    url = getattr(settings, "NEWSROOM_MOST_READ_REDIS_URL", "")
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
    return _clients[url]


def _bucket(when) -> str:
    return when.astimezone(UTC).strftime("%Y%m%d%H")


def _key(language: str, bucket: str) -> str:
    return f"mostread:{language}:{bucket}"


def is_counting() -> bool:
    return _redis() is not None


def record(article: Article, now=None) -> bool:
    """Count one read of ``article``; False when Redis is absent or unreachable."""
    client = _redis()
    if client is None:
        return False
    key = _key(article.language, _bucket(now or timezone.now()))
    try:
        with client.pipeline() as pipe:
            pipe.zincrby(key, 1, article.pk)
            pipe.expire(key, (HOURS + 1) * 3600)
            pipe.execute()
    except redis.RedisError:
        logger.warning("Most read: cannot count a read", exc_info=True)
        return False
    return True


def most_read_ids(language: str, now=None, size: int = LIST_SIZE) -> list[int]:
    client = _redis()
    if client is None:
        return []
    now = now or timezone.now()
    keys = [_key(language, _bucket(now - timedelta(hours=h))) for h in range(HOURS)]
    try:
        ranked = client.zunion(keys, withscores=True)
    except redis.RedisError:
        logger.warning("Most read: cannot read the counters", exc_info=True)
        return []
    ranked.sort(key=lambda pair: (-pair[1], -int(pair[0])))
    return [int(member) for member, _score in ranked[: size * 3]]


def _stories(ids: list[int], size: int) -> list[Article]:
    found = {a.pk: a for a in Article.objects.published().filter(pk__in=ids).for_cards()}
    return [found[pk] for pk in ids if pk in found][:size]


def most_commented(language: str, now=None, size: int = LIST_SIZE) -> list[Article]:
    """The stories with the most comments approved in the window, busiest first.

    Counted from the window's comments (the moderation index on status and time), never by
    joining every comment of every story: the archive's size does not enter into it.
    """
    since = (now or timezone.now()) - timedelta(hours=HOURS)
    comment = Article._meta.get_field("comments").related_model
    top = (
        comment.objects.approved()
        .filter(
            created_at__gte=since, article__in=Article.objects.published().in_language(language)
        )
        .values("article")
        .annotate(recent=Count("pk"))
        .order_by("-recent", "-article__published_at", "-article")
        .values_list("article", flat=True)[:size]
    )
    return _stories(list(top), size)


def popular(language: str, *, commented: bool = True) -> dict:
    """The lists for a page, kept in this worker for ``LIST_SECONDS``.

    Story pages show most read only (a query fewer on the page readers arrive at most).
    """

    def build():
        ids = most_read_ids(language)
        return {
            "counting": is_counting(),
            "most_read": _stories(ids, LIST_SIZE) if ids else [],
            "most_commented": most_commented(language) if commented else [],
        }

    # Kept by the clock (reads and approvals reach the lists within a minute, as cached
    # pages expire) and under ``popular``, touched when a listed story is withdrawn.
    return fragment(("popular", language, commented), build, keys=(POPULAR,), max_age=LIST_SECONDS)


@csrf_exempt  # a beacon carries no cookie, no body and changes nothing a reader owns
@require_POST
def beacon(request: HttpRequest, pk: int) -> HttpResponse:
    """One read of a published story; always 204, so a beacon never shows an error."""
    agent = request.headers.get("User-Agent", "")
    if agent and not ROBOTS.search(agent):
        article = Article.objects.published().filter(pk=pk).only("pk", "language").first()
        if article is not None:
            record(article)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
