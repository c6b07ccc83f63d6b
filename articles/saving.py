"""What saving a story derives, one small named step each, run by ``Article.save``.

Before the row is written (``prepare``): the body is sanitised, the slug made
URL-safe and unique in its language, the publication and update times set.
After it, in the same transaction: a published story's old slug redirects to
it (``redirect_old_slug``), and its translation pair is made symmetric
(``pair_translation``). The search index follows in a ``post_save`` receiver
(``articles.search_index``).

The steps take the story and use its own model's managers, so this module
imports nothing from ``articles.models`` (which imports it).
"""

from __future__ import annotations

from django.utils import timezone

from newsroom.text import arabic_slugify

from .sanitize import sanitize_html

#: A slug never grows past the field's length with its "-2" suffix.
SLUG_LENGTH = 200


def unique_slug(article, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first no other story in its language has."""
    base = base or "story"
    slug, n = base, 2
    others = type(article).objects.filter(language=article.language).exclude(pk=article.pk)
    while others.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: SLUG_LENGTH - len(suffix)] + suffix
        n += 1
    return slug


def settle_slug(article) -> None:
    """An editor's slug made URL-safe; with none, one made from the headline."""
    article.slug = arabic_slugify(article.slug) if article.slug else ""
    if not article.slug:
        article.slug = unique_slug(article, arabic_slugify(article.headline))


#: What readers read of a story: only a change here moves its "last updated" time.
READER_FIELDS = (
    "language",
    "kicker",
    "headline",
    "standfirst",
    "summary",
    "body",
    "lead_image",
    "lead_image_caption",
    "lead_image_credit",
    "lead_image_alt",
)


def reader_visible_change(article) -> bool:
    """Whether what readers read differs from the stored story (a new story: yes).

    Sending to review, publishing, scheduling and unpublishing change none of it.
    """
    if not article.pk:
        return True
    stored = type(article).objects.filter(pk=article.pk).values(*READER_FIELDS).first()
    if stored is None:
        return True
    return any(
        str(stored[name] or "") != str(getattr(article, name) or "") for name in READER_FIELDS
    )


def stamp_times(article, now=None) -> None:
    """Published now if published without a time; updated now when readers would see a
    change that is not a minor correction."""
    now = now or timezone.now()
    if article.status == article.Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    article._reader_changed = False
    if article.updated_at is None or (
        not article.minor_correction and reader_visible_change(article)
    ):
        article._reader_changed = article.pk is not None
        article.updated_at = now
    # Saving a translation brings it up to date with its original.
    article.translation_outdated = False


def prepare(article) -> None:
    """Everything derived before the row is written."""
    article.body = sanitize_html(article.body)
    settle_slug(article)
    stamp_times(article)


def previous_state(article) -> dict | None:
    """The stored slug, language and status of a story about to be saved (None if new)."""
    if not article.pk:
        return None
    return type(article).objects.filter(pk=article.pk).values("slug", "language", "status").first()


def redirect_old_slug(article, old: dict | None) -> None:
    """A published story's old address redirects to it; a slug live again redirects nowhere."""
    redirects = article.old_slugs.model.objects
    if old and old["slug"] != article.slug and old["status"] == article.Status.PUBLISHED:
        redirects.update_or_create(
            language=old["language"], old_slug=old["slug"], defaults={"article": article}
        )
    redirects.filter(language=article.language, old_slug=article.slug).delete()


def pair_translation(article) -> None:
    """Keep the translation pair symmetric: A↔B, and nobody else points at A or B."""
    stories = type(article).objects
    stories.filter(translation=article).exclude(pk=article.translation_id).update(translation=None)
    if article.translation_id:
        stories.filter(translation_id=article.translation_id).exclude(pk=article.pk).update(
            translation=None
        )
        stories.filter(pk=article.translation_id).update(translation=article)


def flag_translation(article) -> None:
    """An Arabic original changed for readers: its English pair is now out of date."""
    changed = getattr(article, "_reader_changed", False)
    if changed and article.translation_id and article.language == "ar":
        type(article).objects.filter(pk=article.translation_id, language="en").update(
            translation_outdated=True
        )
