"""The comments block rendered on its own for the page cache (``newsroom.cache.parts``).

A cached story page keeps everything but its comments block when only the story's thread
changed; this renders the block again for the next reader, as the story page would.
"""

from django.template.context_processors import csrf
from django.template.loader import render_to_string

from articles.parts import story_for_part
from newsroom.cache.parts import register


def render_block(request, args: dict) -> str | None:
    from .templatetags.comments import comments_block

    article = story_for_part(request, args["article"])
    if article is None:
        return None
    context = {"request": request, "messages": None, **csrf(request)}
    return render_to_string("comments/thread.html", {**comments_block(context, article), **context})


def connect() -> None:
    register("comments", render_block)
