"""Through a real Varnish (deploy/varnish/newsroom.vcl, vmod xkey): purges by key after commit.

Varnish runs in front of Django's live server, started with ``scripts/ci/varnish.sh``.
Without ``varnishd`` these tests are skipped, unless ``REQUIRE_VARNISH=1`` (set by
``.ci/run``) makes that a failure. The app's cache is real Redis when ``REDIS_TEST_URL``
is set.
"""

import http.cookiejar
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.moderation import policy
from newsroom.cache import purge
from tests.factories import make_article, make_comment, make_section, make_user

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "ci" / "varnish.sh"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("varnishd") and os.environ.get("REQUIRE_VARNISH") != "1",
        reason="varnishd is not installed (apt-get install -y varnish varnish-modules)",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def varnish(live_server, settings):
    """The address of a Varnish in front of the live server; the app purges it."""
    port, backend = free_port(), urllib.parse.urlsplit(live_server.url).port
    workdir = tempfile.mkdtemp(prefix="newsroom-varnish-")
    subprocess.run([SCRIPT, "start", str(port), str(backend), workdir], check=True)
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": f"newsroom-varnish-test-{os.getpid()}",
        }
    }
    try:
        with override_settings(**({"CACHES": caches} if REDIS_TEST_URL else {})):
            cache.clear()
            settings.NEWSROOM_PURGE_URL = f"http://127.0.0.1:{port}/"
            yield f"http://127.0.0.1:{port}"
            cache.clear()
    finally:
        subprocess.run([SCRIPT, "stop", workdir], check=True)
        shutil.rmtree(workdir, ignore_errors=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, opener=None, **headers) -> tuple[int, dict, str]:
    opener = opener or urllib.request.build_opener(NoRedirect())
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def served(url: str) -> str:
    status, headers, _ = get(url)
    assert status == 200, url
    return headers["X-Cache"]


def warm(base: str, *paths: str) -> None:
    for path in paths:
        get(base + path)
        assert served(base + path) == "hit", path


def test_approving_a_comment_purges_its_story_only(varnish):
    section = make_section()
    a, b = make_article(section=section), make_article(section=section)
    waiting = make_comment(a, body="تعليق نشر للتو", status="pending")
    pages = [a.get_absolute_url(), b.get_absolute_url(), "/ar/", section.get_absolute_url()]
    warm(varnish, *pages)

    policy.decide(waiting, "approved", user=make_user("Moderators"))

    _, headers, html = get(varnish + a.get_absolute_url())
    assert "تعليق نشر للتو" in html
    assert headers["X-Cache"] == "miss"
    for path in pages[1:]:
        _status, headers, _ = get(varnish + path)
        assert headers["X-Cache"] == "hit", path
        assert int(headers["Age"]) >= 0


def test_saving_a_draft_and_a_pending_comment_purge_nothing(varnish):
    section = make_section()
    a, b = make_article(section=section), make_article(section=section)
    draft = make_article(section=section, status=Article.Status.DRAFT, published_at=None)
    pages = [a.get_absolute_url(), b.get_absolute_url(), "/ar/", section.get_absolute_url()]
    warm(varnish, *pages)

    draft.headline = "مسودة تعدل"
    draft.save()
    make_comment(b, body="ينتظر المشرف", status="pending")

    for path in pages:
        assert served(varnish + path) == "hit", path


def test_publishing_shows_the_story_on_its_listings_at_once(varnish):
    section = make_section()
    tagged = make_article(section=section, tags=["انتخابات"])
    tag = tagged.tags.get()
    pages = ["/ar/", section.get_absolute_url(), tag.get_absolute_url(), "/ar/feed/"]
    warm(varnish, *pages)

    story = make_article(
        section=section,
        headline="خبر عاجل عبر الوسيط",
        status=Article.Status.DRAFT,
        published_at=None,
        tags=[tag],
    )
    story.status, story.published_at = Article.Status.PUBLISHED, timezone.now()
    story.save()

    for path in pages:
        assert "خبر عاجل عبر الوسيط" in get(varnish + path)[2], path


