"""A ban: an email address or a whole email domain whose comments are refused, for a time.

Kept out of ``models.py`` (which imports it) so that file stays one screenful per model;
the rules that use it live in ``comments/bans.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Ban(models.Model):
    """An email address or a whole email domain whose comments are refused, for a time."""

    target = models.CharField(
        _("email or domain"),
        max_length=254,
        help_text=_("An address (name@example.org) or a whole domain (example.org)."),
    )
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("banned at"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("banned by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        indexes = [
            models.Index(fields=["target"], condition=Q(lifted_at=None), name="ban_target_idx")
        ]

    def __str__(self) -> str:
        return self.target

    @property
    def is_domain(self) -> bool:
        return "@" not in self.target

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and (self.expires_at is None or self.expires_at > now)

    def save(self, *args, **kwargs):
        self.target = self.target.strip().lower().lstrip("@")
        super().save(*args, **kwargs)
