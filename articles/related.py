"""Related stories under a story: shared tags first, then the same section."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.expressions import RawSQL
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


def choose_related_stories(article: Article, limit: int = RELATED_COUNT) -> list[Article]:
    """Stories sharing the most tags first, then the latest of the same section.

    Candidates are the latest ``RELATED_WINDOW`` stories of the story's language, so a tag
    carried by tens of thousands of stories costs no more than a rare one. One query walks
    the window down an index-only scan, counts each candidate's shared tags with an index
    probe and ranks them inside the query that reads the chosen cards. (Ranking whole card
    rows made the database fetch a thousand of them by id to sort them: 19 ms on a
    100,000-story archive, against about 5.) The window is the ``published()`` queryset's
    own SQL, ranked by a subquery around it.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    published = Article.objects.published().in_language(article.language)
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
    window = (
        published.exclude(pk=article.pk)
        .order_by("-published_at", "-pk")
        .annotate(
            candidate=F("pk"),
            candidate_section=F("section_id"),
            candidate_at=F("published_at"),
            shared_tags=shared,
        )
        .values_list("candidate", "candidate_section", "candidate_at", "shared_tags")
    )[:RELATED_WINDOW]
    window_sql, params = window.query.sql_with_params()
    if article.section_id is None:
        same, section_params = "w.candidate_section IS NULL", []
    else:
        same, section_params = "w.candidate_section = %s", [article.section_id]
    # A story sharing no tag and not in the section is never related.
    ranked = RawSQL(  # noqa: S611 - the SQL is the queryset's own, every value a param
        f"SELECT w.candidate FROM ({window_sql}) w "  # noqa: S608 - all values are params
        f"WHERE w.shared_tags > 0 OR {same} "
        f"ORDER BY w.shared_tags DESC, CASE WHEN {same} THEN 1 ELSE 0 END DESC, "
        "w.candidate_at DESC, w.candidate DESC LIMIT %s",
        [*params, *section_params, *section_params, limit],
    )
    # The chosen few, ranked again the same way (a handful of probes) to keep their order.
    same_section = Case(
        When(section_id=article.section_id, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return list(
        published.filter(pk__in=ranked)
        .annotate(shared=shared, same_section=same_section)
        .for_cards()
        .order_by("-shared", "-same_section", "-published_at", "-pk")
    )
