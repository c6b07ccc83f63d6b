"""Corrections in public: the notes an editor adds when a published story was wrong.

A note is written in the desk's story form ("Correction note", beside "Minor correction")
when an editor saves a change that is not a minor correction to a published story; a minor
correction (a typo fix) stays silent. Notes are shown at the end of the story with their
time, in its NewsArticle JSON-LD (``correction``, as ``CorrectionComment``), and on the
``/corrections/`` page of the story's language. A note is added, never edited or deleted:
the record of what the paper got wrong stays honest.

Imported by ``articles.models`` so Django registers the model with the app. Adding a note
sets the story's ``updated_at`` to the note's time and touches ``story:<id>`` and
``corrections`` (``articles.dependencies``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom import dates

#: The dependency key of the corrections pages (``newsroom.cache``).
CORRECTIONS = "corrections"
#: A correction says what was wrong and what is right, in a sentence or two.
MAX_LENGTH = 1000


class CorrectionQuerySet(models.QuerySet):
    def public(self, language: str | None = None):
        """Corrections on stories readers can see (through ``published()``, the one gate)."""
        from .models import Article

        stories = Article.objects.published()
        if language:
            stories = stories.in_language(language)
        return self.filter(article__in=stories.values("pk"))


class Correction(models.Model):
    """A correction note on a published story, shown to readers."""

    article = models.ForeignKey(
        "Article", verbose_name=_("story"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("correction"), max_length=MAX_LENGTH)
    created_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return self.text[:60]


def json_ld(corrections) -> list[dict]:
    """schema.org ``correction`` of a NewsArticle: one ``CorrectionComment`` per note."""
    return [
        {
            "@type": "CorrectionComment",
            "text": correction.text,
            "datePublished": dates.iso(correction.created_at),
        }
        for correction in corrections
    ]


def add(article, text: str, user=None) -> Correction | None:
    """Publish ``text`` as a correction of ``article`` (nothing for an empty note).

    The note is a change readers see, so the story's "last updated" becomes the note's
    time: a story must not read "updated 17:56" above a correction dated 17:59.
    """
    text = (text or "").strip()
    if not text:
        return None
    now = timezone.now()
    # A plain update: the story's own fields did not change (no history entry); the
    # note's post_save touches story:<id> after it, so the page shows both at once.
    type(article).objects.filter(pk=article.pk).update(updated_at=now)
    article.updated_at = now
    return Correction.objects.create(article=article, text=text, created_by=user, created_at=now)
