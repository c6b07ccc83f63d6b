"""The edit window: for ``COMMENTS_EDIT_MINUTES`` after posting, the commenter's browser
can edit or withdraw the comment through a signed link it was given with the thank-you
message (and keeps in its local storage, ``static/js/comment-edit.js``).

An edit is screened like a new comment: an approved comment whose new text trips the word
lists or the link limit goes back to the moderators' queue (through ``policy.decide``,
logged), with the reason. Withdrawing, and deleting from "my comments", erase the name,
address and text; a comment with published replies leaves a line saying its author
removed it, so the thread still reads.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from newsroom.language import interface_language

from .confirmation import EARLIER, SENT, bad_link, link_news, notice
from .forms import CommentForm
from .models import Comment, HoldReason, Status
from .moderation import policy

SALT = "comments.edit-window"
MESSAGE_TAG = "comments"
WITHDRAWN = "Withdrawn by its author"


def edit_token(comment: Comment) -> str:
    return TimestampSigner(salt=SALT).sign(str(comment.pk))


def edit_url(comment: Comment) -> str:
    return reverse("comments:edit", args=[edit_token(comment)])


def closes_at(comment: Comment):
    return comment.created_at + timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)


def can_edit(comment: Comment, now=None) -> bool:
    return (
        comment.removed_at is None
        and comment.status in (Status.PENDING, Status.APPROVED)
        and (now or timezone.now()) < closes_at(comment)
    )


def thank_you(request: HttpRequest, comment: Comment) -> None:
    """The message after posting, with the edit link when the window is open."""
    text = _("Thank you. Your comment has been received and is awaiting moderation.")
    if comment.status == Status.APPROVED:
        text = _("Thank you. Your comment is published.")
    news = link_news(comment)
    if news == SENT:
        text = " ".join([text, _("Please confirm your address with the link we emailed you.")])
    elif news == EARLIER:
        text = " ".join([text, _("To confirm your address, use the link we emailed you earlier.")])
    if settings.COMMENTS_EDIT_MINUTES <= 0 or not can_edit(comment):
        messages.success(request, text, extra_tags=MESSAGE_TAG)
        return
    until = int(closes_at(comment).timestamp() * 1000)
    link = format_html(
        '{} <a href="{}" class="comment-edit-link" data-comment="{}" data-until="{}">{}</a>',
        text,
        edit_url(comment),
        comment.pk,
        until,
        _("Edit or withdraw it (for %(minutes)s minutes)")
        % {"minutes": settings.COMMENTS_EDIT_MINUTES},
    )
    messages.success(request, link, extra_tags=MESSAGE_TAG)


def apply_edit(comment: Comment, body: str) -> bool:
    """Save the new text; True when it went (back) to the moderators because of it."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("article").get(pk=comment.pk)
        probe = Comment(
            article_id=comment.article_id, name=comment.name, email=comment.email, body=body
        )
        policy.screen(probe)
        screened = (HoldReason.BANNED, HoldReason.SUSPECT, HoldReason.LINKS)
        tripped = probe.held_reason in screened
        comment.body, comment.edited_at = body, timezone.now()
        comment.link_count = probe.link_count
        if tripped:
            comment.held_reason, comment.matched_word = probe.held_reason, probe.matched_word
        elif comment.held_reason in screened:  # the new text no longer trips what held it
            comment.held_reason, comment.matched_word = "", ""
        comment.save(
            update_fields=[
                "body", "search_text", "edited_at", "link_count", "held_reason", "matched_word"
            ]
        )  # fmt: skip
        if tripped and comment.status == Status.APPROVED:
            policy.decide(comment, Status.PENDING, reason=comment.held_because)
            return True
    return tripped


def remove_by_author(comment: Comment) -> None:
    """Erase what the author wrote and who they are; the row stays for the thread and the log."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.removed_at is not None:
            return
        if comment.status == Status.PENDING:
            comment.notify = False  # nobody to tell: the author withdrew it
            comment.save(update_fields=["notify"])
            policy.decide(comment, Status.REJECTED, reason=WITHDRAWN)
        comment.name = comment.email = comment.body = comment.ip_hash = ""
        comment.ip_address = None
        comment.notify = comment.notify_replies = comment.is_pick = False
        comment.removed_at = timezone.now()
        comment.save()  # post_save drops the story's cached pages (comments/dependencies.py)
        comment.likes.all().delete()


class EditForm(forms.Form):
    body = CommentForm.base_fields["body"]
    clean_body = CommentForm.clean_body

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.max_length = settings.COMMENTS_MAX_LENGTH
        self.fields["body"].widget.attrs["data-max-chars"] = str(self.max_length)
        self.fields["body"].help_text = _("Plain text, up to %(count)s characters.") % {
            "count": self.max_length
        }


def _comment_from(request: HttpRequest, token: str) -> tuple[Comment | None, HttpResponse | None]:
    max_age = max(settings.COMMENTS_EDIT_MINUTES, 0) * 60
    try:
        pk = int(TimestampSigner(salt=SALT).unsign(token, max_age=max_age))
    except SignatureExpired:
        return None, window_over(request)
    except (BadSignature, ValueError):
        return None, bad_link(request, expired=False)
    comment = Comment.objects.select_related("article").filter(pk=pk).first()
    if comment is None:
        return None, bad_link(request, expired=False)
    if not can_edit(comment):
        return None, window_over(request)
    return comment, None


def window_over(request: HttpRequest) -> HttpResponse:
    return notice(
        request,
        _("This comment can no longer be changed"),
        _(
            "A comment can be edited or withdrawn for %(minutes)s minutes after it is sent. "
            "To delete it now, ask for a link to your comments."
        )
        % {"minutes": settings.COMMENTS_EDIT_MINUTES},
        status=403,
        back=reverse("comments:mine"),
        back_label=_("Your comments"),
    )


@require_http_methods(["GET", "POST"])
def edit_view(request: HttpRequest, token: str) -> HttpResponse:
    comment, refusal = _comment_from(request, token)
    if refusal is not None:
        return refusal
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        held = apply_edit(comment, form.cleaned_data["body"])
        text = _("Your comment is updated.")
        if held:
            text = _("Your comment is updated and goes back to the moderators before it appears.")
        messages.success(request, text, extra_tags=MESSAGE_TAG)
        return redirect(comment.article.url_in(interface_language()) + "#comments")
    context = {"comment": comment, "article": comment.article, "form": form, "token": token}
    return render(request, "comments/readers/edit.html", context, status=200)


@require_POST
def withdraw_view(request: HttpRequest, token: str) -> HttpResponse:
    comment, refusal = _comment_from(request, token)
    if refusal is not None:
        return refusal
    remove_by_author(comment)
    messages.success(request, _("Your comment is withdrawn."), extra_tags=MESSAGE_TAG)
    return redirect(comment.article.url_in(interface_language()) + "#comments")
