"""A story's schema.org ``NewsArticle`` data, for search engines and news aggregators."""

from __future__ import annotations

from django.urls import reverse

from newsroom import dates
from newsroom.language import site_name


def news_article(request, article, picture, canonical: str) -> dict:
    """schema.org NewsArticle; rendered by the ``json_ld`` tag with script-safe escaping."""
    lang = article.language
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": article.headline[:110],
        "inLanguage": lang,
        "articleSection": article.section.name_en
        if lang == "en" and article.section.name_en
        else article.section.name_ar,
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": site_name(lang),
            "url": request.build_absolute_uri(reverse("articles:home")),
        },
        "author": [
            {
                "@type": "Person",
                "name": author.name_en if lang == "en" and author.name_en else author.name_ar,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in article.authors.all()
        ],
    }
    if article.published_at:
        data["datePublished"] = dates.iso(article.published_at)
    if article.last_updated:
        data["dateModified"] = dates.iso(article.last_updated)
    if article.summary or article.standfirst:
        data["description"] = article.summary or article.standfirst
    if picture is not None:
        data["image"] = [request.build_absolute_uri(r.url) for r in picture.sources["image/jpeg"]]
    return data
