"""'My comments': a reader sees, downloads and deletes their comments through a link
emailed to the address they commented with (no account, no password).

Asking for the link always gets the same answer, whether or not the address has
comments, so the page tells nobody who comments here; it is rate-limited like posting.
The link works for ``COMMENTS_MINE_MAX_AGE`` seconds.
"""

import json
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from newsroom.language import interface_language
from newsroom.security import client_ip
from newsroom.site import site_url

from .confirmation import bad_link, notice
from .editing import MESSAGE_TAG, remove_by_author
from .forms import email_field
from .models import Comment, Status
from .reader_mail import read_email, send_to_reader, sign_email
from .spam import rate_limited

SALT = "comments.my-comments"


class AskForm(forms.Form):
    email = email_field(
        help_text=gettext_lazy("The address you comment with. We email you a link.")
    )


def mine_url(email: str) -> str:
    return reverse("comments:mine_list", args=[sign_email(email, SALT)])


def comments_of(email: str):
    return (
        Comment.objects.by_email(email)
        .filter(removed_at__isnull=True)
        .select_related("article")
        .order_by("-created_at", "-pk")
    )


@require_http_methods(["GET", "POST"])
def ask_view(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None, label_suffix="")
    sent = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not rate_limited(client_ip(request), email) and comments_of(email).exists():
            context = {"url": site_url(request) + mine_url(email)}
            send_to_reader(email, "mine", context, language=interface_language())
        sent = True  # the same answer either way
    return render(request, "comments/readers/ask.html", {"form": form, "sent": sent})


def _email_from(token: str) -> tuple[str | None, bool]:
    return read_email(token, SALT, settings.COMMENTS_MINE_MAX_AGE)


@require_GET
def list_view(request: HttpRequest, token: str) -> HttpResponse:
    email, expired = _email_from(token)
    if email is None:
        return bad_link(request, expired)
    comments = list(comments_of(email))
    for comment in comments:
        comment.reader_status = STATUS_LABELS[comment.status]
    context = {"comments": comments, "token": token, "email": email}
    response = render(request, "comments/readers/mine.html", context)
    # The link is the reader's key: never sent to another site. (Not "no-referrer": Chromium
    # then posts the delete form with "Origin: null", which the CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


def as_data(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "story": comment.article.headline,
        "url": site_url() + comment.get_absolute_url(),
        "in_reply_to": comment.parent_id,
        "name": comment.name,
        "email": comment.email,
        "comment": comment.body,
        "status": comment.status,
        "sent_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "decided_at": comment.decided_at.isoformat() if comment.decided_at else None,
        "likes": comment.like_count,
        "notify_replies": comment.notify_replies,
    }


@require_GET
def download_view(request: HttpRequest, token: str) -> HttpResponse:
    email, expired = _email_from(token)
    if email is None:
        return bad_link(request, expired)
    data = {"email": email, "comments": [as_data(c) for c in comments_of(email)]}
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    response["Cache-Control"] = "private, no-store"
    return response


def _chosen(email: str, which: str):
    """The reader's comments ``which`` names: one id, or ``all``."""
    chosen = comments_of(email)
    if which == "all":
        return chosen
    valid = re.fullmatch(r"[0-9]{1,18}", which)
    return chosen.filter(pk=int(which)) if valid else chosen.none()


@require_http_methods(["GET", "POST"])
def delete_view(request: HttpRequest, token: str) -> HttpResponse:
    """Ask on GET, delete on POST: one comment (``comment``) or all of them (``comment=all``)."""
    email, expired = _email_from(token)
    if email is None:
        return bad_link(request, expired)
    back = reverse("comments:mine_list", args=[token])
    if request.method == "GET":
        return _ask_before_deleting(request, token, request.GET.get("comment", ""), email, back)
    removed = 0
    for comment in _chosen(email, request.POST.get("comment", "")):
        remove_by_author(comment)
        removed += 1
    if removed:
        messages.success(
            request,
            _("Deleted. Where others replied, the thread says the comment was removed by you."),
            extra_tags=MESSAGE_TAG,
        )
    return redirect(back)


def _ask_before_deleting(request, token: str, which: str, email: str, back: str):
    chosen = _chosen(email, which)
    count = chosen.count()
    if not count:
        return redirect(back)
    if which == "all":
        title = _("Delete all your comments?")
        text = ngettext(
            "Delete your comment? It cannot be undone.",
            "Delete all %(count)s of your comments? It cannot be undone.",
            count,
        ) % {"count": count}
    else:
        title = _("Delete this comment?")
        text = _("Delete your comment “%(excerpt)s”? It cannot be undone.") % {
            "excerpt": Truncator(chosen.first().body).chars(120)
        }
    text = " ".join(
        [text, _("Where others replied, the thread will say the comment was removed by you.")]
    )
    response = notice(
        request,
        title,
        text,
        action=reverse("comments:mine_delete", args=[token]),
        fields=[("comment", which)],
        button=_("Delete"),
        back=back,
        back_label=_("Keep them and go back") if which == "all" else _("Keep it and go back"),
    )
    response["Referrer-Policy"] = "same-origin"  # as on the list: the link is the reader's key
    return response


STATUS_LABELS = {
    Status.PENDING: gettext_lazy("Awaiting moderation"),
    Status.APPROVED: gettext_lazy("Published"),
    Status.REJECTED: gettext_lazy("Not published"),
    Status.SPAM: gettext_lazy("Not published"),
}
