"""Reader pages. Every view reads stories through ``Article.objects.published()``.

Listings other than tag pages show the interface language's stories (``/ar/`` lists Arabic
stories, ``/en/`` English ones); tags are shared by both languages, so a tag page lists both.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import (
    ArchiveIndexView,
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)

from newsroom.cache import depend, fragment
from newsroom.language import interface_language, site_city
from newsroom.reverse_cache import remembered_reverse
from newsroom.site import absolute_url

from .corrections import CORRECTIONS, Correction
from .dependencies import NAMES, PUBLISHED, author_key, home_key, section_key, story_key, tag_key
from .front_page import FRONT_PAGE_SECONDS, front_page
from .json_ld import news_article
from .live import live_key
from .live_json_ld import live_blog_posting
from .models import Article, Author, Section, SlugRedirect, Tag
from .pagination import IndexedPaginator
from .related import related_for_page
from .renditions import picture_for


class PublishedMixin:
    """Every public view reads stories through ``Article.objects.published()``."""

    paginate_by = 20
    paginator_class = IndexedPaginator

    def count_key(self) -> tuple | None:
        """What identifies this listing's count, so the paginator may keep it; None: count."""
        return None

    def listing_key(self) -> str:
        """The dependency key of this listing (``newsroom.cache``)."""
        return PUBLISHED

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count_key = self.count_key()
        paginator.listing_key = self.listing_key()
        return paginator

    def get_context_data(self, **kwargs):
        depend(self.listing_key())
        context = super().get_context_data(**kwargs)
        # The cards' keys in one round trip, rather than one as each card renders.
        depend(*(story_key(story.pk) for story in context.get("object_list") or ()))
        return context

    def get_queryset(self):
        # Meta.ordering (-published_at, -pk) follows the partial indexes on published stories.
        return Article.objects.published().for_cards()


class InterfaceLanguageMixin(PublishedMixin):
    def get_queryset(self):
        return super().get_queryset().in_language(interface_language())


class HomeView(TemplateView):
    """The lead story, then the latest stories of each section."""

    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        # What is published also changes with the clock (scheduled stories): the front
        # page's choice is kept per worker for at most FRONT_PAGE_SECONDS.
        key = home_key(interface_language())
        lead, blocks = fragment(
            ("home", interface_language()), front_page, keys=(key,), max_age=FRONT_PAGE_SECONDS
        )
        # The cards' keys in one round trip, rather than one as each card renders.
        shown = [lead, *(story for _section, stories in blocks for story in stories)]
        depend(*(story_key(story.pk) for story in shown if story is not None))
        return super().get_context_data(lead=lead, blocks=blocks, **kwargs)


