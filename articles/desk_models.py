"""The desk's own records around a story: autosaved text and editorial notes.

Imported by ``articles.models`` so Django registers them with the app; neither is ever
shown to readers.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    """The text of a story as an editor last had it in the form, saved every 30 seconds.

    Never the story itself: readers, history and search never see it. Offered back to the
    same editor when the story is reopened after a lost connection or a crashed browser;
    deleted once they save the story (``articles.autosave``).
    """

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="unique_autosave_per_editor")
        ]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.user_id}"


class Note(models.Model):
    """An editorial note on a story ("check the minister's quote"): seen only in the desk."""

    article = models.ForeignKey(
        "Article", verbose_name=_("story"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("editorial note")
        verbose_name_plural = _("editorial notes")

    def __str__(self) -> str:
        return self.text[:60]
