"""Tags for the story page: reading time and the "last updated" stamp."""

import math

from django import template
from django.utils.translation import ngettext

from articles import counts, parts
from articles.dependencies import thread_key
from articles.search import plain_text
from newsroom import dates
from newsroom.cache import fragment
from newsroom.cache.parts import part

register = template.Library()

#: Silent reading speed in words a minute (Trauzettel-Klosinski et al., 2012, IReST:
#: Arabic 138, English 228); Arabic words carry more letters and clitics.
WORDS_PER_MINUTE = {"ar": 138, "en": 228}


@register.simple_tag
def reading_time(article) -> str:
    """``مدة القراءة: 3 دقائق`` / ``3 min read``, in the active (the story's) language."""
    words = len(plain_text(article.body).split()) + len((article.standfirst or "").split())
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE.get(article.language, 200)))
    text = ngettext("%(count)s min read", "%(count)s min read", minutes) % {"count": minutes}
    return dates.digits(text)


@register.filter
def same_day(first, second) -> bool:
    """Whether two instants fall on the same day in the newsroom's zone."""
    if not first or not second:
        return True
    return dates.local(first).date() == dates.local(second).date()


@register.simple_tag(takes_context=True)
def story_comment_count(context, article) -> str:
    """The header's link to the comments: a part of the cached page refreshed on its own.

    The count is kept per worker under the story's thread: read with the story when it
    was read in this request, else counted.
    """
    request = context.get("request")
    read = getattr(request, "comment_counts", {}).get(article.pk)

    def render() -> str:
        count = fragment(
            ("comment-count", article.pk),
            lambda: counts.comment_count(article) if read is None else read,
            keys=(thread_key(article.pk),),
        )
        return parts.comment_count(article.pk, count)

    return part("comment_count", {"article": article.pk}, render)