class SectionView(InterfaceLanguageMixin, ListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def count_key(self):
        return ("count", "section", self.section.pk, interface_language())

    def listing_key(self):
        return section_key(self.section.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, active_section=self.section, **kwargs)


class TagView(PublishedMixin, ListView):
    """Both languages: a tag is shared, and each card carries its own lang/dir."""

    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag.objects.public(), slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def count_key(self):
        return ("count", "tag", self.tag.pk)

    def listing_key(self):
        return tag_key(self.tag.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(InterfaceLanguageMixin, ListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def count_key(self):
        return ("count", "author", self.author.pk, interface_language())

    def listing_key(self):
        return author_key(self.author.pk)

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


class CorrectionsView(ListView):
    """The latest corrections to the interface language's stories, newest first."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = 20

    def get_queryset(self):
        return (
            Correction.objects.public(interface_language())
            .select_related("article")
            .only("text", "created_at", "article__language", "article__slug", "article__headline")
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        # A new note touches CORRECTIONS; a story's headline changed or withdrawn, PUBLISHED.
        depend(CORRECTIONS, PUBLISHED)
        return super().get_context_data(**kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return self._stories().with_comment_counts()

    def _previewing(self) -> bool:
        """Staff preview drafts at the story's real address; readers see only published."""
        user = self.request.user
        return user.is_authenticated and user.is_staff and user.has_perm("articles.view_article")

    def _stories(self):
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
            .annotate(has_corrections=Exists(Correction.objects.filter(article=OuterRef("pk"))))
        )
        return qs if self._previewing() else qs.published()

    def get_object(self, queryset=None):
        if self._previewing():
            return self._read()
        # A reader's story, kept per worker while it, its translation and the names it
        # shows are unchanged, and for a minute at most (a story withdrawn by the clock
        # goes as late as a cached page): its page rendered again runs no query for it.
        # Its comment count is not kept here but in the header's part (story.py).
        language = interface_language()
        return fragment(
            ("story", self.kwargs["slug"], language), self._read, keys=(NAMES,), max_age=60
        )

    def _read(self) -> Article:
        qs = self.get_queryset().filter(slug=self.kwargs["slug"])
        # Prefer the story in the interface's language when two share a slug.
        matches = sorted(qs, key=lambda a: a.language != interface_language())
        if not matches:
            raise Http404
        story = matches[0]
        # The count follows the thread, not the story: handed to this request's header
        # part (templatetags/story.py), never kept with the story.
        self.request.__dict__.setdefault("comment_counts", {})[story.pk] = story.comment_count
        del story.comment_count
        depend(story_key(story.pk))
        if story.translation_id:
            depend(story_key(story.translation_id))
        if story.has_live_coverage:
            # Each update moves the story's "last updated" without a save of the story.
            depend(live_key(story.pk))
        return story

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
        story_keys = [story_key(article.pk), NAMES]
        if article.translation_id:
            story_keys.append(story_key(article.translation_id))
        if article.has_live_coverage:
            story_keys.append(live_key(article.pk))  # its updates and "last updated"
        depend(*story_keys)
        if not article.is_published:
            story_keys = []  # a preview: saving a draft touches no key, so keep nothing
        translation = article.translation
        if translation is not None and not translation.is_published:
            translation = None
        other = "en" if interface_language() == "ar" else "ar"
        if translation is not None and translation.language == other:
            switch_url = translation.get_absolute_url()
        elif article.language == other:
            switch_url = article.url_in(other)
        else:
            # No translation: the other site's front page, not this story inside it.
            switch_url = remembered_reverse("articles:home", language=other)
        picture = picture_for(article.lead_image)
        canonical = absolute_url(article.get_absolute_url(), self.request)
        # Most stories have none: their page pays for the question, not for a query.
        corrections = list(article.corrections.all()) if article.has_corrections else []
        related = related_for_page(article)
        return super().get_context_data(
            translation=translation,
            story_keys=story_keys,
            switch_url=switch_url,
            story_city=site_city(article.language),
            picture=picture,
            related=related,
            canonical_url=canonical,
            alternates=self._alternates(article, translation),
            corrections=corrections,
            json_ld=live_blog_posting(
                self.request,
                article,
                news_article(self.request, article, picture, canonical, corrections),
            ),
            **kwargs,
        )

    def _alternates(self, article, translation):
        if translation is None:
            return []
        pair = sorted([article, translation], key=lambda a: a.language)
        return [(a.language, absolute_url(a.get_absolute_url(), self.request)) for a in pair]


def render_story_page(request, article: Article, **context) -> HttpResponse | None:
    """The story page of ``article`` with extra template ``context``, rendered now.

    The documented way for another app to answer a POST with the story page (the
    comments app shows a reader's form and its errors this way): the same query,
    context and template as reading the story, without dispatching the view again.
    None when the page is not there to show (the caller has its own fallback).
    """
    view = ArticleDetailView()
    view.setup(request, slug=article.slug)
    story = view.get_queryset().filter(pk=article.pk).first()
    if story is None:
        return None
    view.object = story
    return view.render_to_response(view.get_context_data(object=story, **context)).render()
