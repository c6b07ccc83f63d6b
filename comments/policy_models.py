"""What the newsroom sets for its comments: the moderated word lists and the disclaimer.

Imported by ``comments/models.py``, which registers them with the app.
"""

import logging

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.language import interface_language
from newsroom.text import normalise

logger = logging.getLogger(__name__)

DISCLAIMER_CACHE_KEY = "comments:disclaimer"


class Word(models.Model):
    """A banned word (refused automatically) or a suspect word (held for a moderator)."""

    class Kind(models.TextChoices):
        BANNED = "banned", _("Banned: the comment is rejected")
        SUSPECT = "suspect", _("Suspect: the comment is held for review")

    word = models.CharField(
        _("word"),
        max_length=100,
        help_text=_(
            "One word, written plainly. It also catches the word with و ف ب ل ال attached, "
            "with diacritics or tatweel, and with any form of alef."
        ),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SUSPECT)
    normalised = models.CharField(max_length=100, editable=False)
    arabizi = models.BooleanField(
        _("also in Arabizi"),
        default=False,
        help_text=_(
            "Also catch the word written in Latin letters and digits (7mar, kalb, 7a9eer). "
            "Leave off for short words that are also common English or French words."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "normalised"]
        verbose_name = _("moderated word")
        verbose_name_plural = _("moderated words")
        constraints = [models.UniqueConstraint(fields=["normalised"], name="unique_moderated_word")]

    def __str__(self) -> str:
        return self.word

    def save(self, *args, **kwargs):
        self.normalised = normalise(self.word)[:100]
        super().save(*args, **kwargs)


class Disclaimer(models.Model):
    """The line shown above every story's comments. One row, edited in the admin."""

    DEFAULT_AR = "التعليقات المنشورة تعبر عن آراء أصحابها"
    DEFAULT_EN = "Published comments reflect the opinions of their authors"

    text_ar = models.CharField(_("text (Arabic)"), max_length=300, default=DEFAULT_AR)
    text_en = models.CharField(_("text (English)"), max_length=300, default=DEFAULT_EN)

    class Meta:
        verbose_name = _("comments disclaimer")
        verbose_name_plural = _("comments disclaimer")

    def __str__(self) -> str:
        return self.text_ar

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        try:
            cache.delete(DISCLAIMER_CACHE_KEY)
        except Exception:  # a cache outage must not stop the edit
            logger.warning("could not clear the cached disclaimer", exc_info=True)

    @classmethod
    def texts(cls) -> dict[str, str]:
        """Both texts, from the cache when possible (no query on a warm cache)."""
        try:
            texts = cache.get(DISCLAIMER_CACHE_KEY)
        except Exception:
            logger.warning("cache unavailable: reading the disclaimer from the database")
            texts = None
        if texts is None:
            row = cls.objects.filter(pk=1).first()
            texts = {
                "ar": row.text_ar if row else cls.DEFAULT_AR,
                "en": row.text_en if row else cls.DEFAULT_EN,
            }
            try:
                cache.set(DISCLAIMER_CACHE_KEY, texts, 3600)
            except Exception:
                logger.debug("could not cache the disclaimer", exc_info=True)
        return texts

    @classmethod
    def current(cls, language: str | None = None) -> str:
        language = (language or interface_language())[:2]
        texts = cls.texts()
        return texts.get(language) or texts["ar"]
