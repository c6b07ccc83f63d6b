"""The story page's parts that the page cache refreshes on their own (``newsroom.cache.parts``).

After a moderator's decision only the story's thread moved: the comment count in the
story's header (here) and the comments block (``comments/parts.py``) are rendered again,
and the rest of the cached page is kept.
"""

from django.template.loader import render_to_string

from newsroom.cache import depend
from newsroom.cache.parts import register

from .dependencies import thread_key
from .models import Article


def story_for_part(request, pk: int) -> Article | None:
    """The published story ``pk`` with its comment count, read once per request."""
    stories = request.__dict__.setdefault("_stories_for_parts", {})
    if pk not in stories:
        stories[pk] = (
            Article.objects.published()
            .defer("body", "search_text", "search_vector")
            .with_comment_counts()
            .filter(pk=pk)
            .first()
        )
    return stories[pk]


def comment_count(story_pk: int, count: int) -> str:
    """The header's link to the comments, shown when there are any."""
    depend(thread_key(story_pk))
    return render_to_string("includes/story_comment_count.html", {"count": count})


def refresh_comment_count(request, args: dict) -> str | None:
    story = story_for_part(request, args["article"])
    return None if story is None else comment_count(story.pk, story.comment_count)


def connect() -> None:
    register("comment_count", refresh_comment_count)
