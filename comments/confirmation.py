"""Confirmed commenters: an address counts as its reader's once they open a link sent to it.

The first comment from an address (and, while it stays unconfirmed, the next one after an
hour) sends a signed link that expires after ``COMMENTS_CONFIRM_MAX_AGE`` seconds. Until the
link is opened, the address's comments are marked "unconfirmed" in the queue, never count
towards ``COMMENTS_TRUSTED_AFTER`` and never get reply notices. The link confirms on POST
(a mail scanner that fetches it changes nothing).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .reader_mail import read_email, send_to_reader, sign_email
from .reader_models import ConfirmedEmail

SALT = "comments.confirm-email"
RESEND_AFTER = timedelta(hours=1)


def is_confirmed(email: str) -> bool:
    return ConfirmedEmail.objects.filter(
        email=(email or "").strip().lower(), confirmed_at__isnull=False
    ).exists()


def confirmed_among(emails) -> set[str]:
    """Which of ``emails`` are confirmed, in one query."""
    wanted = {(e or "").strip().lower() for e in emails}
    rows = ConfirmedEmail.objects.filter(email__in=wanted, confirmed_at__isnull=False)
    return set(rows.values_list("email", flat=True))


def confirm_url(email: str, language: str) -> str:
    with translation.override(language):
        return reverse("comments:confirm", args=[sign_email(email, SALT)])


#: What the reader is told after posting (``link_news``).
SENT, EARLIER = "sent", "earlier"


def ask_if_unconfirmed(comment, *, base_url: str = "") -> bool:
    """Email the confirmation link unless the address is confirmed or was asked this hour.

    Called after the comment's transaction committed; True when a link was sent. When
    sending fails, the address is not marked as asked, so the next comment tries again.
    What happened is kept on ``comment.confirmation_link`` for the message after posting.
    """
    email = comment.email
    if not email:
        return False
    row, _created = ConfirmedEmail.objects.get_or_create(email=email)
    now = timezone.now()
    # One conditional UPDATE: two comments sent at once ask once.
    asked = (
        ConfirmedEmail.objects.filter(pk=row.pk, confirmed_at__isnull=True)
        .filter(Q(requested_at__isnull=True) | Q(requested_at__lt=now - RESEND_AFTER))
        .update(requested_at=now)
    )
    if not asked:
        comment.confirmation_link = ""
        return False
    article = comment.article
    context = {
        "comment": comment,
        "article": article,
        "url": base_url.rstrip("/") + confirm_url(email, article.language),
        "days": max(1, settings.COMMENTS_CONFIRM_MAX_AGE // 86400),
    }
    sent = send_to_reader(email, "confirm", context, language=article.language)
    if not sent:  # not asked after all: the next comment retries
        ConfirmedEmail.objects.filter(pk=row.pk, requested_at=now).update(
            requested_at=row.requested_at
        )
    comment.confirmation_link = SENT if sent else ""
    return sent


def link_news(comment) -> str:
    """``SENT`` when a link went for this comment, ``EARLIER`` when one sent within the hour
    still waits to be opened, else "" (confirmed, no address, or the sending failed)."""
    news = getattr(comment, "confirmation_link", None)
    if news == SENT:
        return SENT
    if not comment.email:
        return ""
    since = timezone.now() - RESEND_AFTER
    waiting = ConfirmedEmail.objects.filter(
        email=comment.email.strip().lower(), confirmed_at__isnull=True, requested_at__gte=since
    )
    return EARLIER if waiting.exists() else ""


def confirm(email: str) -> ConfirmedEmail:
    row, _created = ConfirmedEmail.objects.get_or_create(email=email)
    if row.confirmed_at is None:
        row.confirmed_at = timezone.now()
        row.save(update_fields=["confirmed_at"])
    return row


def notice(request: HttpRequest, title: str, text: str, *, status: int = 200, **extra):
    """The small page every reader link answers with (``comments/readers/notice.html``)."""
    context = {"title": title, "text": text, **extra}
    return render(request, "comments/readers/notice.html", context, status=status)


def bad_link(request: HttpRequest, expired: bool) -> HttpResponse:
    if expired:
        return notice(
            request,
            _("This link has expired"),
            _("Links in our emails work for a limited time. Ask for a new one and use it soon."),
            status=410,
        )
    return notice(
        request,
        _("This link is not valid"),
        _("Please copy the whole link from the email, or ask for a new one."),
        status=400,
    )


@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """Ask on GET, confirm on POST."""
    email, expired = read_email(token, SALT, settings.COMMENTS_CONFIRM_MAX_AGE)
    if email is None:
        return bad_link(request, expired)
    if request.method == "POST":
        confirm(email)
        return notice(
            request,
            _("Your address is confirmed"),
            _(
                "Thank you. Your comments now go to the moderators as coming from a confirmed "
                "address, and you can receive reply notices if you ask for them."
            ),
        )
    return notice(
        request,
        _("Confirm your email address"),
        _("Confirm that %(email)s is yours, so your comments can be published.") % {"email": email},
        action=request.path,
        button=_("Confirm my address"),
    )
