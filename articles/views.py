from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from .models import Article, Author, Section, SlugRedirect, Tag


class PublishedMixin:
    """Every public view reads stories through ``Article.objects.published()``."""

    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedMixin, ListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        return super().get_queryset().filter(language=get_language()[:2])


class SectionView(PublishedMixin, ListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section, language=get_language()[:2])

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(PublishedMixin, ListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublishedMixin, ListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    template_name = "articles/detail.html"
    context_object_name = "article"

    def get_queryset(self):
        qs = Article.objects.select_related("section", "translation")
        user = self.request.user
        # Staff preview drafts at the story's real address; readers see only published.
        if user.is_authenticated and user.is_staff and user.has_perm("articles.view_article"):
            return qs
        return qs.published()

    def get_object(self, queryset=None):
        qs = self.get_queryset().filter(slug=self.kwargs["slug"])
        # Prefer the story in the interface's language when two share a slug.
        matches = sorted(qs, key=lambda a: a.language != get_language()[:2])
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
                return HttpResponsePermanentRedirect(
                    redirect.article.url_in(get_language()[:2])
                )
            raise
