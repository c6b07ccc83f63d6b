"""The comments block under a story: at most two queries for any number of comments.

One query for the approved comments (replies included), one for the
disclaimer when it is not in the cache (and, rarely, one to tell which comments with
published replies their authors removed); none for the comments while their
rendered list is kept (``newsroom.cache.fragment``, under the story's ``thread:<id>``).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.parts import story_facts
from newsroom.cache import fragment
from newsroom.cache.fragments import LocalEntries
from newsroom.cache.parts import part

from ..dependencies import DISCLAIMER, thread_key
from ..forms import CommentForm
from ..markup import comment_html, list_html
from ..models import Comment, Disclaimer
from ..moderation import policy
from ..tokens import issue_token

register = template.Library()

FIELDS = ("pk", "article_id", "parent_id", "name", "body", "created_at", "is_pick")


def threads(article) -> tuple[list[Comment], int]:
    """Top-level comments (editor's picks first, then oldest first) with ``.thread_replies``."""
    # Already read when the page cache refreshes the block alone (comments/parts.py).
    rows = getattr(article, "approved_rows", None)
    if rows is None:
        rows = list(Comment.objects.approved().filter(article=article).only(*FIELDS))
    top = [c for c in rows if c.parent_id is None]
    by_id = {c.pk: c for c in top}
    for c in rows:
        # Set on every comment: a name the template looks up and a row lacks costs Django
        # a dir() of the model instance, the largest part of rendering a comment.
        c.withheld, c.thread_replies = False, []
    shown = len(top)
    for c in rows:
        if c.parent_id is None:
            continue
        if c.parent_id not in by_id:
            # The parent is not public (reported back to the queue, say): its approved
            # replies stay, under a line saying the comment they answer is not shown.
            placeholder = Comment(pk=c.parent_id, article_id=c.article_id, created_at=c.created_at)
            placeholder.withheld, placeholder.thread_replies = True, []
            placeholder.removed = False
            by_id[c.parent_id] = placeholder
            top.append(placeholder)
        by_id[c.parent_id].thread_replies.append(c)
        shown += 1
    withheld = [c.pk for c in top if c.withheld]
    if withheld:  # rare: one more query, only when a thread has such a line
        removed = Comment.objects.filter(pk__in=withheld, removed_at__isnull=False)
        removed_ids = set(removed.values_list("pk", flat=True))
        for c in top:
            if c.pk in removed_ids:
                c.removed = True  # the line says its author removed it
    top.sort(key=lambda c: (not c.is_pick, c.created_at, c.pk))
    return top, shown


#: Each comment's markup (with its replies), under everything it is made of: an approval
#: that adds one comment to a thread renders that one, not the whole list again.
_rendered = LocalEntries(size=20_000, budget=4 * 2**20, weigh=lambda html: 2 * len(html))


def _made_of(comment, is_open: bool) -> tuple:
    """Everything a comment's markup depends on, its replies included."""
    return (
        comment.pk,
        comment.parent_id,
        getattr(comment, "withheld", False),
        getattr(comment, "removed", False),
        comment.is_pick,
        comment.name,
        comment.body,
        comment.created_at,
        is_open,
        tuple(_made_of(reply, is_open) for reply in comment.thread_replies),
    )


def remembered_comment(comment, is_open, said) -> str:
    """One comment's markup (``comments.markup``), kept per worker under what it shows."""
    key = (
        said.language,
        settings.TIME_ZONE,
        settings.NEWSROOM_DIGITS,
        settings.NEWSROOM_MONTH_NAMES,
        _made_of(comment, bool(is_open)),
    )
    html = _rendered.get(key)
    if html is None:
        html = comment_html(comment, is_open, said)
        _rendered.put(key, html)
    return html


@register.simple_tag(takes_context=True, name="comments_block")
def comments_block_tag(context, article) -> str:
    """The comments block, a part of the cached story page refreshed on its own
    (``newsroom.cache.parts``): after a moderator's decision only the block is rendered
    again, not the page around it (``comments.parts``)."""
    return part(
        "comments",
        {"article": article.pk, "story": story_facts(article)},
        lambda: render_to_string(
            "comments/thread.html",
            {**comments_block(context, article), "csrf_token": context.get("csrf_token")},
        ),
    )


def comments_block(context, article) -> dict:
    """The comments block's template context; ``context``: anything with ``get``."""
    request = context.get("request")
    # A reader's form with its errors, when a POST answers with the page (comments/views.py).
    form = context.get("comment_form")
    if form is None or getattr(form, "article", None) != article:
        form = CommentForm(article=article)
    is_open = policy.is_open(article)

    def render_list():
        comments, count = threads(article)
        return mark_safe(list_html(comments, is_open, one=remembered_comment)), count

    # The approved comments change only with a moderator's decision, which touches the
    # story's thread: the rendered list is kept per worker until then.
    key = ("comments", article.pk, get_language(), is_open)
    comment_list, count = fragment(key, render_list, keys=(thread_key(article.pk),))
    # Kept per worker until the disclaimer is saved (no round trip: its key's version is
    # read with the page's).
    disclaimer = fragment(("disclaimer", get_language()), Disclaimer.current, keys=(DISCLAIMER,))
    return {
        "article": article,
        "comment_list": comment_list,
        "count": count,
        "disclaimer": disclaimer,
        "form": form,
        "open": is_open,
        "messages": context.get("messages"),
        "request": request,
    }


#: The fields of a blank form, which are the same for every reader: (language, form class,
#: prefix, body limit) -> HTML. A handful of entries per worker.
_blank_fields: dict[tuple, str] = {}


@register.simple_tag
def comment_form_fields(form) -> str:
    """The form's fields (not its tokens, which the page cache fills in per response).

    A blank form's markup is the same for every reader and every story, and Django's
    widgets are a large part of a story page's render: it is kept per worker. A form with
    data or an initial value (a reply) is rendered each time.
    """
    if form.is_bound or form.initial:
        return render_to_string("comments/form_fields.html", {"form": form})
    key = (get_language(), type(form), form.prefix, form.auto_id, form.max_length)
    html = _blank_fields.get(key)
    if html is None:
        html = _blank_fields[key] = render_to_string("comments/form_fields.html", {"form": form})
    return html


@register.simple_tag
def comment_form_token() -> str:
    """The value of ``<input name="form_token">``; the page cache replaces it per response."""
    return issue_token()
