"""The reader search page: ``/ar/search/?q=…`` and ``/en/search/?q=…``."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from newsroom.language import interface_language

from .models import Article, Language, Section
from .search import (
    RANK_WINDOW,
    clean_query,
    echo_query,
    is_postgresql,
    search_articles,
    with_excerpts,
)

# Ten results a page, each with a highlighted excerpt (the excerpts are most of the cost).
PAGE_SIZE = 10
SUGGESTIONS = 5


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    language = request.GET.get("lang", "")
    if language not in Language.values:
        language = ""
    sections = list(Section.objects.all())
    section = next((s for s in sections if s.slug == request.GET.get("section")), None)

    page = hits = None
    if query:
        found = search_articles(raw, language=language, section=section)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        hits = with_excerpts(page.object_list, raw)

    suggestions = []
    if not hits:
        suggestions = (
            Article.objects.published()
            .in_language(interface_language())
            .for_cards()
            .order_by("-published_at", "-pk")[:SUGGESTIONS]
        )

    shown = echo_query(raw)
    params = {"q": shown, "lang": language, "section": section.slug if section else ""}
    return render(
        request,
        "search/results.html",
        {
            "query": shown,
            "searched": bool(query),
            "page_obj": page,
            "hits": hits or [],
            # PostgreSQL ranks the newest RANK_WINDOW matches; say so when there are more.
            "capped": bool(page and is_postgresql() and page.paginator.count >= RANK_WINDOW),
            "language": language,
            "languages": Language.choices,
            "sections": sections,
            "section": section,
            "suggestions": suggestions,
            # Pagination links repeat the search, not the reader's raw query string.
            "base_query": urlencode({k: v for k, v in params.items() if v}),
        },
    )
