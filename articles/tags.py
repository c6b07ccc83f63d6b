"""Which tags readers may see, and the desk's check for a tag that already exists.

A tag page or feed exists only while a published story carries the tag: a tag used
only by drafts or scheduled stories would confirm the topic of an embargoed story. A
tag typed as a spelling or case variant of an existing one (الاردن beside الأردن,
BEIRUT beside Beirut) is refused with the tag it matches, since both normalise to
the same key.
"""

from django.db import models

from newsroom.text import normalise


class TagQuerySet(models.QuerySet):
    def public(self):
        """Tags a published story carries: the only ones with a page for readers."""
        from .models import Article, TaggedArticle

        published = TaggedArticle.objects.filter(
            tag=models.OuterRef("pk"), content_object__in=Article.objects.published()
        )
        return self.filter(models.Exists(published))


def existing_spelling(tag):
    """The other tag that ``tag``'s name normalises like, if there is one."""
    key = normalise(tag.name or "")[:100]
    if not key:
        return None
    return type(tag).objects.filter(normalised=key).exclude(pk=tag.pk).first()
