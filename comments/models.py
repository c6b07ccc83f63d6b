"""Reader comments, held for moderation, with an append-only log of decisions.

Nothing is deleted: a comment that should not be public is rejected or marked
spam, and every change of status is written to ``Decision``.
"""

import logging

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.reverse_cache import remembered_reverse
from newsroom.text import normalise

from .ban_model import Ban
from .policy_models import DISCLAIMER_CACHE_KEY, Disclaimer, Word  # noqa: F401  (registered here)
from .reader_models import ConfirmedEmail, Like  # noqa: F401  (registered with this app)

logger = logging.getLogger(__name__)


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class HoldReason(models.TextChoices):
    BANNED = "banned", _("Banned word")
    SUSPECT = "suspect", _("Suspect word")
    LINKS = "links", _("Too many links, likely spam")
    REPORTS = "reports", _("Reported by readers")
    TRUSTED = "trusted", _("Trusted commenter")
    POST = "post", _("Post-moderated story: published, then reviewed")


#: What a decision can lead to: a comment's status, or a ban put on or lifted.
DECISION_OUTCOMES = [*Status.choices, ("banned", _("Banned")), ("lifted", _("Ban lifted"))]


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """The only gate for public comments: approved, and not removed by its author."""
        return self.filter(status=Status.APPROVED, removed_at__isnull=True)

    def in_moderation(self):
        """Comments waiting for a moderator: new, held, or returned by readers' reports."""
        return self.filter(status=Status.PENDING)

    def to_review(self):
        """Published at once on a post-moderated story, not yet seen by a moderator."""
        return self.filter(needs_review=True)

    def by_email(self, email: str):
        # Emails are stored lower-cased (see Comment.save), so this reads the email index.
        return self.filter(email=email.strip().lower())


class Comment(models.Model):
    Status = Status
    HoldReason = HoldReason

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("email"), help_text=_("Never shown to readers."))
    body = models.TextField(_("comment"))
    search_text = models.TextField(
        editable=False, default="", help_text="Normalised name and body, for admin search."
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    held_reason = models.CharField(
        _("held because"),
        max_length=10,
        choices=HoldReason.choices,
        blank=True,
        help_text=_("Why the comment was held or refused automatically."),
    )
    matched_word = models.CharField(_("matched word"), max_length=100, blank=True)
    link_count = models.PositiveSmallIntegerField(_("links"), default=0)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    needs_review = models.BooleanField(
        _("to review"),
        default=False,
        help_text=_(
            "Published at once on a post-moderated story; a moderator has not seen it yet."
        ),
    )
    is_pick = models.BooleanField(
        _("editor's pick"),
        default=False,
        help_text=_("Shown first under the story, with a badge."),
    )
    notify = models.BooleanField(
        _("notify the commenter"),
        default=False,
        help_text=_("The commenter asked for an email when the comment is decided."),
    )
    notify_replies = models.BooleanField(
        _("notify of replies"),
        default=False,
        help_text=_("The commenter asked for an email when someone replies (confirmed only)."),
    )
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    removed_at = models.DateTimeField(
        _("removed by its author"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The author deleted it: name, email and text are erased."),
    )
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    # Set when the parent's author was emailed about this reply: they hear once.
    reply_notice_sent = models.BooleanField(default=False, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    ip_hash = models.CharField(
        _("IP address (hashed)"),
        max_length=64,
        blank=True,
        help_text=_("Kept after the address itself is erased, to match repeat senders."),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # A hash of the form token the comment was sent with: a token sends one comment.
    form_token = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [
            ("moderate_comment", _("Can approve, reject and mark comments as spam")),
        ]
        indexes = [
            # The story page: approved comments of one story, oldest first.
            models.Index(
                fields=["article", "created_at"],
                condition=Q(status="approved"),
                name="comment_public_idx",
            ),
            # The moderation queue: by status, oldest first.
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            # The moderators' "all comments" view, newest first.
            models.Index(fields=["-created_at"], name="comment_recent_idx"),
            models.Index(fields=["email", "article"], name="comment_email_idx"),
            # Post-moderated comments a moderator has not reviewed yet.
            models.Index(
                fields=["created_at"], condition=Q(needs_review=True), name="comment_review_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["form_token"], condition=~Q(form_token=""), name="unique_comment_form_token"
            ),
        ]

    def __str__(self) -> str:
        return self.excerpt

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else text[:79] + "…"

    @property
    def held_because(self) -> str:
        """The reason a moderator sees, with the detail that explains it."""
        if not self.held_reason:
            return ""
        label = str(HoldReason(self.held_reason).label)
        detail = {
            HoldReason.BANNED: self.matched_word,
            HoldReason.SUSPECT: self.matched_word,
            HoldReason.LINKS: self.link_count,
            HoldReason.REPORTS: self.report_count,
        }.get(self.held_reason)
        return f"{label} ({detail})" if detail not in (None, "") else label

    @property
    def reply_url(self) -> str:
        return remembered_reverse("comments:reply", args=[self.pk])

    @property
    def like_url(self) -> str:
        return remembered_reverse("comments:like", args=[self.pk])

    @property
    def report_url(self) -> str:
        return remembered_reverse("comments:report", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == Status.APPROVED

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    def save(self, *args, **kwargs):
        # One commenter, one address: Sam@Example.org and sam@example.org are the same
        # person for duplicates, trust and "reject all by this commenter".
        self.email = (self.email or "").strip().lower()
        self.search_text = normalise(f"{self.name}\n{self.email}\n{self.body}")
        super().save(*args, **kwargs)


class Decision(models.Model):
    """One change of a comment's status: who, when, from what to what, and why. Append-only."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    ban = models.ForeignKey(
        Ban,
        verbose_name=_("ban"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the system decided (word lists, reports, trusted commenters)."),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    before = models.CharField(_("before"), max_length=10, choices=Status.choices, blank=True)
    after = models.CharField(_("after"), max_length=10, choices=DECISION_OUTCOMES)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["after", "created_at"], name="decision_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=False) | Q(ban__isnull=False),
                name="decision_of_comment_or_ban",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_before_display() or '—'} → {self.get_after_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Decisions are append-only.")
        super().save(*args, **kwargs)


class Report(models.Model):
    """A reader's report of an approved comment; one per reader and comment.

    A reader is an address and a browser: each counts once per comment. Reports are kept
    when a moderator approves the comment again, so the same readers cannot send it back.
    """

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.CharField(max_length=64, help_text="A keyed hash of the reader's address.")
    browser = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="A keyed hash of the reader's signed browser token.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="unique_report_per_reader"
            ),
            models.UniqueConstraint(
                fields=["comment", "browser"],
                condition=~Q(browser=""),
                name="unique_report_per_browser",
            ),
        ]

    def __str__(self) -> str:
        return f"report of {self.comment_id}"
