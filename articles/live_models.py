"""Live coverage: a story switched to live, and the stream of timestamped updates under it.

Imported by ``articles.models`` (``Article`` takes the live fields from ``LiveStoryFields``,
and Django registers ``LiveUpdate`` with the app there). What posting, editing and removing
an update touch is in ``articles.live``.
"""

from html import unescape

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field

from .direction import first_strong, with_block_directions
from .sanitize import sanitize_html


class LiveStoryFields(models.Model):
    """What makes a story live: when its coverage started, and when it was closed."""

    live_started_at = models.DateTimeField(
        _("live coverage started"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the story is switched to live coverage."),
    )
    live_closed_at = models.DateTimeField(
        _("live coverage closed"), null=True, blank=True, editable=False
    )
    live_writers_may_post = models.BooleanField(
        _("writers may post live updates"),
        default=False,
        editable=False,
        help_text=_("Otherwise only editors post updates to this live story."),
    )

    class Meta:
        abstract = True

    @property
    def has_live_coverage(self) -> bool:
        """Live now, or once: its updates are shown either way."""
        return self.live_started_at is not None

    @property
    def is_live(self) -> bool:
        """Open live coverage: readers' pages poll for new updates."""
        return self.live_started_at is not None and self.live_closed_at is None


class LiveUpdateQuerySet(models.QuerySet):
    def visible(self):
        """What readers see: updates not removed, oldest first (``Meta.ordering``)."""
        return self.filter(removed_at__isnull=True)

    def key_events(self):
        return self.visible().filter(key_event=True)

    def after(self, pk: int):
        return self.filter(pk__gt=pk)


class LiveUpdate(models.Model):
    """One timestamped update of a live story.

    Removed updates keep their row (``removed_at``): readers never see them again, and
    the desk can tell what was taken down and by whom.
    """

    article = models.ForeignKey(
        "Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="live_updates",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Optional. Key events are listed by their title."),
    )
    body = CKEditor5Field(_("update"), config_name="default")
    key_event = models.BooleanField(
        _("key event"),
        default=False,
        help_text=_("Listed in the key events summary at the top of the story."),
    )
    pinned = models.BooleanField(
        _("pinned"),
        default=False,
        help_text=_("Shown first, above the key events. Pinning one unpins the previous one."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    direction = models.CharField(_("direction"), max_length=3, editable=False, default="rtl")
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        indexes = [
            # The reader's stream and the polling endpoint: a story's visible updates by id.
            models.Index(
                fields=["article", "id"],
                condition=Q(removed_at__isnull=True),
                name="liveupdate_stream_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(pinned=True, removed_at__isnull=True),
                name="one_pinned_update_per_story",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.created_at.isoformat(timespec="minutes")

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def save(self, *args, **kwargs):
        # Sanitised like a story's body. The update reads in the direction of its own text
        # (an English update in an Arabic story is left to right), and so does each block.
        body = sanitize_html(self.body)
        text = unescape(strip_tags(body))
        self.direction = first_strong(self.title) or first_strong(text) or self.article.direction
        self.body = with_block_directions(body, self.direction)
        super().save(*args, **kwargs)
