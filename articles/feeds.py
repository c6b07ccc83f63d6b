"""RSS 2.0 feeds: the whole site, each section and each tag.

Site and section feeds carry the interface language's stories (``/ar/feed/`` is Arabic);
tag feeds carry both languages, as tag pages do.
"""

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from newsroom.cache import depend
from newsroom.language import interface_language, site_name
from newsroom.site import absolute_url
from newsroom.text import strip_control_characters

from .dependencies import NAMES, PUBLISHED
from .models import Article, Section, Tag
from .pictures import feed_picture

FEED_SIZE = 30
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class PictureFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS: readers that ignore ``<enclosure>`` read ``<media:content>``."""

    def add_item(self, *args, picture=None, enclosures=None, **kwargs):
        # Picture addresses are site paths; the feed's own link gives them scheme and host.
        if picture is not None:
            picture = {**picture, "url": urljoin(self.feed["link"], picture["url"])}
        enclosures = [
            Enclosure(urljoin(self.feed["link"], e.url), e.length, e.mime_type)
            for e in enclosures or ()
        ]
        super().add_item(*args, picture=picture, enclosures=enclosures, **kwargs)

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        picture = item.get("picture")
        if picture is not None:
            handler.addQuickElement(
                "media:content",
                attrs={
                    "url": picture["url"],
                    "type": "image/jpeg",
                    "medium": "image",
                    "width": str(picture["width"]),
                    "height": str(picture["height"]),
                    "fileSize": str(picture["length"]),
                },
            )


def xml_text(text: str) -> str:
    return strip_control_characters(text or "", multiline=True)


class LatestStoriesFeed(Feed):
    feed_type = PictureFeed

    def site_name(self) -> str:
        return site_name()

    def title(self, obj=None) -> str:
        return self.site_name()

    # Absolute on NEWSROOM_SITE_URL when it is set (Django would use the request's Host).
    def link(self, obj=None) -> str:
        return absolute_url(reverse("articles:home"))

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["feed_url"] = absolute_url(request.path, request)
        return feed

    def description(self, obj=None) -> str:
        return _("The latest stories from %(site)s") % {"site": self.site_name()}

    def stories(self, obj):
        return Article.objects.published().in_language(interface_language())

    def items(self, obj=None):
        depend(PUBLISHED, NAMES)
        return (
            self.stories(obj)
            .select_related("section")
            .prefetch_related("authors", "tags")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    # XML 1.0 cannot carry control characters: text stored before they were removed
    # on save must not make the feed fail.
    def item_title(self, item: Article) -> str:
        return xml_text(item.headline)

    def item_description(self, item: Article) -> str:
        return xml_text(item.summary or item.standfirst)

    def item_link(self, item: Article) -> str:
        return absolute_url(item.get_absolute_url())

    # Without item_guid the GUID is the absolute permalink: globally unique, and what a
    # reader opens.
    item_guid_is_permalink = True

    def _picture(self, item: Article) -> dict | None:
        found = feed_picture(item.lead_image)
        if found is None:
            return None
        rendition, length = found
        return {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "length": length,
        }

    def item_enclosures(self, item: Article) -> list[Enclosure]:
        picture = self._picture(item)
        if picture is None:
            return []
        return [Enclosure(picture["url"], str(picture["length"]), "image/jpeg")]

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"picture": self._picture(item)}

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.last_updated

    def item_author_name(self, item: Article) -> str:
        return xml_text(", ".join(str(author) for author in item.authors.all())) or None

    def item_categories(self, item: Article):
        return [xml_text(tag.name) for tag in item.tags.all()]


class SectionFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj) -> str:
        return xml_text(f"{obj.name} | {self.site_name()}")

    def link(self, obj) -> str:
        return absolute_url(obj.get_absolute_url())

    def description(self, obj) -> str:
        return xml_text(_("The latest stories in %(section)s") % {"section": obj.name})

    def stories(self, obj):
        return super().stories(obj).filter(section=obj)


class TagFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag.objects.public(), slug=slug)

    def title(self, obj) -> str:
        return xml_text(f"{obj.name} | {self.site_name()}")

    def link(self, obj) -> str:
        return absolute_url(obj.get_absolute_url())

    def description(self, obj) -> str:
        return xml_text(_("The latest stories tagged %(tag)s") % {"tag": obj.name})

    def stories(self, obj):
        return Article.objects.published().filter(tags=obj)
