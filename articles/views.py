"""Reader pages. Every view reads stories through ``Article.objects.published()``.

Listings other than tag pages show the interface language's stories (``/ar/`` lists Arabic
stories, ``/en/`` English ones); tags are shared by both languages, so a tag page lists both.
"""

from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django.views.generic import (
    ArchiveIndexView,
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from newsroom import dates
from newsroom.cache import fragment

from .models import Article, Author, Section, SlugRedirect, Tag, TaggedArticle
from .pagination import IndexedPaginator
from .pictures import publisher_logo, shaped_pictures
from .renditions import picture_for

SECTION_BLOCK_SIZE = 4
#: The home page groups the latest this-many stories by section (a bounded, indexed scan
#: however large the archive grows; a section silent for that long drops off the front page).
HOME_WINDOW = 1000
#: How long a worker keeps its choice of front-page stories (a scheduled story appears
#: within this; any save or publication refreshes it at once).
FRONT_PAGE_SECONDS = 60
#: What a story card shows: listings never load bodies or search columns.
CARD_FIELDS = (
    "id",
    "language",
    "headline",
    "slug",
    "kicker",
    "summary",
    "standfirst",
    "status",
    "published_at",
    "lead_image",
    "lead_image_alt",
    "section__id",
    "section__slug",
    "section__name_ar",
    "section__name_en",
)
#: How many of the latest stories are considered for "related stories".
RELATED_WINDOW = 1000
RELATED_COUNT = 4
#: How long a story's choice of related stories is kept (new candidates show up this late).
RELATED_CACHE_SECONDS = 300


def interface_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


class PublishedMixin:
    """Every public view reads stories through ``Article.objects.published()``."""

    paginate_by = 20
    paginator_class = IndexedPaginator

    def count_key(self) -> tuple | None:
        """What identifies this listing's count, so the paginator may keep it; None: count."""
        return None

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count_key = self.count_key()
        return paginator

    def get_queryset(self):
        # Meta.ordering (-published_at, -pk) follows the partial indexes on published stories.
        return (
            Article.objects.published()
            .select_related("section")
            .only(*CARD_FIELDS)
            .with_comment_counts()
        )


class InterfaceLanguageMixin(PublishedMixin):
    def get_queryset(self):
        return super().get_queryset().filter(language=interface_language())


class HomeView(TemplateView):
    """The lead story, then the latest stories of each section."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        # What is published also changes with the clock (scheduled stories): the front
        # page's choice is kept per worker for at most FRONT_PAGE_SECONDS.
        lead, blocks = fragment(
            ("home", interface_language()), front_page, max_age=FRONT_PAGE_SECONDS
        )
        return super().get_context_data(lead=lead, blocks=blocks, **kwargs)


def front_page() -> tuple[Article | None, list]:
    """The lead story and, per section, its latest stories (two queries)."""
    stories = (
        Article.objects.published()
        .filter(language=interface_language())
        .select_related("section")
        .only(*CARD_FIELDS)
        .with_comment_counts()
    )
    lead = stories.first()
    blocks = []
    if lead is not None:
        recent = (
            Article.objects.published()
            .filter(language=interface_language())
            .order_by("-published_at", "-pk")
            .values("pk")[:HOME_WINDOW]
        )
        latest = (
            stories.filter(pk__in=recent)
            .exclude(pk=lead.pk)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("section_id")],
                    order_by=[F("published_at").desc(), F("pk").desc()],
                )
            )
            .filter(rank__lte=SECTION_BLOCK_SIZE)
            .order_by("section__position", "section__name_ar", "section_id", "rank")
        )
        blocks = [
            (group[0].section, group)
            for group in (list(g) for _, g in groupby(latest, key=lambda a: a.section_id))
        ]
    return lead, blocks


class SectionView(InterfaceLanguageMixin, ListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def count_key(self):
        return ("count", "section", self.section.pk, interface_language())

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, active_section=self.section, **kwargs)


class TagView(PublishedMixin, ListView):
    """Both languages: a tag is shared, and each card carries its own lang/dir."""

    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def count_key(self):
        return ("count", "tag", self.tag.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(InterfaceLanguageMixin, ListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def count_key(self):
        return ("count", "author", self.author.pk, interface_language())

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArchiveMixin(InterfaceLanguageMixin):
    date_field = "published_at"
    month_format = "%m"
    template_name = "articles/archive.html"
    allow_empty = False


class ArchiveView(ArchiveMixin, ArchiveIndexView):
    allow_empty = True
    date_list_period = "year"


class YearView(ArchiveMixin, YearArchiveView):
    make_object_list = True


class MonthView(ArchiveMixin, MonthArchiveView):
    pass


class DayView(ArchiveMixin, DayArchiveView):
    pass


def related_stories(article: Article, limit: int = RELATED_COUNT) -> list[Article]:
    """The related stories, chosen at most every ``RELATED_CACHE_SECONDS`` per story.

    The choice (ids) is kept in the cache under the story's modification time, so editing
    the story's tags chooses again at once; the stories themselves are always read through
    ``published()``, so one unpublished since drops out at once. One query either way.
    """
    key = f"related:{article.pk}:{article.modified_at.timestamp()}:{limit}"
    ids = cache.get(key)
    if ids is not None:
        found = {
            story.pk: story
            for story in Article.objects.published()
            .filter(pk__in=ids)
            .select_related("section")
            .only(*CARD_FIELDS)
        }
        return [found[pk] for pk in ids if pk in found]
    stories = list(choose_related_stories(article, limit))
    cache.set(key, [story.pk for story in stories], RELATED_CACHE_SECONDS)
    return stories


def choose_related_stories(article: Article, limit: int = RELATED_COUNT):
    """Stories sharing the most tags first, then the latest of the same section; one query.

    Candidates are the latest ``RELATED_WINDOW`` stories of the story's language, so a tag
    carried by tens of thousands of stories costs no more than a rare one, and the query
    is driven by an index, never by a scan of the archive.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    published = Article.objects.published().filter(language=article.language)
    recent = published.exclude(pk=article.pk).order_by("-published_at", "-pk").values("pk")
    same_section = Case(
        When(section_id=article.section_id, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    shared = Value(0, output_field=IntegerField())
    if tag_ids:
        shared = Coalesce(
            Subquery(
                TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
                .values("content_object_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    return (
        published.filter(pk__in=recent[:RELATED_WINDOW])
        .annotate(shared=shared, same_section=same_section)
        .filter(Q(shared__gt=0) | Q(same_section=1))
        .select_related("section")
        .only(*CARD_FIELDS)
        .order_by("-shared", "-same_section", "-published_at", "-pk")[:limit]
    )


class ArticleDetailView(DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        qs = (
            Article.objects.select_related("section", "translation")
            .prefetch_related("authors", "tags")
            # The search columns (a normalised copy of the body and its vector) and the
            # translation's body are never shown: leave them in the database.
            .defer(
                "search_text",
                "search_vector",
                "translation__body",
                "translation__search_text",
                "translation__search_vector",
            )
            .with_comment_counts()
        )
        user = self.request.user
        # Staff preview drafts at the story's real address; readers see only published.
        if user.is_authenticated and user.is_staff and user.has_perm("articles.view_article"):
            return qs
        return qs.published()

    def get_object(self, queryset=None):
        qs = self.get_queryset().filter(slug=self.kwargs["slug"])
        # Prefer the story in the interface's language when two share a slug.
        matches = sorted(qs, key=lambda a: a.language != interface_language())
        if matches:
            return matches[0]
        raise Http404

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            redirect = (
                SlugRedirect.objects.filter(
                    old_slug=self.kwargs["slug"], article__in=Article.objects.published()
                )
                .select_related("article")
                .first()
            )
            if redirect:
                return HttpResponsePermanentRedirect(redirect.article.url_in(interface_language()))
            raise

    def get_context_data(self, **kwargs):
        article = self.object
        translation = article.translation
        if translation is not None and not translation.is_published:
            translation = None
        other = "en" if interface_language() == "ar" else "ar"
        switch_url = (
            translation.get_absolute_url()
            if translation is not None and translation.language == other
            else article.url_in(other)
        )
        picture = picture_for(article.lead_image)
        canonical = self.request.build_absolute_uri(article.get_absolute_url())
        return super().get_context_data(
            translation=translation,
            switch_url=switch_url,
            story_city=settings.NEWSROOM_CITY.get(article.language, settings.NEWSROOM_CITY["en"]),
            picture=picture,
            related=related_stories(article),
            canonical_url=canonical,
            alternates=self._alternates(article, translation),
            json_ld=self._json_ld(article, picture, canonical),
            **kwargs,
        )

    def _alternates(self, article, translation):
        if translation is None:
            return []
        pair = sorted([article, translation], key=lambda a: a.language)
        return [(a.language, self.request.build_absolute_uri(a.get_absolute_url())) for a in pair]

    def _json_ld(self, article, picture, canonical) -> dict:
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
                "name": settings.NEWSROOM_NAME.get(lang, settings.NEWSROOM_NAME["en"]),
                "url": self.request.build_absolute_uri(reverse("articles:home")),
                "logo": publisher_logo(self.request),
            },
            "author": [
                {
                    "@type": "Person",
                    "name": author.name_en if lang == "en" and author.name_en else author.name_ar,
                    "url": self.request.build_absolute_uri(author.get_absolute_url()),
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
            shapes = shaped_pictures(article.lead_image) or picture.sources["image/jpeg"]
            data["image"] = [self.request.build_absolute_uri(r.url) for r in shapes]
        return data


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
