"""The story queryset: ``published()``, the only gate for public content, and the
compositions every listing uses (``published().in_language(l).for_cards()``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import counts

#: What a story card shows: listings never load bodies or search columns.
CARD_FIELDS = tuple(
    "id language headline slug kicker summary standfirst status published_at unpublish_at"
    " lead_image lead_image_alt section__id section__slug section__name_ar section__name_en"
    " live_started_at live_closed_at".split()
)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The only gate for public content: published, its time come, its end not yet."""
        now = timezone.now()
        live = Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now)
        return self.filter(live, status=self.model.Status.PUBLISHED, published_at__lte=now)

    def in_language(self, language: str):
        return self.filter(language=language)

    def for_cards(self):
        """What a story card needs, in one query: never bodies or search columns."""
        return self.select_related("section").only(*CARD_FIELDS).with_comment_counts()

    def with_comment_counts(self):
        return counts.with_comment_counts(self)  # comment_count: see articles/counts.py
