"""Likes: one per browser per comment, without an account, and story pages stay cacheable.

A browser is its signed reader cookie (the one the report page gives, see ``views``):
a like counts once per browser and comment (a unique constraint), a browser without the
cookie or with a forged one cannot like, and each address may like
``COMMENTS_LIKES_PER_IP`` times per ``COMMENTS_RATE_WINDOW`` (so clearing cookies in a loop
stops there).

The counts are not in the story page's HTML: a like changes no dependency key, so the page
stays in every cache. ``static/js/comment-likes.js`` asks ``likes/`` (never cached by HTTP;
kept in the app's cache until the story's next like, so usually no query) for the story's
counts when the page loads, shows them, and sorts the thread by the reader's choice. A
reader therefore sees a like at once, on a cached page too.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from newsroom.security import client_ip

from .models import Comment
from .reader_models import Like
from .spam import count_in_window, keyed_hash
from .views import give_reader_token, reader_token

logger = logging.getLogger(__name__)


def browser_key(request: HttpRequest) -> str | None:
    """The keyed hash of this browser's signed token; None without a genuine one."""
    token = reader_token(request)
    return keyed_hash(f"browser:{token}") if token else None


def likes_limited(ip: str | None) -> bool:
    """Count a like against the address; True when over the limit (open if the cache fails)."""
    key = f"comments:likes:ip:{keyed_hash(ip or 'unknown')}"
    try:
        count = count_in_window(key, settings.COMMENTS_RATE_WINDOW)
    except Exception:
        logger.warning("like rate limit skipped: the cache is unavailable", exc_info=True)
        return False
    return count > settings.COMMENTS_LIKES_PER_IP


def like(comment: Comment, browser: str) -> bool:
    """Count this browser's like once; True when it was new.

    ``like_count`` moves by an UPDATE, which sends no signal: no cached page is dropped.
    """
    try:
        with transaction.atomic():
            _like, created = Like.objects.get_or_create(comment=comment, browser=browser)
            if created:
                Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
    except IntegrityError:  # the same browser, twice at once
        return False
    return created


def _private_json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response


COUNTS_KEY = "comments:likes:{}"
COUNTS_SECONDS = 300


def story_counts(article_id: int) -> dict[str, int] | None:
    """{comment id: likes} for a published story's liked comments; None for no such story.

    Kept in the cache until the next like on the story (``forget_counts``), so the page's
    JS usually costs no query at all. Comments absent from it have no likes.
    """
    key = COUNTS_KEY.format(article_id)
    try:
        counts = cache.get(key)
    except Exception:
        logger.warning("like counts read from the database: the cache is unavailable")
        counts = None
    if counts is None:
        if not Article.objects.published().filter(pk=article_id).exists():
            return None
        liked = Comment.objects.approved().filter(article_id=article_id, like_count__gt=0)
        counts = {str(pk): n for pk, n in liked.values_list("pk", "like_count")}
        try:
            cache.set(key, counts, COUNTS_SECONDS)
        except Exception:
            logger.debug("could not cache the like counts", exc_info=True)
    return counts


def forget_counts(article_id: int) -> None:
    try:
        cache.delete(COUNTS_KEY.format(article_id))
    except Exception:  # the entry then lives out its few minutes
        logger.warning("could not drop the cached like counts of story %s", article_id)


@require_GET
def counts_view(request: HttpRequest, article_id: int) -> JsonResponse:
    """The story's like counts and a CSRF token for liking; gives the browser its token.

    Which comments this browser liked is kept by the browser itself (local storage): the
    server needs no per-reader query, and a second like from it counts for nothing anyway.
    """
    counts = story_counts(article_id)
    if counts is None:
        raise Http404
    response = _private_json({"counts": counts, "csrf": get_token(request)})
    give_reader_token(request, response)
    return response


@require_POST
def like_view(request: HttpRequest, pk: int) -> JsonResponse:
    comment = get_object_or_404(
        Comment.objects.approved().filter(article__in=Article.objects.published()),
        pk=pk,
    )
    browser = browser_key(request)
    if browser is None:
        response = _private_json({"error": _("Please reload the page and try again.")}, status=403)
        give_reader_token(request, response)
        return response
    already = Like.objects.filter(comment=comment, browser=browser).exists()
    if not already and likes_limited(client_ip(request)):
        return _private_json(
            {"error": _("You have liked many comments in a short time. Please wait a little.")},
            status=429,
        )
    if not already and like(comment, browser):
        forget_counts(comment.article_id)
    count = Comment.objects.filter(pk=comment.pk).values_list("like_count", flat=True).get()
    return _private_json({"count": count, "liked": True})
