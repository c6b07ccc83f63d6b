"""A story's schema.org ``NewsArticle`` data, for search engines and news aggregators."""

from __future__ import annotations

from django.urls import reverse

from newsroom import dates
from newsroom.language import site_name
from newsroom.site import absolute_url

from . import corrections
from .pictures import publisher_logo, shaped_pictures


def news_article(request, article, picture, canonical: str, notes=()) -> dict:
    """schema.org NewsArticle; rendered by the ``json_ld`` tag with script-safe escaping.

    ``notes``: the story's public corrections (``articles.corrections``)."""
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
            "url": absolute_url(reverse("articles:home"), request),
            "logo": publisher_logo(request),
        },
        "author": [
            {
                "@type": "Person",
                "name": author.name_en if lang == "en" and author.name_en else author.name_ar,
                "url": absolute_url(author.get_absolute_url(), request),
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
    if notes:
        data["correction"] = corrections.json_ld(notes)
    if picture is not None:
        # Search engines ask for 16:9, 4:3 and 1:1; the widths are the fallback.
        shapes = shaped_pictures(article.lead_image) or picture.sources["image/jpeg"]
        data["image"] = [absolute_url(r.url, request) for r in shapes]
    return data
