"""``sitemap.xml`` (every published story, both languages) and a Google News sitemap.

A story and its translation are separate objects at separate addresses, so Django's
``i18n``/``alternates`` (one object under every language prefix) does not fit; each story
lists itself and its published translation as ``xhtml:link hreflang`` alternates instead.
"""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemaps_views
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from newsroom.cache import depend
from newsroom.site import absolute_url, site_parts
from newsroom.text import strip_control_characters

from .dependencies import PUBLISHED
from .models import Article

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 stories per sitemap


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000  # per page of the sitemap; sitemap.xml is the index of the pages

    # Addresses name NEWSROOM_SITE_URL (newsroom.site), not the request's Host.
    def get_protocol(self, protocol=None):
        return site_parts()[0] or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return site_parts()[1] or super().get_domain(site)

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default walk over every item.
        latest = Article.objects.published().aggregate(Max("updated_at"), Max("published_at"))
        return max(filter(None, latest.values()), default=None)

    def items(self):
        depend(PUBLISHED)
        return (
            Article.objects.published()
            .select_related("translation")
            .only(
                "pk",
                "slug",
                "language",
                "published_at",
                "updated_at",
                "translation__slug",
                "translation__language",
                "translation__status",
                "translation__published_at",
                "translation__unpublish_at",
            )
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item: Article):
        return item.last_updated

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for info in urls:
            article = info["item"]
            translation = article.translation
            if translation is not None and translation.is_published:
                info["alternates"] = [
                    {
                        "lang_code": a.language,
                        "location": f"{protocol}://{domain}{a.get_absolute_url()}",
                    }
                    for a in sorted([article, translation], key=lambda a: a.language)
                ]
        return urls


sitemaps = {"articles": ArticleSitemap}


def _xml(text: str) -> str:
    """Stored text as XML 1.0 can carry it (control characters stored before they were
    removed on save would make the sitemap invalid)."""
    return strip_control_characters(text or "", multiline=False)


def sitemap_index(request, **kwargs):
    """Django's sitemap index, with each sitemap's address on ``NEWSROOM_SITE_URL``."""
    response = sitemaps_views.index(request, **kwargs)
    response.context_data["sitemaps"] = [
        replace(item, location=_on_site(item.location, request))
        for item in response.context_data["sitemaps"]
    ]
    return response


def _on_site(location: str, request) -> str:
    parts = urlsplit(location)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""), request)


@x_robots_tag
@require_GET
def news_sitemap(request):
    """Stories published in the last two days, in Google News' sitemap format."""
    depend(PUBLISHED)
    since = timezone.now() - NEWS_WINDOW
    stories = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("pk", "slug", "language", "headline", "published_at")
        .order_by("-published_at", "-pk")[:NEWS_LIMIT]
    )
    return TemplateResponse(
        request,
        "sitemaps/news.xml",
        {
            "stories": [
                (story, absolute_url(story.get_absolute_url(), request), _xml(story.headline))
                for story in stories
            ],
            "names": settings.NEWSROOM_NAME,
        },
        content_type="application/xml",
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{code}/admin/" for code, _name in settings.LANGUAGES]
    lines += [
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
        f"Sitemap: {absolute_url(reverse('news-sitemap'), request)}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
