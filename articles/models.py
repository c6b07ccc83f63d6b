from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.language import interface_language
from newsroom.reverse_cache import remembered_reverse
from newsroom.text import arabic_slugify, normalise

from . import saving
from .corrections import Correction  # noqa: F401 - registered with the app here
from .desk_models import Autosave, Note  # noqa: F401 - registered with the app here
from .live_models import LiveStoryFields, LiveUpdate  # noqa: F401 - LiveUpdate registered here
from .querysets import ArticleQuerySet
from .tagparse import NormalisedTagManager
from .tags import TagQuerySet


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


DIRECTIONS = {Language.ARABIC: "rtl", Language.ENGLISH: "ltr"}


class BilingualNameMixin(models.Model):
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Arabic."""
        if interface_language() == "en" and self.name_en:
            return self.name_en
        return self.name_ar

    def __str__(self) -> str:
        return self.name


class Section(BilingualNameMixin):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order.")
    )

    class Meta:
        ordering = ["position", "name_ar"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_absolute_url(self) -> str:
        return remembered_reverse("articles:section", kwargs={"slug": self.slug})


class Author(BilingualNameMixin):
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)
    bio_ar = models.TextField(_("short bio (Arabic)"), blank=True)
    bio_en = models.TextField(_("short bio (English)"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    @property
    def bio(self) -> str:
        if interface_language() == "en" and self.bio_en:
            return self.bio_en
        return self.bio_ar

    def get_absolute_url(self) -> str:
        return remembered_reverse("articles:author", kwargs={"slug": self.slug})


class Tag(TagBase):
    """A taggit tag that also stores its normalised name.

    الأردن and الاردن normalise alike, so they are one tag, not two.
    """

    normalised = models.CharField(max_length=100, unique=True, editable=False)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.normalised = normalise(self.name)[:100]
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        slug = arabic_slugify(tag)[:90] or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self) -> str:
        return remembered_reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]


def story_path(language: str, slug: str) -> str:
    """A story's address under the interface ``language``."""
    return remembered_reverse("articles:detail", kwargs={"slug": slug}, language=language)


#: Fields whose change rebuilds a story's search index (see articles/search_index.py).
SEARCHED_FIELDS = {
    "headline",
    "kicker",
    "standfirst",
    "summary",
    "body",
    "language",
    "section",
    "section_id",
}


class Article(LiveStoryFields, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class CommentMode(models.TextChoices):
        PRE = "pre", _("Pre-moderation: a moderator approves each comment first")
        POST = "post", _("Post-moderation: comments appear at once, then are reviewed")
        CLOSED = "closed", _("Closed: no new comments")

    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.ARABIC,
        help_text=_("The story's language sets its text direction on the page."),
    )
    headline = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "The story's address. Made from the headline if left empty; Arabic is kept. "
            "Changing it on a published story keeps the old address working."
        ),
    )
    kicker = models.CharField(
        _("kicker"), max_length=120, blank=True, help_text=_("The short line above the headline.")
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("The deck under the headline: one or two sentences."),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("For story lists and social cards.")
    )
    body = CKEditor5Field(_("body"), blank=True, config_name="default")

    lead_image = models.ImageField(_("lead image"), upload_to="leads/%Y/%m/", blank=True)
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=150, blank=True)
    lead_image_alt = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )

    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), blank=True, related_name="articles"
    )
    tags = TaggableManager(
        verbose_name=_("tags"), through=TaggedArticle, manager=NormalisedTagManager, blank=True
    )
    translation = models.OneToOneField(
        "self",
        verbose_name=_("translation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The same story in the other language."),
    )

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    comments_enabled = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Untick to close comments on this story. Existing comments stay visible."),
    )
    comment_mode = models.CharField(
        _("comment moderation"),
        max_length=6,
        choices=CommentMode.choices,
        default=CommentMode.PRE,
        help_text=_("How new comments on this story are moderated."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the story: readers see it from then on."),
    )
    breaking_until = models.DateTimeField(
        _("breaking news until"),
        null=True,
        blank=True,
        help_text=_("A banner on every page links to this story until then. Empty: no banner."),
    )
    unpublish_at = models.DateTimeField(_("leaves the site at"), null=True, blank=True)
    translation_outdated = models.BooleanField(
        _("translation out of date"), default=False, editable=False
    )
    updated_at = models.DateTimeField(
        _("last updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set on every substantive change; not on a minor correction."),
    )
    modified_at = models.DateTimeField(_("modified"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # Normalised text for search where PostgreSQL is absent (SQLite); see articles/search_index.py.
    search_text = models.TextField(blank=True, default="", editable=False)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "search_text", "modified_at", "translation_outdated"]
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish stories")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="unique_slug_per_language"),
        ]
        # Listing indexes carry unpublish_at (read by published()) and the section, so a
        # page's ids and related stories' candidates come from index-only scans (see
        # articles.pagination and articles.related): page 500 of a section in 1.5 ms, not 22.
        indexes = [
            models.Index(
                fields=["language", "-published_at", "-id"],
                condition=Q(status="published"),
                include=["unpublish_at", "section"],
                name="article_language_page_idx",
            ),
            models.Index(
                fields=["section", "language", "-published_at", "-id"],
                condition=Q(status="published"),
                include=["unpublish_at"],
                name="article_section_page_idx",
            ),
            models.Index(fields=["status", "-modified_at"], name="article_desk_idx"),
            # The desk's story list: every status, newest first (drafts without a time on top).
            models.Index(fields=["-published_at", "-id"], name="article_desk_recent_idx"),
            # Search: the newest matches of a common word, without a sort of all of them.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                include=["unpublish_at"],
                name="article_recent_idx",
            ),
        ]

    #: Set by the admin form: a typo fix does not bump "last updated".
    minor_correction = False

    def __str__(self) -> str:
        return self.headline

    @property
    def direction(self) -> str:
        return DIRECTIONS.get(self.language, "rtl")

    @property
    def is_published(self) -> bool:
        """The same rule as ``Article.objects.published()``."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def last_updated(self):
        """When readers are told the story was last updated."""
        if self.updated_at and self.published_at:
            return max(self.updated_at, self.published_at)
        return self.updated_at or self.published_at

    def get_absolute_url(self) -> str:
        """The story's canonical address, under its own language's prefix."""
        return story_path(self.language, self.slug)

    def url_in(self, language: str) -> str:
        """The story's address under another interface language."""
        return story_path(language, self.slug)

    def save(self, *args, **kwargs):
        # Each derived value is one named step in articles/saving.py.
        saving.prepare(self)
        old = saving.previous_state(self)
        with transaction.atomic():
            super().save(*args, **kwargs)
            saving.redirect_old_slug(self, old)
            saving.pair_translation(self)
            saving.flag_translation(self)
            # The search index follows in a post_save receiver (articles/search_index.py).
        self.minor_correction = False

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.translation_id:
            if self.translation_id == self.pk:
                raise ValidationError({"translation": _("A story cannot translate itself.")})
            if self.translation.language == self.language:
                raise ValidationError(
                    {"translation": _("The translation must be in the other language.")}
                )
        if self.slug:
            slug = arabic_slugify(self.slug)
            clash = Article.objects.filter(language=self.language, slug=slug).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"slug": _("Another story in this language already uses this slug.")}
                )


class SlugRedirect(models.Model):
    """An old slug of a published story, answered with a permanent redirect."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    language = models.CharField(max_length=2, choices=Language.choices)
    old_slug = models.SlugField(max_length=200, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "old_slug"], name="unique_old_slug")
        ]

    def __str__(self) -> str:
        return self.old_slug
