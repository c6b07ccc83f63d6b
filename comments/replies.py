"""Reply notices: a commenter who asked (at posting, from a confirmed address) hears once
about each published reply to their comment.

Sent from ``comment_decided`` (connected in ``CommentsConfig.ready()``), so only a reply a
moderator approved, or a trusted commenter's, is announced. Every message carries a
one-click unsubscribe link and the ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers
(RFC 8058): a mail client's one-click POST and a reader's click on the link both stop the
notices for every comment from that address.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsroom.site import site_url

from .confirmation import bad_link, is_confirmed, notice
from .models import Comment, Status
from .reader_mail import read_email, send_to_reader, sign_email
from .signals import comment_decided

logger = logging.getLogger(__name__)

SALT = "comments.unsubscribe-replies"


def unsubscribe_url(email: str, language: str) -> str:
    with translation.override(language):
        return reverse("comments:unsubscribe", args=[sign_email(email, SALT)])


def notify_parent(reply: Comment, *, base_url: str = "") -> bool:
    """Email the author of the comment ``reply`` answers, once; True when a notice went out."""
    if reply.status != Status.APPROVED or not reply.parent_id or reply.reply_notice_sent:
        return False
    # One conditional UPDATE marks the reply as announced: a later pick, or a second
    # approval after a change of mind, never mails again.
    if not Comment.objects.filter(pk=reply.pk, reply_notice_sent=False).update(
        reply_notice_sent=True
    ):
        return False
    reply.reply_notice_sent = True
    parent = Comment.objects.select_related("article").filter(pk=reply.parent_id).first()
    if (
        parent is None
        or not parent.notify_replies
        or parent.removed_at is not None
        or not parent.email
        or parent.email == reply.email
        or not is_confirmed(parent.email)
    ):
        return False
    article = parent.article
    base = (base_url or site_url()).rstrip("/")
    unsubscribe = base + unsubscribe_url(parent.email, article.language)
    with translation.override(article.language):
        story = article.get_absolute_url()
    context = {
        "parent": parent,
        "reply": reply,
        "article": article,
        "url": f"{base}{story}#comment-{reply.pk}",
        "unsubscribe": unsubscribe,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return send_to_reader(
        parent.email, "reply", context, language=article.language, headers=headers
    )


def comment_was_decided(sender, comment=None, **kwargs) -> None:
    if comment is None or not comment.parent_id:
        return
    try:
        notify_parent(comment)
    except Exception:  # a notice must never undo or fail a moderator's decision
        logger.exception("could not send the reply notice for comment %s", comment.pk)


def connect() -> None:
    comment_decided.connect(comment_was_decided, dispatch_uid="comments.replies.decided")


def stop_notices(email: str) -> int:
    return Comment.objects.by_email(email).filter(notify_replies=True).update(notify_replies=False)


@csrf_exempt  # RFC 8058: the mail client posts "List-Unsubscribe=One-Click", without a cookie
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """One click: opening the link (or the mail client's POST) stops the notices at once.

    Only notices stop, nothing is published or deleted, so acting on GET is safe.
    """
    email, expired = read_email(token, SALT, max_age=None)
    if email is None:
        return bad_link(request, expired)
    stop_notices(email)
    return notice(
        request,
        _("You will get no more reply notices"),
        _(
            "We will not email %(email)s about replies any more. To get them again, tick the "
            "box when you post your next comment."
        )
        % {"email": email},
    )