def test_unpublishing_answers_404_at_once(varnish):
    story = make_article()
    warm(varnish, story.get_absolute_url())
    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert get(varnish + story.get_absolute_url())[0] == 404


def test_a_purge_missed_while_the_proxy_was_away_is_delivered_when_it_is_back(varnish, settings):
    story = make_article()
    waiting = make_comment(story, body="تعليق أثناء الانقطاع", status="pending")
    warm(varnish, story.get_absolute_url())
    settings.NEWSROOM_PURGE_URL = f"http://127.0.0.1:{free_port()}/"  # nobody listens
    queue = purge.queue()

    started = time.monotonic()
    policy.decide(waiting, "approved", user=make_user("Moderators"))
    assert time.monotonic() - started < 2  # the save neither failed nor waited
    assert Comment.objects.get(pk=waiting.pk).status == "approved"
    assert "تعليق أثناء الانقطاع" not in get(varnish + story.get_absolute_url())[2]

    queue.purger.url = varnish + "/"  # the proxy is back
    assert queue.wait(timeout=10)
    assert "تعليق أثناء الانقطاع" in get(varnish + story.get_absolute_url())[2]


def test_shared_pages_carry_no_tokens_and_the_form_fetches_its_own(varnish, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    story = make_article()
    status, headers, html = get(varnish + story.get_absolute_url())
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert "public" in headers["Cache-Control"]
    assert "Set-Cookie" not in headers
    assert "xkey" not in {name.lower() for name in headers}

    jar = http.cookiejar.CookieJar()
    reader = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    status, headers, body = get(varnish + "/ar/comments/tokens/", reader)
    assert status == 200
    assert "no-store" in headers["Cache-Control"]
    tokens = __import__("json").loads(body)
    data = urllib.parse.urlencode(
        {**tokens, "name": "هالة", "email": "hala@example.org", "body": "تعليق من قارئة"}
    ).encode()
    posted = urllib.request.Request(
        f"{varnish}/ar/comments/story/{story.pk}/",
        data=data,
        headers={"Referer": varnish + story.get_absolute_url()},
    )
    try:
        status = reader.open(posted, timeout=10).status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status in (200, 302)
    assert Comment.objects.filter(article=story, body="تعليق من قارئة").exists()


def test_personal_requests_pass_through(varnish):
    story = make_article()
    url = varnish + story.get_absolute_url()
    get(url)
    assert get(url, Cookie="sessionid=abc")[1]["X-Cache"] == "pass"
    assert get(url, Authorization="Basic YTpi")[1]["X-Cache"] == "pass"
    assert get(varnish + "/ar/admin/login/")[1]["X-Cache"] == "pass"


def test_a_like_through_varnish_keeps_the_story_cached_and_the_count_right(varnish):
    """Likes purge nothing: the story stays a hit, and the counts (passed through) are right."""
    json = __import__("json")
    story = make_article()
    liked = make_comment(story, body="تعليق يعجب القراء")
    warm(varnish, story.get_absolute_url())
    jar = http.cookiejar.CookieJar()
    reader = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    counts_url = f"{varnish}/ar/comments/story/{story.pk}/likes/"
    status, headers, body = get(counts_url, reader)
    assert status == 200 and headers["X-Cache"] == "pass"
    liking = urllib.request.Request(
        f"{varnish}/ar/comments/{liked.pk}/like/",
        data=b"",
        headers={"X-CSRFToken": json.loads(body)["csrf"], "Referer": counts_url},
    )
    assert json.loads(reader.open(liking, timeout=10).read())["count"] == 1
    assert served(varnish + story.get_absolute_url()) == "hit"
    status, headers, body = get(counts_url)
    assert json.loads(body)["counts"] == {str(liked.pk): 1}
