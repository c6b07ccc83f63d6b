"""Email about comments: moderators hear of new ones, commenters of the decision.

Both run after the transaction has committed; a failing mail server is logged
and never undoes or loses the comment. Mail is plain text, rendered with the
``text`` template engine, which does not HTML-escape.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail, send_mass_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def moderator_emails() -> list[str]:
    """Active staff who hold the moderation permission, directly, by group or as superusers."""
    perm = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_comment"
    ).first()
    query = Q(is_superuser=True)
    if perm is not None:
        query |= Q(groups__permissions=perm) | Q(user_permissions=perm)
    users = get_user_model().objects.filter(query, is_active=True, is_staff=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def notify_moderators(comment, *, base_url: str = "") -> None:
    if not settings.COMMENTS_NOTIFY_MODERATORS:
        return
    try:
        recipients = moderator_emails()
        if not recipients:
            return
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("admin:comments_comment_change", args=[comment.pk])
            context = {"comment": comment, "url": base_url.rstrip("/") + path}
            subject = render_to_string(
                "comments/email/moderators_subject.txt", context, using="text"
            )
            body = render_to_string("comments/email/moderators_body.txt", context, using="text")
        subject = " ".join(subject.split())
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients]
        send_mass_mail(messages, fail_silently=False)
    except Exception:
        logger.exception("could not email the moderators about comment %s", comment.pk)


def notify_commenter(comment, *, base_url: str = "") -> None:
    """Tell the commenter the decision, in the story's language."""
    try:
        article = comment.article
        with translation.override(article.language):
            context = {
                "comment": comment,
                "article": article,
                "url": base_url.rstrip("/") + article.get_absolute_url(),
            }
            subject = render_to_string("comments/email/decision_subject.txt", context, using="text")
            body = render_to_string("comments/email/decision_body.txt", context, using="text")
        send_mail(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [comment.email],
            fail_silently=False,
        )
    except Exception:
        logger.exception("could not email the commenter about comment %s", comment.pk)
