"""The comments block under a story: at most two queries for any number of comments.

One query for the approved comments (replies included), one for the
disclaimer when it is not in the cache; none for the comments while their
rendered list is kept (``newsroom.cache.fragment``).
"""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from newsroom.cache import fragment

from ..forms import CommentForm
from ..models import Comment, Disclaimer
from ..moderation import policy
from ..tokens import issue_token

register = template.Library()

_FIELDS = ("pk", "article_id", "parent_id", "name", "body", "created_at", "is_pick")


def threads(article) -> tuple[list[Comment], int]:
    """Top-level comments (editor's picks first, then oldest first) with ``.thread_replies``."""
    rows = list(Comment.objects.approved().filter(article=article).only(*_FIELDS))
    top = [c for c in rows if c.parent_id is None]
    by_id = {c.pk: c for c in top}
    for c in top:
        c.thread_replies = []
    shown = len(top)
    for c in rows:
        # A reply whose parent is not public is not shown either.
        if c.parent_id in by_id:
            by_id[c.parent_id].thread_replies.append(c)
            shown += 1
    top.sort(key=lambda c: (not c.is_pick, c.created_at, c.pk))
    return top, shown


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comments_block(context, article):
    request = context.get("request")
    # A reader's form with its errors, when a POST answers with the page (comments/views.py).
    form = context.get("comment_form")
    if form is None or getattr(form, "article", None) != article:
        form = CommentForm(article=article)
    is_open = policy.is_open(article)

    def render_list():
        comments, count = threads(article)
        html = render_to_string("comments/list.html", {"comments": comments, "open": is_open})
        return html, count

    # The approved comments change only with a moderator's decision, which bumps the
    # content version: the rendered list is kept per worker until then.
    key = ("comments", article.pk, get_language(), is_open)
    comment_list, count = fragment(key, render_list)
    return {
        "article": article,
        "comment_list": comment_list,
        "count": count,
        "disclaimer": Disclaimer.current(),
        "form": form,
        "open": is_open,
        "messages": context.get("messages"),
        "request": request,
    }


@register.simple_tag
def comment_form_token() -> str:
    """The value of ``<input name="form_token">``; the page cache replaces it per response."""
    return issue_token()
