"""The moderation policy: one object that decides what happens to a comment.

Every rule that depends on a setting lives here (closing, word lists, links,
trusted commenters, reports), and every change of status goes through
``policy.decide`` so the decision log, the commenter's email, the moderators'
email and the ``comment_decided`` signal never drift apart.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from . import confirmation, notifications
from .models import Comment, Decision, HoldReason, Report, Status, Word
from .signals import comment_decided
from .spam import count_links, match_words

logger = logging.getLogger(__name__)


class FormAlreadySent(Exception):
    """The form's token already sent another comment."""


class CommentPolicy:
    """Settings are read on each use, so ``override_settings`` works in tests."""

    @property
    def close_after(self) -> int:
        return settings.COMMENTS_CLOSE_AFTER_DAYS

    @property
    def max_links(self) -> int:
        return settings.COMMENTS_MAX_LINKS

    @property
    def report_threshold(self) -> int:
        return max(1, settings.COMMENTS_REPORT_THRESHOLD)

    @property
    def trusted_after(self) -> int:
        return settings.COMMENTS_TRUSTED_AFTER

    # Closing ------------------------------------------------------------

    def closes_at(self, article) -> datetime | None:
        if self.close_after <= 0 or article.published_at is None:
            return None
        return article.published_at + timedelta(days=self.close_after)

    def is_open(self, article, now: datetime | None = None) -> bool:
        """Comments are taken on a published story whose switch is on and whose time is not up."""
        if not article.comments_enabled or not article.is_published:
            return False
        if article.comment_mode == article.CommentMode.CLOSED:
            return False
        closes_at = self.closes_at(article)
        return closes_at is None or (now or timezone.now()) < closes_at

    # New comments -------------------------------------------------------

    def is_trusted(self, email: str) -> bool:
        # Only a confirmed address: anyone can type a trusted reader's email into the form.
        if self.trusted_after <= 0 or not confirmation.is_confirmed(email):
            return False
        counts = Comment.objects.by_email(email).aggregate(
            approved=Count("pk", filter=Q(status=Status.APPROVED)),
            refused=Count("pk", filter=Q(status__in=[Status.REJECTED, Status.SPAM])),
        )
        return counts["approved"] >= self.trusted_after and counts["refused"] == 0

    def screen(self, comment: Comment) -> None:
        """Set the new comment's status and hold reason from the word lists, links and trust."""
        comment.link_count = min(count_links(comment.body) + count_links(comment.name), 32767)
        found = match_words(f"{comment.name}\n{comment.body}")
        if found and found.kind == Word.Kind.BANNED:
            comment.status, comment.held_reason = Status.REJECTED, HoldReason.BANNED
            comment.matched_word = found.word
        elif comment.link_count > self.max_links:
            comment.status, comment.held_reason = Status.PENDING, HoldReason.LINKS
        elif found:
            comment.status, comment.held_reason = Status.PENDING, HoldReason.SUSPECT
            comment.matched_word = found.word
        elif self.is_trusted(comment.email):
            comment.status, comment.held_reason = Status.APPROVED, HoldReason.TRUSTED
        elif comment.article.comment_mode == comment.article.CommentMode.POST:
            # Post-moderation: public at once, and in the moderators' "to review" list.
            comment.status, comment.held_reason = Status.APPROVED, HoldReason.POST
            comment.needs_review = True
        else:
            comment.status, comment.held_reason = Status.PENDING, ""

    def find_duplicate(self, comment: Comment) -> Comment | None:
        since = timezone.now() - timedelta(seconds=settings.COMMENTS_DUPLICATE_WINDOW)
        return (
            Comment.objects.by_email(comment.email)
            .filter(
                article_id=comment.article_id,
                parent_id=comment.parent_id,
                body=comment.body,
                created_at__gte=since,
            )
            .first()
        )

    def submit(self, comment: Comment, *, base_url: str = "") -> tuple[Comment, bool]:
        """Store a reader's new comment once; returns (comment, created).

        The duplicate checks run under a lock on the story's row, so two copies of the
        same form sent at the same moment cannot both pass them; the form token's unique
        constraint stands behind that. Raises ``FormAlreadySent`` when the token already
        sent a different comment.
        """
        self.screen(comment)
        try:
            return self._store_once(comment, base_url)
        except IntegrityError:
            if not comment.form_token:
                raise
            return Comment.objects.get(form_token=comment.form_token), False

    def _store_once(self, comment: Comment, base_url: str) -> tuple[Comment, bool]:
        with transaction.atomic():
            story = Comment._meta.get_field("article").related_model
            # FOR NO KEY UPDATE: serialises comment posts on this story, not its readers.
            list(
                story.objects.select_for_update(no_key=True)
                .filter(pk=comment.article_id)
                .values_list("pk", flat=True)
            )
            if comment.form_token:
                sent = Comment.objects.filter(form_token=comment.form_token).first()
                if sent is not None:
                    if sent.body == comment.body and sent.email == comment.email.strip().lower():
                        return sent, False
                    raise FormAlreadySent
            duplicate = self.find_duplicate(comment)
            if duplicate is not None:
                return duplicate, False
            if comment.status != Status.PENDING:
                comment.decided_at = timezone.now()
            comment.save()
            # The first comment from an address asks its owner to confirm it.
            transaction.on_commit(
                lambda: confirmation.ask_if_unconfirmed(comment, base_url=base_url)
            )
            if comment.status != Status.PENDING:
                Decision.objects.create(
                    comment=comment,
                    before=Status.PENDING,
                    after=comment.status,
                    reason=comment.held_because,
                )
            if comment.status == Status.PENDING:
                transaction.on_commit(
                    lambda: notifications.notify_moderators(comment, base_url=base_url)
                )
            elif comment.status == Status.APPROVED:
                transaction.on_commit(lambda: self.announce(comment))
        return comment, True

    # Decisions ----------------------------------------------------------

    def decide(
        self, comment: Comment, status: str, *, user=None, reason: str = "", base_url: str = ""
    ) -> bool:
        """Move a comment to ``status`` and log it; False when nothing changed."""
        with transaction.atomic():
            current = Comment.objects.select_for_update().get(pk=comment.pk)
            before = current.status
            # A post-moderated comment is decided once a moderator has seen it, even when
            # the verdict keeps it as it is (approved).
            if before == status and not current.needs_review:
                return False
            comment.status = status
            comment.needs_review = False
            comment.decided_at = timezone.now()
            if status == Status.APPROVED:
                # A reported comment that a moderator approves starts its report count again;
                # the reports are kept, so the same readers cannot send it back.
                comment.report_count = 0
            comment.save(update_fields=["status", "needs_review", "decided_at", "report_count"])
            # The commenter hears once: a later change of mind is not mailed again.
            first_verdict = not comment.decisions.filter(
                after__in=[Status.APPROVED, Status.REJECTED]
            ).exists()
            Decision.objects.create(
                comment=comment,
                moderator=user,
                before=before,
                after=status,
                reason=reason[:300],
            )
            transaction.on_commit(lambda: self.announce(comment))
            if comment.notify and first_verdict and status in (Status.APPROVED, Status.REJECTED):
                transaction.on_commit(
                    lambda: notifications.notify_commenter(comment, base_url=base_url)
                )
        return True

    def set_pick(self, comments, value: bool) -> int:
        """Mark or unmark editor's picks; a story's page changes, so its cache is told."""
        changed = [c for c in comments.select_related("article") if c.is_pick != value]
        with transaction.atomic():
            Comment.objects.filter(pk__in=[c.pk for c in changed]).update(is_pick=value)
            for comment in changed:
                comment.is_pick = value
                if comment.is_public:
                    transaction.on_commit(lambda c=comment: self.announce(c))
        return len(changed)

    def report(self, comment: Comment, reporter: str, browser: str = "") -> bool:
        """Count one reader's report once; True when it was new.

        ``reporter`` is the keyed hash of the address, ``browser`` of the signed browser
        token: a report from an address or a browser that already reported is not counted.
        """
        if comment.status != Status.APPROVED:
            return False
        try:
            with transaction.atomic():
                if browser and Report.objects.filter(comment=comment, browser=browser).exists():
                    return False
                _, created = Report.objects.get_or_create(
                    comment=comment, reporter=reporter, defaults={"browser": browser}
                )
                if not created:
                    return False
                Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
                comment.refresh_from_db(fields=["report_count"])
                if comment.report_count >= self.report_threshold:
                    comment.held_reason = HoldReason.REPORTS
                    comment.save(update_fields=["held_reason"])
                    self.decide(comment, Status.PENDING, reason=comment.held_because)
        except IntegrityError:  # the same reader, twice at once
            return False
        return True

    def announce(self, comment: Comment) -> None:
        try:
            comment_decided.send(sender=Comment, comment=comment, article=comment.article)
        except Exception:  # a listener's failure must not undo a committed decision
            logger.exception("a comment_decided receiver failed")


policy = CommentPolicy()
