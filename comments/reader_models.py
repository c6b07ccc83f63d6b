"""What readers add to comments without an account: confirmed addresses and likes.

Imported by ``comments.models`` so the app registers them; they refer to the comment by
its app label, so this module imports nothing from ``models``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConfirmedEmail(models.Model):
    """An address whose owner opened the confirmation link sent to it.

    A row is created when the first link is sent (``requested_at``) and confirmed when the
    link is opened; only confirmed addresses count towards trusted commenters and receive
    reply notifications.
    """

    email = models.EmailField(_("email"), unique=True)
    requested_at = models.DateTimeField(_("link sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("commenter's address")
        verbose_name_plural = _("commenters' addresses")

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class Like(models.Model):
    """One browser's like of one comment; the count is kept on ``Comment.like_count``."""

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="likes")
    browser = models.CharField(max_length=64, help_text="A keyed hash of the browser's token.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "browser"], name="unique_like_per_browser")
        ]

    def __str__(self) -> str:
        return f"like of {self.comment_id}"
