"""A comment's markup written out in Python: what ``comments/comment.html`` renders, byte
for byte, at a small part of its cost.

A story's thread is most of a cold story page's render, and Django's template engine
spends on each comment's dozen lookups, filters, ``{% translate %}`` tags and its nested
include far more than the text it writes. The template stays the readable reference (and
renders the reply page's parent); ``tests/test_comment_markup.py`` renders both for every
shape of comment, in both languages, and requires them identical: change them together.
"""

from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.translation import gettext

from newsroom import dates

EDITORS_PICK = "Editor's pick"


def _text(message: str) -> str:
    """What ``{% translate "message" %}`` writes: the translation as it is (a literal in
    a template is trusted, translations included)."""
    return gettext(message)


def comment_html(comment, is_open) -> str:
    """``comments/comment.html`` for ``comment`` (its ``thread_replies`` included)."""
    pick = comment.is_pick
    parts = [
        f'<li id="comment-{escape(localize(comment.pk))}" class="comment'
        f'{" comment-pick" if pick else ""}">'
    ]
    if getattr(comment, "withheld", False):
        line = (
            "Comment removed by its author."
            if getattr(comment, "removed", False)
            else "This comment is not shown."
        )
        parts.append(f'\n      <p class="comment-withheld">{_text(line)}</p>')
    else:
        created = comment.created_at
        when = (
            f'<time datetime="{escape(dates.iso(created))}">{escape(dates.long_date(created))}'
            f" {escape(dates.clock(created))}</time>"
            if created
            else '<time datetime=""> </time>'
        )
        badge = ""
        if pick:
            badge = f'\n        <span class="comment-badge">{_text(EDITORS_PICK)}</span>'
        reply = (
            f'<a href="{escape(comment.reply_url)}" rel="nofollow">{_text("Reply")}</a> '
            if is_open and not comment.parent_id
            else ""
        )
        parts.append(
            f'\n      <p class="comment-meta"><bdi class="comment-name">'
            f"{conditional_escape(comment.name)}</bdi>\n        {when}{badge}</p>"
            f'\n      <bdi class="comment-body">{conditional_escape(comment.body)}</bdi>'
            f'\n      <p class="comment-actions"><button type="button" class="comment-like" '
            f'data-like-url="{escape(comment.like_url)}" aria-pressed="false" hidden>'
            f'<span aria-hidden="true">♥</span> {_text("Like")} '
            f'<span class="comment-like-count"></span></button> {reply}'
            f'<a href="{escape(comment.report_url)}" rel="nofollow">{_text("Report")}</a></p>'
        )
    replies = getattr(comment, "thread_replies", ())
    if replies:
        parts.append('\n      <ol class="comment-replies">')
        for reply in replies:
            parts.append("\n        " + comment_html(reply, is_open))
        parts.append("\n      </ol>")
    parts.append("\n    </li>\n")
    return "".join(parts)
