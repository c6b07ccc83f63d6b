"""A change refreshes the pages that show it and leaves every other cached page warm.

The reader pages themselves (not stand-ins), anonymous, through the page cache, on the
local-memory cache always and on real Redis when ``REDIS_TEST_URL`` is set.
"""

import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article
from comments.moderation import policy
from newsroom.cache import keys as dependency
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_TEST_URL,
        "KEY_PREFIX": f"newsroom-keys-test-{os.getpid()}",
    }
}


@pytest.fixture(
    params=[
        pytest.param(LOCMEM, id="locmem"),
        pytest.param(
            REDIS,
            id="redis",
            marks=pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set"),
        ),
    ]
)
def backend(request):
    with override_settings(CACHES=request.param):
        cache.clear()
        yield
        cache.clear()


def cached(url: str) -> str:
    """Request ``url`` as a new anonymous reader; returns how the page cache answered."""
    response = Client().get(url)
    assert response.status_code == 200, url
    return response["X-Page-Cache"]


def warm(*urls: str) -> None:
    for url in urls:
        Client().get(url)
        assert cached(url) == "hit", url


def test_a_story_page_declares_what_it_shows(backend):
    section = make_section()
    story = make_article(section=section)
    response = Client().get(story.get_absolute_url())
    keys = set(response["xkey"].split())
    assert {f"story:{story.pk}", f"thread:{story.pk}", "names", "disclaimer"} <= keys
    assert "home:ar" not in keys
    assert "all" not in keys


def test_approving_a_comment_refreshes_its_story_and_nothing_else(backend):
    section = make_section()
    a, b = make_article(section=section), make_article(section=section)
    waiting = make_comment(a, body="تعليق وافق عليه المشرف", status="pending")
    pages = [a.get_absolute_url(), b.get_absolute_url(), "/ar/", section.get_absolute_url()]
    warm(*pages)

    policy.decide(waiting, "approved", user=make_user("Moderators"))

    page = Client().get(a.get_absolute_url())
    # Rendered again where it shows the thread (newsroom.cache.parts), kept elsewhere.
    assert page["X-Page-Cache"] == "part"
    assert "تعليق وافق عليه المشرف" in page.text
    for url in pages[1:]:
        assert cached(url) == "hit", url


def test_saving_a_draft_leaves_every_public_page_warm(backend):
    section = make_section()
    a, b = make_article(section=section), make_article(section=section)
    draft = make_article(section=section, status=Article.Status.DRAFT, published_at=None)
    pages = [a.get_absolute_url(), b.get_absolute_url(), "/ar/", section.get_absolute_url()]
    warm(*pages)

    draft.headline = "مسودة لم تنشر بعد"
    draft.save()
    make_comment(a, body="تعليق جديد ينتظر", status="pending")

    for url in pages:
        assert cached(url) == "hit", url


def test_publishing_a_story_shows_it_on_its_listings_at_once(backend):
    section = make_section()
    other_section = make_section()
    old = make_article(section=section)
    elsewhere = make_article(section=other_section)
    tag_story = make_article(section=section, tags=["انتخابات"])
    tag = tag_story.tags.get()
    pages = ["/ar/", section.get_absolute_url(), tag.get_absolute_url(), "/ar/feed/"]
    warm(*pages, old.get_absolute_url(), other_section.get_absolute_url())

    story = make_article(
        section=section,
        headline="خبر عاجل نشر الآن",
        status=Article.Status.DRAFT,
        published_at=None,
        tags=[tag],
    )
    story.status, story.published_at = Article.Status.PUBLISHED, timezone.now()
    story.save()

    for url in pages:
        assert "خبر عاجل نشر الآن" in Client().get(url).text, url
    assert cached(old.get_absolute_url()) == "hit"
    assert cached(other_section.get_absolute_url()) == "hit"
    assert elsewhere.pk


def test_unpublishing_a_story_takes_its_page_and_cards_down_at_once(backend):
    section = make_section()
    story = make_article(section=section, headline="خبر سيسحب")
    warm(story.get_absolute_url(), section.get_absolute_url())

    story.status = Article.Status.UNPUBLISHED
    story.save()

    assert Client().get(story.get_absolute_url()).status_code == 404
    assert "خبر سيسحب" not in Client().get(section.get_absolute_url()).text


def test_a_scheduled_story_saved_again_touches_nothing_public(backend):
    section = make_section()
    a = make_article(section=section)
    later = make_article(section=section, published_at=timezone.now() + timedelta(hours=3))
    warm(a.get_absolute_url(), "/ar/", section.get_absolute_url())
    later.headline = "خبر مجدول معدل"
    later.save()
    for url in (a.get_absolute_url(), "/ar/", section.get_absolute_url()):
        assert cached(url) == "hit", url


def test_a_renamed_section_refreshes_every_page_naming_it(backend):
    section = make_section(name_ar="رياضة")
    story = make_article(section=section)
    warm(story.get_absolute_url(), "/ar/")
    section.name_ar = "الرياضة والشباب"
    section.save()
    assert "الرياضة والشباب" in Client().get(story.get_absolute_url()).text
    assert "الرياضة والشباب" in Client().get("/ar/").text


def test_a_cached_page_is_served_with_one_read_of_the_cache_and_no_sql(
    backend, django_assert_max_num_queries, monkeypatch
):
    story = make_article()
    warm(story.get_absolute_url())
    reads = []

    class Counting:
        def get_many(self, keys):
            reads.append(keys)
            return cache.get_many(keys)

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(dependency, "cache", Counting())
    with django_assert_max_num_queries(0):
        assert cached(story.get_absolute_url()) == "hit"
    assert len(reads) == 1  # every key's version in one round trip
    assert f"{dependency.PREFIX}story:{story.pk}" in reads[0]
