"""A thread's markup written out in Python: what ``comments/comment.html`` renders for each
comment, byte for byte, at a small part of its cost.

A story's thread is most of a cold story page's render, and Django's template engine
spends on each comment's dozen lookups, filters, ``{% translate %}`` tags and its nested
include far more than the text it writes. Here the words and addresses that are the same
for every comment are looked up once per thread (``Words``), and each comment is a few
escapes and its dates. The template stays the readable reference (and renders the reply
page's parent); ``tests/test_comment_markup.py`` renders both for every shape of comment,
in both languages, and requires them identical: change them together.
"""

import functools
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.utils.formats import localize
from django.utils.translation import get_language, gettext, override

from newsroom import dates
from newsroom.reverse_cache import remembered_reverse

#: A comment number no thread has, put into an address to find where a number goes.
_MARK = 987654321012345


@dataclass(frozen=True)
class Words:
    """What every comment of a thread shares in one language: its words (as
    ``{% translate "…" %}`` writes them: as they are, a literal in a template is trusted)
    and its addresses around the comment's number."""

    language: str
    removed: str
    not_shown: str
    pick: str
    like: str
    reply: str
    report: str
    addresses: dict

    def address(self, name: str, pk: int) -> str:
        around = self.addresses[name]
        if around is None:  # the number could not be placed: ask Django
            return remembered_reverse(f"comments:{name}", args=[pk], language=self.language)
        return f"{around[0]}{pk}{around[1]}"


def words() -> Words:
    """The thread's ``Words`` in the active language (kept per language and URLconf)."""
    return _words(get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=64)
def _words(language: str, urlconf: str, script_prefix: str) -> Words:
    addresses = {}
    for name in ("like", "reply", "report"):
        try:
            address = remembered_reverse(f"comments:{name}", args=[_MARK], language=language)
        except NoReverseMatch:  # a pattern that takes no such number: ask for each comment
            address = ""
        pieces = address.split(str(_MARK))
        addresses[name] = tuple(pieces) if len(pieces) == 2 else None
    with override(language):
        return Words(
            language=language,
            removed=gettext("Comment removed by its author."),
            not_shown=gettext("This comment is not shown."),
            pick=gettext("Editor's pick"),
            like=gettext("Like"),
            reply=gettext("Reply"),
            report=gettext("Report"),
            addresses=addresses,
        )


def comment_html(comment, is_open, said: Words | None = None) -> str:
    """``comments/comment.html`` for ``comment`` (its ``thread_replies`` included)."""
    said = said or words()
    pick = comment.is_pick
    pk = comment.pk
    parts = [f'<li id="comment-{escape(str(localize(pk)))}" class="comment']
    parts.append(' comment-pick">' if pick else '">')
    if getattr(comment, "withheld", False):
        line = said.removed if getattr(comment, "removed", False) else said.not_shown
        parts.append(f'\n      <p class="comment-withheld">{line}</p>')
    else:
        created, language = comment.created_at, said.language
        when = '<time datetime=""> </time>'
        if created:
            when = (
                f'<time datetime="{escape(dates.iso(created))}">'
                f"{escape(dates.long_date(created, language))}"
                f" {escape(dates.clock(created, language))}</time>"
            )
        badge = f'\n        <span class="comment-badge">{said.pick}</span>' if pick else ""
        reply = ""
        if is_open and not comment.parent_id:
            address = escape(said.address("reply", pk))
            reply = f'<a href="{address}" rel="nofollow">{said.reply}</a> '
        parts.append(
            f'\n      <p class="comment-meta"><bdi class="comment-name">'
            f"{escape(str(comment.name))}</bdi>\n        {when}{badge}</p>"
            f'\n      <bdi class="comment-body">{escape(str(comment.body))}</bdi>'
            f'\n      <p class="comment-actions"><button type="button" class="comment-like" '
            f'data-like-url="{escape(said.address("like", pk))}" aria-pressed="false" hidden>'
            f'<span aria-hidden="true">♥</span> {said.like} '
            f'<span class="comment-like-count"></span></button> {reply}'
            f'<a href="{escape(said.address("report", pk))}" rel="nofollow">{said.report}</a></p>'
        )
    replies = getattr(comment, "thread_replies", ())
    if replies:
        parts.append('\n      <ol class="comment-replies">')
        for reply in replies:
            parts.append("\n        " + comment_html(reply, is_open, said))
        parts.append("\n      </ol>")
    parts.append("\n    </li>\n")
    return "".join(parts)


def list_html(comments, is_open, one=comment_html) -> str:
    """The thread's list: each comment's markup (``one(comment, is_open, words)``, which may
    remember it) in the list the story page shows; nothing without comments."""
    if not comments:
        return ""
    said = words()
    items = "".join(f"\n    {one(comment, is_open, said)}" for comment in comments)
    return f'\n  <ol class="comment-list">{items}\n  </ol>\n'
