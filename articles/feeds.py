"""RSS 2.0 feeds: the whole site, each section and each tag.

Site and section feeds carry the interface language's stories (``/ar/feed/`` is Arabic);
tag feeds carry both languages, as tag pages do.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from newsroom.language import interface_language, site_name

from .models import Article, Section, Tag

FEED_SIZE = 30


class LatestStoriesFeed(Feed):
    def site_name(self) -> str:
        return site_name()

    def title(self, obj=None) -> str:
        return self.site_name()

    def link(self, obj=None) -> str:
        return reverse("articles:home")

    def description(self, obj=None) -> str:
        return _("The latest stories from %(site)s") % {"site": self.site_name()}

    def stories(self, obj):
        return Article.objects.published().in_language(interface_language())

    def items(self, obj=None):
        return (
            self.stories(obj)
            .select_related("section")
            .prefetch_related("authors", "tags")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.summary or item.standfirst

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return f"article-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.last_updated

    def item_author_name(self, item: Article) -> str:
        return ", ".join(str(author) for author in item.authors.all()) or None

    def item_categories(self, item: Article):
        return [tag.name for tag in item.tags.all()]


class SectionFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj) -> str:
        return f"{obj.name} | {self.site_name()}"

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def description(self, obj) -> str:
        return _("The latest stories in %(section)s") % {"section": obj.name}

    def stories(self, obj):
        return super().stories(obj).filter(section=obj)


class TagFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj) -> str:
        return f"{obj.name} | {self.site_name()}"

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def description(self, obj) -> str:
        return _("The latest stories tagged %(tag)s") % {"tag": obj.name}

    def stories(self, obj):
        return Article.objects.published().filter(tags=obj)
