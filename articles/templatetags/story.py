"""Tags for the story page: reading time and the "last updated" stamp."""

import math

from django import template
from django.utils.translation import ngettext

from articles import parts
from articles.search import plain_text
from newsroom import dates
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


@register.simple_tag
def story_comment_count(article) -> str:
    """The header's link to the comments: a part of the cached page refreshed on its own."""
    return part(
        "comment_count",
        {"article": article.pk},
        lambda: parts.comment_count(article.pk, article.comment_count),
    )
