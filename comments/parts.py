"""The comments block and the story header's count rendered on their own for the page cache
(``newsroom.cache.parts``, ``articles/parts.py``).

A cached story page keeps everything but these two parts when only the story's thread
changed; they are rendered again for the next reader, as the story page would, from one
query for the story's approved comments.
"""

from django.template.context_processors import csrf
from django.template.loader import render_to_string

from articles.parts import comment_count, story_from_facts
from newsroom.cache.parts import register

from .models import Comment


def approved_rows(request, story_pk: int) -> list[Comment]:
    """The story's approved comments, read once per request for both parts."""
    from .templatetags.comments import FIELDS

    rows = request.__dict__.setdefault("_approved_comments", {})
    if story_pk not in rows:
        rows[story_pk] = list(Comment.objects.approved().filter(article=story_pk).only(*FIELDS))
    return rows[story_pk]


def render_count(request, args: dict) -> str:
    """The count the story's header shows: as ``articles/counts.py`` counts (a reply to a
    comment that is not public is not counted)."""
    rows = approved_rows(request, args["article"])
    public = {row.pk for row in rows}
    count = sum(row.parent_id is None or row.parent_id in public for row in rows)
    return comment_count(args["article"], count)


def render_block(request, args: dict) -> str | None:
    from .templatetags.comments import comments_block

    if "story" not in args:
        return None
    article = story_from_facts(args["story"])
    article.approved_rows = approved_rows(request, article.pk)
    context = {"request": request, "messages": None, **csrf(request)}
    return render_to_string("comments/thread.html", {**comments_block(context, article), **context})


def connect() -> None:
    register("comments", render_block)
    register("comment_count", render_count)
