"""A comment's markup written in Python (comments/markup.py) is byte for byte what
``comments/comment.html`` renders, for every shape of comment, in both languages; and a
thread written that way still follows edits and removals at once."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from comments.editing import remove_by_author
from comments.markup import comment_html
from comments.models import Comment
from comments.templatetags.comments import threads
from tests.factories import make_article, make_comment
from tests.test_cache_keys import backend, cached  # noqa: F401 (the cache backends)

pytestmark = pytest.mark.django_db


def template_html(comment, is_open) -> str:
    return render_to_string("comments/comment.html", {"comment": comment, "open": is_open})


def thread_of(story):
    made_at = timezone.now() - timedelta(days=400)
    pick = make_comment(
        story, name='<b>"Ali" & co</b>', body="<script>alert('x')</script>\nسطر", is_pick=True
    )
    plain = make_comment(story, body='It\'s <fine> & "quoted"')
    make_comment(story, parent=plain, body="رد على التعليق")
    gone = make_comment(story, body="سيُحذف")
    make_comment(story, parent=gone, body="رد باقٍ")
    hidden = make_comment(story, body="معاد إلى الطابور")
    make_comment(story, parent=hidden, body="رد على تعليق غير معروض")
    Comment.objects.filter(pk=plain.pk).update(created_at=made_at)
    remove_by_author(gone)
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.PENDING)
    assert pick.is_pick
    return threads(story)[0]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("is_open", [True, False])
def test_every_shape_of_comment_is_written_as_the_template_writes_it(language, is_open):
    comments = thread_of(make_article(language=language))
    shapes = {
        (c.is_pick, c.withheld, getattr(c, "removed", False), bool(c.thread_replies))
        for c in comments
    }
    assert len(shapes) >= 4  # a pick, a plain one with a reply, removed, not shown
    with translation.override(language):
        for comment in comments:
            assert comment_html(comment, is_open) == template_html(comment, is_open)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_story_page_carries_the_template_markup(client, language):
    story = make_article(language=language)
    comments = thread_of(story)
    page = client.get(story.get_absolute_url()).content.decode()
    with translation.override(language):
        items = "".join(f"\n    {template_html(comment, True)}" for comment in comments)
    assert f'\n  <ol class="comment-list">{items}\n  </ol>\n' in page


@pytest.mark.parametrize(
    ("language", "removed_line"),
    [("ar", "تعليق حذفه كاتبه."), ("en", "Comment removed by its author.")],
)
def test_an_edit_and_a_removal_show_on_the_cached_page_at_once(
    backend,  # noqa: F811
    language,
    removed_line,
):
    story = make_article(language=language)
    first = make_comment(story, body="النص الأول")
    make_comment(story, parent=first, body="رد يبقى")
    url = story.get_absolute_url()
    assert cached(url) == "miss"
    assert cached(url) == "hit"

    first.body = "النص بعد التعديل"
    first.save()
    page = Client().get(url).content.decode()
    assert "النص بعد التعديل" in page and "النص الأول" not in page

    remove_by_author(first)
    page = Client().get(url).content.decode()
    assert removed_line in page and "النص بعد التعديل" not in page
    assert "رد يبقى" in page


def test_an_address_the_number_cannot_be_placed_in_is_asked_of_django():
    from dataclasses import replace

    from comments.markup import words
    from newsroom.reverse_cache import remembered_reverse

    with translation.override("en"):
        said = words()
        asked = replace(said, addresses=dict.fromkeys(said.addresses))
        for name in ("like", "reply", "report"):
            expected = remembered_reverse(f"comments:{name}", args=[42])
            assert said.address(name, 42) == asked.address(name, 42) == expected
