"""The page cache stays correct: fresh after every change, never one reader's tokens for another.

Runs against real Redis when ``REDIS_TEST_URL`` is set (CI: redis://127.0.0.1:6379/15),
and against the local-memory cache always.
"""

import os
import re
import time
from datetime import UTC, timedelta

import pytest
from django.contrib import admin, messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template import engines
from django.test import Client, override_settings
from django.urls import include, path
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.csrf import csrf_protect

from articles.models import Article
from newsroom import cache as page_cache
from newsroom import roles
from tests.factories import make_article, make_section, make_user

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")


def redis_caches(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"newsroom-test-{os.getpid()}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


BACKENDS = [
    pytest.param(LOCMEM, id="locmem"),
    pytest.param(
        redis_caches(REDIS_TEST_URL) if REDIS_TEST_URL else None,
        id="redis",
        marks=pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set"),
    ),
]


@pytest.fixture(params=BACKENDS)
def backend(request):
    with override_settings(CACHES=request.param):
        cache.clear()
        yield request.param
        cache.clear()


# --- a probe page with the per-reader parts a comment form has -----------------------------

PROBE = engines["django"].from_string(
    "<h1>probe</h1>{% for m in messages %}<p class=msg>{{ m }}</p>{% endfor %}"
    '<form method="post">{% csrf_token %}'
    '<input type="hidden" name="form_token" value="{{ form_token }}"></form>'
)


@csrf_protect
def probe(request):
    if request.method == "POST":
        return HttpResponse("accepted")
    from comments.tokens import issue_token

    return HttpResponse(PROBE.render({"form_token": issue_token()}, request))


def leave_message(request):
    messages.info(request, "Your comment awaits moderation.")
    return HttpResponseRedirect("/ar/probe/")


def front_page(request):
    """Stands in for the home page: the latest published headlines."""
    stories = Article.objects.published().order_by("-published_at")[:20]
    return HttpResponse("".join(f"<h2>{escape(s.headline)}</h2>" for s in stories))


def story_page(request, pk):
    """Stands in for the article page: the story and its approved comments."""
    from comments.models import Comment

    story = get_object_or_404(Article.objects.published(), pk=pk)
    comments = Comment.objects.approved().filter(article=story)
    return HttpResponse(
        f"<h1>{escape(story.headline)}</h1>" + "".join(f"<p>{escape(c.body)}</p>" for c in comments)
    )


# The cache is tested on stand-in pages so that these tests do not move with the
# reader pages' templates; tests/test_query_budgets.py exercises the real ones.
urlpatterns = [
    path("ar/", front_page),
    path("ar/news/<int:pk>/", story_page),
    path("ar/probe/", probe),
    path("ar/leave-message/", leave_message),
    path("ar/admin/", admin.site.urls),
    path("ar/", include("articles.urls")),  # for the site templates' {% url %} tags
]


@pytest.fixture(autouse=True)
def _stand_in_pages(settings):
    settings.ROOT_URLCONF = "tests.test_cache"


def url_of(story) -> str:
    return f"/ar/news/{story.pk}/"


def field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


# --- freshness ---------------------------------------------------------------------------


def test_second_anonymous_request_is_served_from_cache_without_queries(
    backend, client, django_assert_num_queries
):
    story = make_article(headline="قمة عربية في بيروت")
    first = client.get(url_of(story))
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(url_of(story))
    assert second["X-Page-Cache"] == "hit"
    assert "قمة عربية في بيروت" in second.content.decode()


def test_publishing_a_story_shows_on_the_cached_home_page_at_once(backend, client):
    section = make_section()
    make_article(headline="الخبر الأول", section=section)
    assert "الخبر الأول" in client.get("/ar/").content.decode()
    draft = make_article(headline="خبر عاجل جديد", section=section, status=Article.Status.DRAFT)
    assert "خبر عاجل جديد" not in Client().get("/ar/").content.decode()

    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()

    assert "خبر عاجل جديد" in Client().get("/ar/").content.decode()


def test_editing_a_story_shows_the_new_text_on_the_next_request(backend, client):
    story = make_article(headline="عنوان قديم")
    url = url_of(story)
    assert "عنوان قديم" in client.get(url).content.decode()
    assert Client().get(url)["X-Page-Cache"] == "hit"

    story.headline = "عنوان مصحح"
    story.save()

    page = Client().get(url).content.decode()
    assert "عنوان مصحح" in page
    assert "عنوان قديم" not in page


def test_unpublishing_a_story_removes_it_from_cached_pages(backend, client):
    story = make_article(headline="خبر سيسحب")
    url = url_of(story)
    assert client.get(url).status_code == 200
    assert "خبر سيسحب" in client.get("/ar/").content.decode()

    story.status = Article.Status.UNPUBLISHED
    story.save()

    assert Client().get(url).status_code == 404
    assert "خبر سيسحب" not in Client().get("/ar/").content.decode()


def test_approving_a_comment_shows_it_on_the_next_request(backend, client):
    from comments.models import Comment

    story = make_article()
    comment = Comment.objects.create(
        article=story, name="سمير", email="samir@example.org", body="تعليق ينتظر الموافقة"
    )
    url = url_of(story)
    first = client.get(url).content.decode()
    assert "تعليق ينتظر الموافقة" not in first
    assert Client().get(url)["X-Page-Cache"] == "hit"

    comment.status = Comment.Status.APPROVED
    comment.save()

    assert "تعليق ينتظر الموافقة" in Client().get(url).content.decode()


def test_a_new_pending_comment_keeps_the_cache_warm(backend, client):
    from comments.models import Comment

    story = make_article()
    url = url_of(story)
    client.get(url)
    Comment.objects.create(article=story, name="ريم", email="r@example.org", body="بانتظار")
    assert Client().get(url)["X-Page-Cache"] == "hit"


def test_scheduled_story_appears_on_cached_pages_within_the_cache_lifetime(
    client, monkeypatch, settings
):
    # Local memory, where the test can move the clock; the Redis lifetime is checked below.
    settings.CACHES = LOCMEM
    section = make_section()
    make_article(headline="خبر الصباح", section=section)
    make_article(
        headline="خبر مجدول للظهر",
        section=section,
        published_at=timezone.now() + timedelta(seconds=30),
    )
    assert "خبر مجدول للظهر" not in client.get("/ar/").content.decode()
    assert Client().get("/ar/")["X-Page-Cache"] == "hit"

    later = time.time() + 61
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later)
    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: timezone.datetime.fromtimestamp(later, tz=UTC)
    )

    assert "خبر مجدول للظهر" in Client().get("/ar/").content.decode()


@pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set")
def test_cached_pages_live_at_most_60_seconds_in_redis(client, settings):
    settings.CACHES = redis_caches(REDIS_TEST_URL)
    story = make_article()
    client.get(url_of(story))
    redis = cache._cache.get_client(write=False)
    keys = redis.keys(f"newsroom-test-{os.getpid()}:*{page_cache.PAGE_KEY_PREFIX}*")
    assert keys
    assert all(0 < redis.ttl(key) <= 60 for key in keys)


# --- nothing personal from the cache -----------------------------------------------------


def test_each_reader_gets_their_own_csrf_and_form_token_from_a_cached_page(backend):
    from comments.tokens import check_token

    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = alice.get("/ar/probe/")
    second = bob.get("/ar/probe/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    a_html, b_html = first.content.decode(), second.content.decode()

    assert field(a_html, "csrfmiddlewaretoken") != field(b_html, "csrfmiddlewaretoken")
    assert field(a_html, "form_token") != field(b_html, "form_token")
    assert "__NEWSROOM" not in b_html
    # Bob's form token is genuine, and his CSRF token matches the cookie he was given.
    assert check_token(field(b_html, "form_token"), now=time.time() + 60) is None
    assert "csrftoken" in second.cookies
    posted = bob.post("/ar/probe/", {"csrfmiddlewaretoken": field(b_html, "csrfmiddlewaretoken")})
    assert posted.status_code == 200
    # ... and Alice's token is no good for Bob.
    stolen = Client(enforce_csrf_checks=True)
    stolen.get("/ar/probe/")
    refused = stolen.post("/ar/probe/", {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def test_one_readers_messages_never_reach_another(backend):
    alice = Client()
    alice.get("/ar/leave-message/")
    alice_page = alice.get("/ar/probe/")
    assert "Your comment awaits moderation." in alice_page.content.decode()
    assert alice_page["X-Page-Cache"] == "bypass"

    bob_page = Client().get("/ar/probe/")
    assert "Your comment awaits moderation." not in bob_page.content.decode()
    assert "Your comment awaits moderation." not in Client().get("/ar/probe/").content.decode()


def test_logged_in_pages_are_never_cached_or_served_from_cache(backend, client):
    editor = make_user(roles.EDITORS)
    draft = make_article(headline="مسودة لا يراها القراء", status=Article.Status.DRAFT)
    public = make_article(headline="خبر منشور")
    Client().get(url_of(public))  # warm the anonymous copy

    client.force_login(editor)
    page = client.get(url_of(public))
    assert page["X-Page-Cache"] == "bypass"
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]
    assert "private" in page["Cache-Control"]
    preview = client.get(url_of(draft))
    if preview.status_code == 200:  # staff preview of a draft at its real address
        assert "مسودة لا يراها القراء" in preview.content.decode()
    assert Client().get(url_of(draft)).status_code == 404


def test_posts_are_never_cached_and_marked_no_store(backend):
    reader = Client()
    reader.get("/ar/probe/")
    first = reader.post("/ar/probe/", {})
    second = Client().post("/ar/probe/", {})
    assert first.content == second.content == b"accepted"
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "bypass"
    assert "no-store" in second["Cache-Control"]


def test_admin_is_never_cached(backend, client):
    response = client.get("/ar/admin/login/")
    assert response.status_code == 200
    assert Client().get("/ar/admin/login/").get("X-Page-Cache") != "hit"
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_redis_down_serves_pages_uncached_not_500(client, settings):
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0")  # nothing listens there
    story = make_article(headline="خبر رغم العطل")
    response = client.get(url_of(story))
    assert response.status_code == 200
    assert "خبر رغم العطل" in response.content.decode()
    assert response["X-Page-Cache"] == "miss"


# --- HTTP caching for a CDN --------------------------------------------------------------


def test_public_pages_carry_cdn_headers_and_answer_304(backend, client):
    make_article(headline="خبر للشبكة")
    first = client.get("/ar/")
    assert "public" in first["Cache-Control"]
    assert "max-age=60" in first["Cache-Control"]
    assert "stale-while-revalidate=300" in first["Cache-Control"]
    assert first["Last-Modified"]
    assert first["ETag"]

    again = Client().get("/ar/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    since = Client().get("/ar/", headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_change_made_by_another_process_makes_this_process_hot_copy_stale(backend, client):
    story = make_article(headline="نسخة قديمة")
    url = url_of(story)
    client.get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    # Another worker saved the story: it bumped the shared version; our local copy stays.
    Article.objects.filter(pk=story.pk).update(headline="نسخة جديدة")
    cache.incr(page_cache.VERSION_KEY)

    page = Client().get(url)
    assert page["X-Page-Cache"] == "miss"
    assert "نسخة جديدة" in page.content.decode()


def test_other_workers_changes_are_seen_once_this_workers_version_reading_expires(
    backend, client, settings, monkeypatch
):
    """Production trusts its reading of the shared version for a second, no longer."""
    settings.NEWSROOM_PAGE_CACHE_VERSION_SECONDS = 1
    clock = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    story = make_article(headline="قبل التعديل")
    url = url_of(story)
    client.get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"

    Article.objects.filter(pk=story.pk).update(headline="بعد التعديل")
    cache.incr(page_cache.VERSION_KEY)  # another worker saved the story
    assert Client().get(url)["X-Page-Cache"] == "hit"  # within the second

    clock[0] += 1.5
    page = Client().get(url)
    assert page["X-Page-Cache"] == "miss"
    assert "بعد التعديل" in page.content.decode()
