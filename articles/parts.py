"""The story page's parts that the page cache refreshes on their own (``newsroom.cache.parts``).

After a moderator's decision only the story's thread moved: the comment count in the
story's header and the comments block (both rendered again by ``comments/parts.py``) are
refreshed, and the rest of the cached page is kept.

A part is refreshed only while the rest of its page is current, that is while the
story's own key (``story:<id>``) has not moved since the page was rendered: the story's
facts a part needs are stored with it (``story_facts``) and read back without a query.
"""

from django.template.loader import render_to_string

from newsroom.cache import depend

from .dependencies import thread_key
from .models import Article

#: The story's fields its parts read; any other is loaded from the database when read.
PART_FIELDS = ("id", "slug", "language", "status", "published_at", "unpublish_at")
PART_FIELDS += ("comments_enabled", "comment_mode")


def story_facts(article: Article) -> dict:
    return {name: getattr(article, name) for name in PART_FIELDS}


def story_from_facts(facts: dict) -> Article:
    """The story as its page showed it (other fields deferred), without a query."""
    # from_db takes the values in the model's field order.
    names = [f.attname for f in Article._meta.concrete_fields if f.attname in facts]
    return Article.from_db("default", names, [facts[name] for name in names])


def comment_count(story_pk: int, count: int) -> str:
    """The header's link to the comments, shown when there are any."""
    depend(thread_key(story_pk))
    return render_to_string("includes/story_comment_count.html", {"count": count})
