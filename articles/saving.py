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

from django.db import models
from django.utils import timezone

from newsroom.text import arabic_slugify

from .direction import with_block_directions
from .sanitize import sanitize_html

#: A slug never grows past the field's length with its "-2" suffix.
SLUG_LENGTH = 200


def unique_slug(article, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``…: the first no other story in its language has,
    and no other story's old address."""
    base = base or "story"
    slug, n = base, 2
    others = type(article).objects.filter(language=article.language).exclude(pk=article.pk)
    while others.filter(slug=slug).exists() or redirect_holding(article, slug) is not None:
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
    # Each block of the body then takes the direction of its own text (articles/direction.py).
    article.body = with_block_directions(sanitize_html(article.body), article.direction)
    settle_slug(article)
    stamp_times(article)


def previous_state(article) -> dict | None:
    """The stored slug, language and status of a story about to be saved (None if new)."""
    if not article.pk:
        return None
    return type(article).objects.filter(pk=article.pk).values("slug", "language", "status").first()


def redirect_holding(article, slug: str):
    """The old address ``slug`` that still leads readers to another story, if any."""
    return (
        article.old_slugs.model.objects.filter(language=article.language, old_slug=slug)
        .exclude(article_id=article.pk)
        .select_related("article")
        .first()
    )


def redirect_old_slug(article, old: dict | None) -> None:
    """A published story's old address redirects to it.

    An old address is taken over only by a published story (or comes back to its own
    story): a draft saved at it must not break the redirect readers follow.
    """
    redirects = article.old_slugs.model.objects
    if old and old["slug"] != article.slug and old["status"] == article.Status.PUBLISHED:
        redirects.update_or_create(
            language=old["language"], old_slug=old["slug"], defaults={"article": article}
        )
    live_again = redirects.filter(language=article.language, old_slug=article.slug)
    if article.status != article.Status.PUBLISHED:
        live_again = live_again.filter(article_id=article.pk)
    live_again.delete()


def translation_changes(article) -> list:
    """The other stories that saving ``article``'s translation would change.

    Its new partner (pointed back at it), the partner's previous partner and its own
    previous partner (both released). Whoever pairs must be allowed to change each of
    them (``ArticleAdminForm.clean_translation``).
    """
    stories = type(article).objects
    changed = []
    if article.pk:
        changed += stories.filter(translation=article).exclude(pk=article.translation_id)
    if article.translation_id:
        changed += stories.filter(translation_id=article.translation_id).exclude(pk=article.pk)
        partner = stories.filter(pk=article.translation_id)
        if article.pk:
            partner = partner.exclude(translation_id=article.pk)
        changed += partner
    for other in changed:
        other.translation = article if other.pk == article.translation_id else None
    return changed


def pair_translation(article) -> None:
    """Keep the translation pair symmetric: A↔B, and nobody else points at A or B.

    Each other story changed is saved on its own (not with ``update()``), so its history
    records the change and who made it.
    """
    for other in translation_changes(article):
        models.Model.save(other, update_fields=["translation"])


def flag_translation(article) -> None:
    """An Arabic original changed for readers: its English pair is now out of date."""
    changed = getattr(article, "_reader_changed", False)
    if changed and article.translation_id and article.language == "ar":
        type(article).objects.filter(pk=article.translation_id, language="en").update(
            translation_outdated=True
        )
