"""``sitemap.xml`` (every published story, both languages) and a Google News sitemap.

A story and its translation are separate objects at separate addresses, so Django's
``i18n``/``alternates`` (one object under every language prefix) does not fit; each story
lists itself and its published translation as ``xhtml:link hreflang`` alternates instead.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import x_robots_tag
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import Article

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 stories per sitemap


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    limit = 10_000  # per page of the sitemap; sitemap.xml is the index of the pages

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default walk over every item.
        latest = Article.objects.published().aggregate(Max("updated_at"), Max("published_at"))
        return max(filter(None, latest.values()), default=None)

    def items(self):
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


@x_robots_tag
@require_GET
def news_sitemap(request):
    """Stories published in the last two days, in Google News' sitemap format."""
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
                (story, request.build_absolute_uri(story.get_absolute_url())) for story in stories
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
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
