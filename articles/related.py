"""Related stories under a story: shared tags first, then the same section."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from newsroom.cache import depend, fragment

from .dependencies import story_key
from .models import Article, TaggedArticle

#: How many of the latest stories are considered for "related stories".
RELATED_WINDOW = 1000
RELATED_COUNT = 4
#: How long a story's choice of related stories is kept (new candidates show up this late).
RELATED_CACHE_SECONDS = 300
#: How long a worker keeps the related stories it read for a story page: a story withdrawn
#: by the clock (no save) drops out this late, like a cached page; a saved change to the
#: story or to any story shown touches its key and drops the kept list at once.
RELATED_KEPT_SECONDS = 60


def related_for_page(article: Article, limit: int = RELATED_COUNT) -> list[Article]:
    """``related_stories``, kept per worker under the keys of the story and those shown:
    the story page rendered again (its page expired, its cache bypassed) runs no query
    for them."""

    def read() -> list[Article]:
        stories = related_stories(article, limit)
        depend(*(story_key(story.pk) for story in stories))
        return stories

    name = ("related", article.pk, article.modified_at.timestamp(), limit)
    return fragment(name, read, keys=(story_key(article.pk),), max_age=RELATED_KEPT_SECONDS)


def related_stories(article: Article, limit: int = RELATED_COUNT) -> list[Article]:
    """The related stories, chosen at most every ``RELATED_CACHE_SECONDS`` per story.

    The choice (ids) is kept in the cache under the story's modification time, so editing
    the story's tags chooses again at once; the stories themselves are always read through
    ``published()``, so one unpublished since drops out at once. One query either way.
    """
    key = f"related:{article.pk}:{article.modified_at.timestamp()}:{limit}"
    ids = cache.get(key)
    if ids is not None:
        found = {
            story.pk: story for story in Article.objects.published().filter(pk__in=ids).for_cards()
        }
        return [found[pk] for pk in ids if pk in found]
    stories = list(choose_related_stories(article, limit))
    cache.set(key, [story.pk for story in stories], RELATED_CACHE_SECONDS)
    return stories


def choose_related_stories(article: Article, limit: int = RELATED_COUNT):
    """Stories sharing the most tags first, then the latest of the same section; one query.

    Candidates are the latest ``RELATED_WINDOW`` stories of the story's language, so a tag
    carried by tens of thousands of stories costs no more than a rare one, and the query
    is driven by an index, never by a scan of the archive.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    published = Article.objects.published().in_language(article.language)
    recent = published.exclude(pk=article.pk).order_by("-published_at", "-pk").values("pk")
    same_section = Case(
        When(section_id=article.section_id, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    shared = Value(0, output_field=IntegerField())
    if tag_ids:
        shared = Coalesce(
            Subquery(
                TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
                .values("content_object_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    # Stories sharing no tag and not in the section sort last, so they are dropped from
    # the first ``limit`` here rather than filtered in SQL, which would count each
    # candidate's shared tags twice (the filter and the ordering each run the subquery).
    chosen = (
        published.filter(pk__in=recent[:RELATED_WINDOW])
        .annotate(shared=shared, same_section=same_section)
        .for_cards()
        .order_by("-shared", "-same_section", "-published_at", "-pk")[:limit]
    )
    return [story for story in chosen if story.shared > 0 or story.same_section == 1]
