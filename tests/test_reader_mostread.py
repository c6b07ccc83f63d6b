"""Most read (beacons counted in Redis) and most commented, per language, over 24 hours."""

import os
from datetime import timedelta

import pytest
import redis
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import mostread
from articles.models import Article
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")
BROWSER_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
needs_redis = pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set")


@pytest.fixture
def counters():
    client = redis.Redis.from_url(REDIS_TEST_URL)

    def clear():
        for key in client.scan_iter("mostread:*"):
            client.delete(key)

    clear()
    with override_settings(NEWSROOM_MOST_READ_REDIS_URL=REDIS_TEST_URL):
        yield client
    clear()


def read(client, article, times=1, agent=BROWSER_UA):
    for _ in range(times):
        response = client.post(f"/ar/read/{article.pk}/", headers={"user-agent": agent})
        assert response.status_code == 204
        assert "Set-Cookie" not in response


def most_read_block(html: str) -> str:
    if 'id="most-read"' not in html:
        return ""
    start = html.index('id="most-read"')
    return html[start : html.index("</ol>", start)]


@needs_redis
def test_beacons_rank_the_most_read_stories_per_language(client, counters):
    first, second, third = (make_article(headline=f"خبر رقم {n}") for n in (1, 2, 3))
    english = make_article(language="en", headline="English story")
    read(client, second, 3)
    read(client, first, 2)
    read(client, english, 5)
    block = most_read_block(client.get("/ar/").text)
    assert block.index(second.headline) < block.index(first.headline)
    assert third.headline not in block and english.headline not in block
    assert english.headline in most_read_block(client.get("/en/").text)
    # At the end of a story too.
    assert second.headline in most_read_block(client.get(third.get_absolute_url()).text)


@needs_redis
def test_robots_drafts_and_gets_are_not_counted(client, counters):
    story = make_article()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    read(client, story, agent="Googlebot/2.1 (+http://www.google.com/bot.html)")
    read(client, story, agent="")
    read(client, draft)
    assert client.post("/ar/read/999999/", headers={"user-agent": BROWSER_UA}).status_code == 204
    assert client.get(f"/ar/read/{story.pk}/").status_code == 405
    assert mostread.most_read_ids("ar") == []


@needs_redis
def test_reads_older_than_a_day_drop_off_and_counters_expire(counters):
    old = make_article(headline="خبر الأمس")
    new = make_article(headline="خبر اليوم")
    now = timezone.now()
    mostread.record(old, now=now - timedelta(hours=25))
    mostread.record(new, now=now - timedelta(hours=23))
    assert mostread.most_read_ids("ar", now=now) == [new.pk]
    ttls = [counters.ttl(key) for key in counters.scan_iter("mostread:ar:*")]
    assert ttls and all(0 < ttl <= 25 * 3600 for ttl in ttls)


@override_settings(NEWSROOM_MOST_READ_REDIS_URL="")
def test_without_redis_nothing_is_counted_and_the_list_is_hidden(client):
    story = make_article()
    read(client, story, 3)
    assert 'id="most-read"' not in client.get("/ar/").text


@override_settings(NEWSROOM_MOST_READ_REDIS_URL="redis://127.0.0.1:1/0")
def test_redis_down_never_breaks_the_page_or_the_beacon(client):
    story = make_article()
    read(client, story)
    assert client.get("/ar/").status_code == 200


def test_most_commented_over_the_last_day(client):
    busy = make_article(headline="خبر كثير التعليقات")
    quiet = make_article(headline="خبر قليل التعليقات")
    stale = make_article(headline="خبر علق عليه قديما")
    for _ in range(3):
        make_comment(busy)
    make_comment(quiet)
    make_comment(quiet, status="pending")
    make_comment(stale, created_at=timezone.now() - timedelta(hours=30))
    removed = make_article(headline="خبر حذف قراؤه تعليقاتهم")
    for _ in range(5):
        make_comment(removed, removed_at=timezone.now())
    html = client.get("/ar/").text
    start = html.index('id="most-commented"')
    block = html[start : html.index("</ol>", start)]
    assert block.index(busy.headline) < block.index(quiet.headline)
    assert stale.headline not in block
    assert removed.headline not in block


def test_most_commented_counts_the_windows_comments_not_the_archives():
    """The day's comments are found by time, never by joining every story's comments."""
    make_comment(make_article())
    with CaptureQueriesContext(connection) as queries:
        mostread.most_commented("ar")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "FILTER" not in sql
    assert '"comments_comment"."created_at" >=' in sql
