"""Indexes match the real queries: no sequential scan of the stories or comments table.

PostgreSQL only. The pages are requested for real and every query they run against
``articles_article`` or ``comments_comment`` is run again under ``EXPLAIN ANALYZE`` after
``ANALYZE`` with ``enable_seqscan = off``. On these 3,000 stories the planner may rightly
prefer a scan; with scans priced out, a sequential scan that remains means no index *can*
serve the query, which on 100,000 stories and 1,000,000 comments is a full read per page
view. So is a query returning more rows than any page shows (every story for a filter).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Section, Tag
from bench.seed import Command as SeedBench

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

WATCHED = ("articles_article", "comments_comment")
#: More rows than any page shows (the 200-comment story is the largest).
MAX_ROWS = 500


@pytest.fixture
def seeded(settings):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are checked on PostgreSQL")
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    call_command(SeedBench(), stories=3000, comments=20000, no_reindex=True, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plans_of(client, url: str) -> list[tuple[str, str]]:
    """(query, EXPLAIN ANALYZE plan) for each query of the page that reads a watched table."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in ctx.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if not any(f'"{table}"' in sql for table in WATCHED):
                continue
            cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + sql)
            found.append((sql, "\n".join(row[0] for row in cursor.fetchall())))
        cursor.execute("SET LOCAL enable_seqscan = on")
    return found


def problems(plans) -> list[str]:
    bad = []
    for sql, plan in plans:
        rows = int(re.search(r"actual rows=(\d+)", plan).group(1))
        if re.search(r"Seq Scan on (articles_article|comments_comment)\b", plan) or rows > MAX_ROWS:
            bad.append(f"{sql[:400]}\n{plan}")
    return bad


def reader_pages() -> dict[str, str]:
    section = Section.objects.get(slug="bench-politics")
    stories = Article.objects.published().filter(section=section, language="ar").count()
    last_page = max(1, (stories + 19) // 20)
    tag = Tag.objects.filter(slug__startswith="bench-").order_by("pk").first()
    author = Author.objects.filter(slug__startswith="bench-").order_by("pk").first()
    return {
        "home": "/ar/",
        "section page 1": section.get_absolute_url(),
        "section, deep page": f"{section.get_absolute_url()}?page={last_page}",
        "tag": tag.get_absolute_url(),
        "author": author.get_absolute_url(),
        "story with its approved comments": "/ar/news/bench-story-200-comments/",
    }


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "section page 1",
        "section, deep page",
        "tag",
        "author",
        "story with its approved comments",
    ],
)
def test_reader_pages_use_indexes(page, client, seeded):
    plans = plans_of(client, reader_pages()[page])
    assert plans, "the page read no stories at all"
    assert not problems(plans), "\n\n".join(problems(plans))


def test_moderation_queue_uses_indexes(client, seeded):
    client.force_login(get_user_model().objects.create_superuser("chief", "c@example.org", "pw"))
    plans = plans_of(client, "/ar/admin/comments/comment/?status__exact=pending")
    assert any('"comments_comment"' in sql for sql, _ in plans)
    assert not problems(plans), "\n\n".join(problems(plans))
