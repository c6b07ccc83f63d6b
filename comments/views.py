"""Readers' side: post a comment, reply to one, report one.

A form with errors, a closed story or a rate limit renders the story page
again with everything the reader typed; nothing is ever dropped silently.
"""

import logging
import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from articles.views import render_story_page
from newsroom.language import interface_language
from newsroom.security import client_ip
from newsroom.site import site_url

from . import bans, editing
from .forms import CommentForm
from .models import Comment
from .moderation import FormAlreadySent, policy
from .spam import keyed_hash, rate_limited, report_limited
from .tokens import issue_token, token_key

logger = logging.getLogger(__name__)

MESSAGE_TAG = "comments"


def render_story(request: HttpRequest, article: Article, form: CommentForm, status: int):
    """The story page again, with the reader's form (and its errors) in the comments block.

    Rendered through ``articles.views.render_story_page`` with the form as
    ``comment_form`` in the context (read by the ``comments_block`` tag); the
    comments' own page (``form_page.html``) when the story page is not there.
    """
    response = render_story_page(request, article, comment_form=form)
    if response is None:
        response = render(
            request, "comments/form_page.html", {"article": article, "comment_form": form}
        )
    response.status_code = status
    add_never_cache_headers(response)
    return response


@require_POST
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    form = CommentForm(request.POST, article=article)
    if not policy.is_open(article):
        form.is_valid()
        form.add_error(None, _("Comments are closed on this story. Your text is kept below."))
        return render_story(request, article, form, status=403)
    if not form.is_valid():
        return render_story(request, article, form, status=200)

    data = form.cleaned_data
    if bans.is_banned(data["email"]):
        form.add_error(None, bans.REFUSAL)
        return render_story(request, article, form, status=403)
    ip = client_ip(request)
    if rate_limited(ip, data["email"]):
        form.add_error(
            None,
            _(
                "You have sent several comments in a short time. Please wait a few minutes "
                "and send this one again: your text is kept below."
            ),
        )
        return render_story(request, article, form, status=429)

    comment = Comment(
        article=article,
        parent_id=data["parent"],
        name=data["name"],
        email=data["email"],
        body=data["body"],
        notify=data["notify"],
        notify_replies=data["notify_replies"],
        ip_address=ip,
        ip_hash=keyed_hash(ip) if ip else "",
        form_token=token_key(request.POST["form_token"]),
    )
    try:
        comment, _created = policy.submit(comment, base_url=site_url(request))
    except FormAlreadySent:
        form.add_error(
            None,
            _(
                "This form was already sent. Reload the page to write another comment: "
                "your text is kept below."
            ),
        )
        return render_story(request, article, form, status=400)
    editing.thank_you(request, comment)  # with the edit link the browser keeps
    return redirect(article.url_in(interface_language()) + "#comments")


def _public_comment(pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.approved()
        .select_related("article")
        .filter(article__in=Article.objects.published()),
        pk=pk,
    )


@require_GET
def form_tokens(request: HttpRequest) -> JsonResponse:
    """This reader's tokens for a comment form on a page from a shared cache (Varnish, a CDN).

    Such a page carries the form with empty tokens; ``static/js/comment-tokens.js`` fills
    them from here (and the CSRF cookie comes with this answer).
    """
    response = JsonResponse(
        {"csrfmiddlewaretoken": get_token(request), "form_token": issue_token()}
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _public_comment(pk)
    if parent.parent_id:  # one level of replies
        parent = _public_comment(parent.parent_id)
    article = parent.article
    form = CommentForm(initial={"parent": parent.pk}, article=article)
    return render(
        request,
        "comments/reply.html",
        {"article": article, "parent": parent, "form": form, "open": policy.is_open(article)},
    )


READER_COOKIE = "newsroom_reader"
READER_SALT = "comments.reader"


def reader_token(request: HttpRequest) -> str | None:
    """This browser's signed token (no account): one report and one like per browser."""
    return request.get_signed_cookie(READER_COOKIE, default=None, salt=READER_SALT)


def give_reader_token(request: HttpRequest, response: HttpResponse) -> None:
    """Give the browser its token with ``response`` unless it has a genuine one."""
    if reader_token(request) is None:
        response.set_signed_cookie(
            READER_COOKIE,
            secrets.token_urlsafe(16),
            salt=READER_SALT,
            max_age=365 * 24 * 3600,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm on GET, act on POST."""
    comment = _public_comment(pk)
    article = comment.article
    if request.method == "GET":
        response = render(request, "comments/report.html", {"comment": comment, "article": article})
        give_reader_token(request, response)
        return response
    ip = client_ip(request) or "unknown"
    token = reader_token(request)
    # A report counts once per address and once per browser (its signed token, given by
    # the confirmation page), within an hourly limit per address.
    if token is not None and not report_limited(ip):
        policy.report(comment, keyed_hash(f"report:{ip}"), keyed_hash(f"browser:{token}"))
    # The same answer whether or not this reader had reported it before.
    messages.success(
        request, _("Thank you. A moderator will review this comment."), extra_tags=MESSAGE_TAG
    )
    return redirect(article.url_in(interface_language()) + "#comments")
