"""A cached story page whose thread changed is rendered again only where it shows the thread.

The comments block and the header's comment count are parts of the page
(``newsroom.cache.parts``): after a moderator's decision the next reader gets the kept page
with those two parts rendered again, byte for byte what a full render gives, in one query.
On the local-memory cache always and on real Redis when ``REDIS_TEST_URL`` is set.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from articles.models import Article
from comments.moderation import policy
from newsroom.cache import fragments
from tests.factories import make_article, make_comment, make_section, make_user
from tests.test_cache_keys import backend, cached  # noqa: F401 (the cache backends)

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|form_token)" value=|nonce=)"[^"]*"')


def masked(html: str) -> str:
    """The page with each reader's own tokens blanked."""
    return TOKENS.sub(r'\1""', html)


def full_render(url: str) -> str:
    """The page as the view renders it now, nothing kept."""
    cache.clear()
    fragments.clear()
    response = Client().get(url)
    assert response["X-Page-Cache"] == "miss"
    return masked(response.text)


def test_an_approval_renders_only_the_thread_of_the_kept_page(
    backend,  # noqa: F811
    django_assert_max_num_queries,
):
    story = make_article()
    make_comment(story, body="أول تعليق منشور")
    waiting = make_comment(story, body="تعليق وافق عليه المشرف للتو", status="pending")
    url = story.get_absolute_url()
    assert cached(url) == "miss"
    assert cached(url) == "hit"

    policy.decide(waiting, "approved", user=make_user("Moderators"))

    with django_assert_max_num_queries(1):  # the story's approved comments, nothing else
        page = Client().get(url)
    assert page["X-Page-Cache"] == "part"
    assert "تعليق وافق عليه المشرف للتو" in page.text
    assert '<a class="story__comments" href="#comments">تعليقان</a>' in page.text
    assert {f"story:{story.pk}", f"thread:{story.pk}"} <= set(page["xkey"].split())
    assert cached(url) == "hit"  # the refreshed page is kept
    assert masked(page.text) == full_render(url)


def test_the_header_count_follows_the_thread(backend):  # noqa: F811
    story = make_article()
    waiting = make_comment(story, body="تعليق ينتظر", status="pending")
    url = story.get_absolute_url()
    assert 'class="story__comments"' not in Client().get(url).text

    policy.decide(waiting, "approved", user=make_user("Moderators"))

    page = Client().get(url)
    assert page["X-Page-Cache"] == "part"
    assert '<a class="story__comments" href="#comments">تعليق واحد</a>' in page.text


def test_a_change_to_the_story_renders_the_whole_page(backend):  # noqa: F811
    story = make_article()
    url = story.get_absolute_url()
    assert cached(url) == "miss"

    story.headline = "عنوان جديد بعد التعديل"
    story.save()

    page = Client().get(url)
    assert page["X-Page-Cache"] == "miss"
    assert "عنوان جديد بعد التعديل" in page.text


def test_a_story_whose_comments_closed_shows_them_closed_after_a_refresh(backend):  # noqa: F811
    story = make_article(comments_enabled=False)
    waiting = make_comment(story, body="تعليق على قصة مغلقة", status="pending")
    url = story.get_absolute_url()
    Client().get(url)

    policy.decide(waiting, "approved", user=make_user("Moderators"))

    page = Client().get(url)
    assert page["X-Page-Cache"] == "part"
    assert 'id="comment-form"' not in page.text
    assert masked(page.text) == full_render(url)


def test_the_marks_around_parts_never_reach_a_reader(backend):  # noqa: F811
    story = make_article(body="<p>نص فيه <!--part-0123456789abcdef:0--> علامة مزيفة</p>")
    make_comment(story)
    url = story.get_absolute_url()
    readers = [Client(), Client(), Client(HTTP_X_SHARED_CACHE="1")]
    staff = Client()
    staff.force_login(make_user(superuser=True))
    for client in [*readers, staff]:
        page = client.get(url)
        assert page.status_code == 200
        assert not re.search(r"<!--/?part-[0-9a-f]{16}", page.text.replace("0123456789abcdef", ""))


@override_settings(NEWSROOM_SHARED_CACHE_HEADER="X-Shared-Cache")
def test_a_refreshed_part_gets_each_reader_its_own_tokens(backend):  # noqa: F811
    story = make_article()
    waiting = make_comment(story, status="pending")
    url = story.get_absolute_url()
    Client().get(url)
    policy.decide(waiting, "approved", user=make_user("Moderators"))

    first, second = Client().get(url), Client().get(url)
    shared = Client(HTTP_X_SHARED_CACHE="1").get(url)

    def token(page):
        return re.search(r'name="form_token" value="([^"]*)"', page.text).group(1)

    assert first["X-Page-Cache"] == "part" and second["X-Page-Cache"] == "hit"
    assert token(first) and token(second) and token(first) != token(second)
    assert token(shared) == ""
    assert "private" in first["Cache-Control"] and "public" in shared["Cache-Control"]


def test_another_worker_serves_the_refreshed_page_from_the_shared_cache(backend):  # noqa: F811
    from newsroom.cache import pages

    story = make_article()
    waiting = make_comment(story, body="تعليق يراه كل عامل", status="pending")
    url = story.get_absolute_url()
    Client().get(url)
    policy.decide(waiting, "approved", user=make_user("Moderators"))
    refreshed = Client().get(url)
    assert refreshed["X-Page-Cache"] == "part"

    pages._hot.clear()  # a worker that has not served it yet
    page = Client().get(url)
    assert page["X-Page-Cache"] == "hit"
    assert masked(page.text) == masked(refreshed.text)
    assert "تعليق يراه كل عامل" in page.text


def test_a_story_kept_by_a_worker_follows_its_section_tags_and_withdrawal(backend):  # noqa: F811
    section = make_section(name_ar="اقتصاد")
    story = make_article(section=section, tags=["مرفأ"])
    url = story.get_absolute_url()
    assert "اقتصاد" in Client().get(url).text

    section.name_ar = "مال وأعمال"
    section.save()
    assert "مال وأعمال" in Client().get(url).text

    story.tags.set(["موازنة"])
    assert "موازنة" in Client().get(url).text

    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert Client().get(url).status_code == 404
